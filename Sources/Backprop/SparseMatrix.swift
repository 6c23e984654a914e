/// A matrix that stores only its non-zero entries, row by row (compressed sparse rows).
///
/// The Jacobian of a convolution is sparse and banded: row (f, y, x) has non-zeros only in
/// the columns of the receptive field of output (y, x), kh bands of kw entries per channel.
public struct SparseMatrix: Equatable, Sendable {
  /// One stored entry of a row.
  public struct Entry: Equatable, Sendable {
    /// The column.
    public var column: Int
    /// The value.
    public var value: Double

    /// Creates an entry.
    public init(column: Int, value: Double) {
      self.column = column
      self.value = value
    }
  }

  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  /// `rowEntries[i]`: the stored entries of row i, in increasing column order.
  public private(set) var rowEntries: [[Entry]]

  /// An all-zero matrix.
  public init(rows: Int, columns: Int) {
    self.rows = rows
    self.columns = columns
    rowEntries = Array(repeating: [], count: rows)
  }

  /// Adds `value` to entry (i, j), storing it if it was zero.
  public mutating func add(_ value: Double, at i: Int, _ j: Int) {
    if let k = rowEntries[i].firstIndex(where: { $0.column == j }) {
      rowEntries[i][k].value += value
    } else {
      rowEntries[i].append(Entry(column: j, value: value))
      rowEntries[i].sort { $0.column < $1.column }
    }
  }

  /// Entry (i, j).
  public subscript(i: Int, j: Int) -> Double {
    rowEntries[i].first { $0.column == j }?.value ?? 0
  }

  /// The number of stored entries.
  public var storedCount: Int { rowEntries.reduce(0) { $0 + $1.count } }

  /// Every entry, as a dense matrix.
  /// - Complexity: O(rows · columns).
  public var dense: Matrix {
    var m = Matrix(rows: rows, columns: columns)
    for (i, row) in rowEntries.enumerated() { for e in row { m[i, e.column] = e.value } }
    return m
  }

  /// vᵀ · self.
  /// - Complexity: O(stored entries).
  public func leftMultiplied(by v: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: columns)
    for (i, row) in rowEntries.enumerated() { for e in row { out[e.column] += v[i] * e.value } }
    return out
  }
}
