/// A dense matrix of `Double`s in one contiguous row-major buffer.
///
/// Entry (i, j) lives at `storage[i * columns + j]`. A column vector is an
/// n x 1 matrix; most vector work in the library uses plain `[Double]`, which
/// is contiguous too.
public struct Matrix: Equatable, Sendable {
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  /// The entries, row after row.
  public var storage: [Double]

  /// Creates a `rows x columns` matrix filled with `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative")
    self.rows = rows
    self.columns = columns
    self.storage = Array(repeating: value, count: rows * columns)
  }

  /// Creates a matrix from row-major storage.
  ///
  /// - Precondition: `storage.count == rows * columns`.
  public init(rows: Int, columns: Int, storage: [Double]) {
    precondition(
      storage.count == rows * columns,
      "storage has \(storage.count) entries, "
        + "expected \(rows) x \(columns)")
    self.rows = rows
    self.columns = columns
    self.storage = storage
  }

  /// Creates a matrix from its rows.
  ///
  /// Returns `nil` when the rows are ragged.
  public init?(rowArrays: [[Double]]) {
    let columns = rowArrays.first?.count ?? 0
    guard rowArrays.allSatisfy({ $0.count == columns }) else { return nil }
    self.init(rows: rowArrays.count, columns: columns, storage: rowArrays.flatMap { $0 })
  }

  /// Creates an n x 1 column vector.
  public init(column: [Double]) {
    self.init(rows: column.count, columns: 1, storage: column)
  }

  /// The n x n identity matrix.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.storage[i * n + i] = 1 }
    return m
  }

  /// A diagonal matrix with `diagonal` on its diagonal.
  public static func diagonal(_ diagonal: [Double]) -> Matrix {
    let n = diagonal.count
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.storage[i * n + i] = diagonal[i] }
    return m
  }

  /// The shape as `(rows, columns)`.
  public var shape: (rows: Int, columns: Int) { (rows, columns) }

  /// Entry (i, j).
  @inlinable
  public subscript(row: Int, column: Int) -> Double {
    get { storage[row * columns + column] }
    set { storage[row * columns + column] = newValue }
  }

  /// Row `i` as an array.
  public func row(_ i: Int) -> [Double] {
    Array(storage[(i * columns)..<((i + 1) * columns)])
  }

  /// Column `j` as an array.
  public func column(_ j: Int) -> [Double] {
    (0..<rows).map { storage[$0 * columns + j] }
  }

  /// The rows as nested arrays (for file output and display, not numeric code).
  public var rowArrays: [[Double]] { (0..<rows).map(row) }

  /// The transpose, `columns x rows`.
  /// - Complexity: O(rows · columns).
  public var transposed: Matrix {
    var t = Matrix(rows: columns, columns: rows)
    for i in 0..<rows {
      for j in 0..<columns { t.storage[j * rows + i] = storage[i * columns + j] }
    }
    return t
  }

  /// The Frobenius norm, √(Σ m_ij²).
  public var frobeniusNorm: Double {
    storage.reduce(0) { $0 + $1 * $1 }.squareRoot()
  }
}

// MARK: - Products

extension Matrix {
  /// Returns `self · x` for a vector `x` with `columns` entries (length `rows`).
  /// - Complexity: O(rows · columns).
  @inlinable
  public func multiplied(by x: [Double]) -> [Double] {
    precondition(x.count == columns, "matrix-vector: \(rows)x\(columns) times \(x.count)")
    var y = [Double](repeating: 0, count: rows)
    storage.withUnsafeBufferPointer { m in
      x.withUnsafeBufferPointer { v in
        for i in 0..<rows {
          var sum = 0.0
          let base = i * columns
          for k in 0..<columns { sum += m[base + k] * v[k] }
          y[i] = sum
        }
      }
    }
    return y
  }

  /// Returns `selfᵀ · y` for a vector `y` with `rows` entries (length `columns`),
  /// without forming the transpose.
  /// - Complexity: O(rows · columns).
  @inlinable
  public func transposeMultiplied(by y: [Double]) -> [Double] {
    precondition(y.count == rows, "transpose-vector: (\(rows)x\(columns))ᵀ times \(y.count)")
    var x = [Double](repeating: 0, count: columns)
    storage.withUnsafeBufferPointer { m in
      x.withUnsafeMutableBufferPointer { out in
        for i in 0..<rows {
          let yi = y[i]
          let base = i * columns
          for k in 0..<columns { out[k] += m[base + k] * yi }
        }
      }
    }
    return x
  }

  /// Returns the row vector `vᵀ · self` for `v` with `rows` entries; the same numbers as
  /// `transposeMultiplied(by:)`, named for vector-Jacobian products.
  @inlinable
  public func leftMultiplied(by v: [Double]) -> [Double] { transposeMultiplied(by: v) }

  /// The matrix product `self · other`.
  /// - Complexity: O(rows · columns · other.columns).
  public func multiplied(by other: Matrix) -> Matrix {
    precondition(
      columns == other.rows,
      "matrix product: \(rows)x\(columns) · "
        + "\(other.rows)x\(other.columns)")
    var p = Matrix(rows: rows, columns: other.columns)
    for i in 0..<rows {
      for k in 0..<columns {
        let a = storage[i * columns + k]
        if a == 0 { continue }
        for j in 0..<other.columns {
          p.storage[i * other.columns + j] += a * other.storage[k * other.columns + j]
        }
      }
    }
    return p
  }

  /// The outer product `u vᵀ`, a `u.count x v.count` matrix.
  /// - Complexity: O(u.count · v.count).
  public static func outer(_ u: [Double], _ v: [Double]) -> Matrix {
    var m = Matrix(rows: u.count, columns: v.count)
    for i in 0..<u.count {
      for j in 0..<v.count { m.storage[i * v.count + j] = u[i] * v[j] }
    }
    return m
  }

  /// Entry-wise sum.
  ///
  /// - Precondition: equal shapes.
  public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
    precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shape mismatch in +")
    return Matrix(
      rows: lhs.rows, columns: lhs.columns,
      storage: zip(lhs.storage, rhs.storage).map(+))
  }

  /// Entry-wise difference.
  ///
  /// - Precondition: equal shapes.
  public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
    precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shape mismatch in -")
    return Matrix(
      rows: lhs.rows, columns: lhs.columns,
      storage: zip(lhs.storage, rhs.storage).map(-))
  }

  /// Every entry times `s`.
  public static func * (s: Double, m: Matrix) -> Matrix {
    Matrix(rows: m.rows, columns: m.columns, storage: m.storage.map { s * $0 })
  }
}

// MARK: - Vector helpers

/// Vector operations on `[Double]`, the library's vector type.
public enum Vector {
  /// The Hadamard (entry-wise) product `u ⊙ v`.
  @inlinable
  public static func hadamard(_ u: [Double], _ v: [Double]) -> [Double] {
    precondition(u.count == v.count, "Hadamard product of \(u.count) and \(v.count) entries")
    var out = u
    for i in 0..<u.count { out[i] *= v[i] }
    return out
  }

  /// The dot product `⟨u, v⟩`.
  @inlinable
  public static func dot(_ u: [Double], _ v: [Double]) -> Double {
    precondition(u.count == v.count, "dot product of \(u.count) and \(v.count) entries")
    var s = 0.0
    for i in 0..<u.count { s += u[i] * v[i] }
    return s
  }

  /// The Euclidean norm `‖v‖`.
  public static func norm(_ v: [Double]) -> Double { dot(v, v).squareRoot() }
}
