/// The Jacobian ∂y/∂x of one quantity with respect to another, in numerator layout:
/// `dim y x dim x`, row i holding the derivatives of y_i.
///
/// Jacobians compose by the chain rule, ∂y/∂x = ∂y/∂u · ∂u/∂x. Composition checks that
/// the inner quantity matches and keeps structure: a diagonal factor (an element-wise
/// activation) scales rows or columns instead of being expanded into a full matrix.
public struct Jacobian: Sendable, CustomStringConvertible {
  /// How the entries are stored.
  public enum Structure: Sendable, Equatable {
    /// Every entry, as a `dim y x dim x` matrix.
    case dense(Matrix)
    /// Only the diagonal; the off-diagonal entries are zero.
    case diagonal([Double])
    /// The n x n identity.
    case identity(Int)
    /// A single row, `1 x dim x`: the gradient of a scalar, such as ∂C/∂a^L.
    case rowVector([Double])
    /// Only the non-zero entries, row by row: a convolution's banded Jacobian, an
    /// average pool's.
    case sparse(SparseMatrix)
    /// Row i is 1 in column `picks[i]` and 0 elsewhere: a max pool's routing.
    case selection(columns: Int, picks: [Int])

    /// A short name: `dense`, `diagonal`, `identity` or `row vector`.
    public var name: String {
      switch self {
      case .dense: return "dense"
      case .diagonal: return "diagonal"
      case .identity: return "identity"
      case .rowVector: return "row vector"
      case .sparse: return "sparse"
      case .selection: return "selection"
      }
    }
  }

  /// The quantity being differentiated (the numerator, y).
  public let output: Quantity
  /// The quantity it is differentiated with respect to (the denominator, x).
  public let input: Quantity
  /// The entries.
  public let structure: Structure

  /// Creates ∂output/∂input.
  ///
  /// - Precondition: the structure's shape is `output.dimension x input.dimension`.
  ///   Jacobians are built by the library from validated networks, so a mismatch here is
  ///   a programming error.
  public init(of output: Quantity, withRespectTo input: Quantity, _ structure: Structure) {
    let (r, c) = Jacobian.shape(of: structure)
    precondition(
      r == output.dimension && c == input.dimension,
      "Jacobian ∂\(output)/∂\(input) must be \(output.dimension)x\(input.dimension), "
        + "got \(r)x\(c)")
    self.output = output
    self.input = input
    self.structure = structure
  }

  private static func shape(of structure: Structure) -> (Int, Int) {
    switch structure {
    case .dense(let m): return (m.rows, m.columns)
    case .diagonal(let d): return (d.count, d.count)
    case .identity(let n): return (n, n)
    case .rowVector(let v): return (1, v.count)
    case .sparse(let s): return (s.rows, s.columns)
    case .selection(let c, let picks): return (picks.count, c)
    }
  }

  /// The number of rows, `dim y`.
  public var rows: Int { output.dimension }
  /// The number of columns, `dim x`.
  public var columns: Int { input.dimension }

  /// The name, for example `∂a³/∂z³` or `da^3/dz^3`.
  public func name(_ notation: Notation = .unicode) -> String {
    "\(notation.partial)\(output.symbol(notation))/\(notation.partial)\(input.symbol(notation))"
  }

  /// The shape, for example `2×3`.
  public func shapeText(_ notation: Notation = .unicode) -> String {
    notation.shape(rows, columns)
  }

  /// `∂a³/∂z³ (2×2, diagonal)`.
  public var description: String { "\(name()) (\(shapeText()), \(structure.name))" }

  /// The entries as a dense matrix (for display and tests).
  /// - Complexity: O(rows · columns).
  public var matrix: Matrix {
    switch structure {
    case .dense(let m): return m
    case .diagonal(let d): return .diagonal(d)
    case .identity(let n): return .identity(n)
    case .rowVector(let v): return Matrix(rows: 1, columns: v.count, storage: v)
    case .sparse(let s): return s.dense
    case .selection(let c, let picks):
      var m = Matrix(rows: picks.count, columns: c)
      for (i, j) in picks.enumerated() { m[i, j] = 1 }
      return m
    }
  }

  /// Entry (i, j), ∂y_i/∂x_j.
  public subscript(i: Int, j: Int) -> Double {
    switch structure {
    case .dense(let m): return m[i, j]
    case .diagonal(let d): return i == j ? d[i] : 0
    case .identity: return i == j ? 1 : 0
    case .rowVector(let v): return v[j]
    case .sparse(let s): return s[i, j]
    case .selection(_, let picks): return picks[i] == j ? 1 : 0
    }
  }

  /// The vector-Jacobian product `vᵀ · J`, a row of `columns` entries.
  ///
  /// This is one step of reverse mode: given ∂C/∂y (as `v`), it returns ∂C/∂x.
  /// - Complexity: O(rows · columns) for dense, O(n) for diagonal or identity.
  public func vectorProduct(_ v: [Double]) -> [Double] {
    precondition(
      v.count == rows, "vector-Jacobian product: \(v.count) entries times \(rows)x\(columns)")
    switch structure {
    case .dense(let m): return m.leftMultiplied(by: v)
    case .diagonal(let d): return Vector.hadamard(v, d)
    case .identity: return v
    case .rowVector(let r): return r.map { v[0] * $0 }
    case .sparse(let s): return s.leftMultiplied(by: v)
    case .selection(let c, let picks):
      var out = [Double](repeating: 0, count: c)
      for (i, j) in picks.enumerated() { out[j] += v[i] }
      return out
    }
  }

  /// Returns ∂(self.output)/∂(inner.input) by the chain rule, `J = self · inner`.
  ///
  /// `inner` is m x n and `self` is k x m, so the result is k x n.
  /// - Throws: `JacobianError.mismatch` naming both factors when `self` does not
  ///   differentiate with respect to what `inner` produces.
  /// - Complexity: O(k · m · n) for dense factors, O(k · n) when one is diagonal.
  public func composed(after inner: Jacobian) throws(JacobianError) -> Jacobian {
    guard input == inner.output else {
      throw JacobianError.mismatch(
        outer: description, inner: inner.description,
        expected: inner.output.symbol(), found: input.symbol(),
        expectedDimension: inner.output.dimension, foundDimension: input.dimension)
    }
    return Jacobian(
      of: output, withRespectTo: inner.input,
      Jacobian.product(structure, inner.structure))
  }

  /// Any structure as a dense matrix.
  private static func denseMatrix(_ s: Structure) -> Matrix {
    switch s {
    case .dense(let m): return m
    case .diagonal(let d): return .diagonal(d)
    case .identity(let n): return .identity(n)
    case .rowVector(let v): return Matrix(rows: 1, columns: v.count, storage: v)
    case .sparse(let sp): return sp.dense
    case .selection(let c, let picks):
      var m = Matrix(rows: picks.count, columns: c)
      for (i, j) in picks.enumerated() { m[i, j] = 1 }
      return m
    }
  }

  /// The structure of the product of two structures with matching inner dimension.
  private static func product(_ outer: Structure, _ inner: Structure) -> Structure {
    switch (outer, inner) {
    case (.identity, _): return inner
    case (_, .identity): return outer
    case (.sparse, _), (.selection, _), (_, .sparse), (_, .selection):
      // Layer Jacobians compose rarely and small: through dense matrices.
      return .dense(Jacobian.denseMatrix(outer).multiplied(by: Jacobian.denseMatrix(inner)))
    case (.diagonal(let p), .diagonal(let q)): return .diagonal(Vector.hadamard(p, q))
    case (.rowVector(let r), .diagonal(let d)): return .rowVector(Vector.hadamard(r, d))
    case (.rowVector(let r), .dense(let m)): return .rowVector(m.leftMultiplied(by: r))
    case (.rowVector(let r), .rowVector(let s)): return .rowVector(s.map { r[0] * $0 })
    case (.diagonal(let d), .dense(let m)):
      var out = m
      for i in 0..<m.rows { for j in 0..<m.columns { out[i, j] *= d[i] } }
      return .dense(out)
    case (.dense(let m), .diagonal(let d)):
      var out = m
      for i in 0..<m.rows { for j in 0..<m.columns { out[i, j] *= d[j] } }
      return .dense(out)
    case (.dense(let m), .dense(let n)): return .dense(m.multiplied(by: n))
    case (.dense(let m), .rowVector(let r)):
      return .dense(m.multiplied(by: Matrix(rows: 1, columns: r.count, storage: r)))
    case (.diagonal(let d), .rowVector(let r)):
      return .dense(Matrix(rows: 1, columns: r.count, storage: r.map { d[0] * $0 }))
    }
  }
}

/// Why two Jacobians (or a chain of them) cannot be composed.
public enum JacobianError: Error, Equatable, CustomStringConvertible {
  /// The outer factor differentiates with respect to something other than what the inner
  /// factor differentiates.
  case mismatch(
    outer: String, inner: String, expected: String, found: String, expectedDimension: Int,
    foundDimension: Int)
  /// A chain rule needs at least one factor.
  case emptyChain

  /// A sentence naming both factors.
  public var description: String {
    switch self {
    case .mismatch(let outer, let inner, let expected, let found, let en, let fn):
      return "cannot compose \(outer) after \(inner): the outer factor is taken with respect "
        + "to \(found) (dimension \(fn)) but the inner factor differentiates \(expected) "
        + "(dimension \(en))"
    case .emptyChain:
      return "a chain rule needs at least one Jacobian"
    }
  }
}
