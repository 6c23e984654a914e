/// An ordered product of Jacobians, outermost first:
/// `∂C/∂z¹ = ∂C/∂a³ · ∂a³/∂z³ · ∂z³/∂a² · ∂a²/∂z² · ∂z²/∂a¹ · ∂a¹/∂z¹`.
///
/// Each factor's input must be the next factor's output. For a scalar cost the product
/// is evaluated left to right as vector-Jacobian products, never forming a full matrix.
/// Every prefix of the chain is itself a derivative of the cost; for the chain down to
/// z^l the prefixes that end at a z are the δ's of the layers above.
public struct ChainRule: Sendable, CustomStringConvertible {
  /// The factors, outermost (closest to the cost) first.
  public let factors: [Jacobian]

  /// Creates a chain, checking that adjacent factors fit.
  /// - Throws: `JacobianError.mismatch` naming the first pair that does not fit, or
  ///   `.emptyChain`.
  public init(_ factors: [Jacobian]) throws(JacobianError) {
    guard !factors.isEmpty else { throw .emptyChain }
    for (outer, inner) in zip(factors, factors.dropFirst()) where outer.input != inner.output {
      // Reuse the composition check for its message.
      _ = try outer.composed(after: inner)
    }
    self.factors = factors
  }

  /// Creates a chain whose factors are known to fit (built by the library itself).
  init(fitting factors: [Jacobian]) {
    assert(
      !factors.isEmpty && zip(factors, factors.dropFirst()).allSatisfy { $0.input == $1.output })
    self.factors = factors
  }

  /// What the chain differentiates (the first factor's output), for example C.
  public var output: Quantity { factors[0].output }
  /// What it differentiates with respect to (the last factor's input), for example z¹.
  public var input: Quantity { factors[factors.count - 1].input }

  /// `∂C/∂z¹`.
  public func name(_ notation: Notation = .unicode) -> String {
    "\(notation.partial)\(output.symbol(notation))/\(notation.partial)\(input.symbol(notation))"
  }

  /// The factors' names joined by `·`, for example `∂C/∂a² · ∂a²/∂z²`.
  public func symbolic(_ notation: Notation = .unicode) -> String {
    factors.map { $0.name(notation) }.joined(separator: " \(notation.dot) ")
  }

  /// The factors' shapes joined by `·`, for example `1×2 · 2×2`.
  public func shapes(_ notation: Notation = .unicode) -> String {
    factors.map { $0.shapeText(notation) }.joined(separator: " \(notation.dot) ")
  }

  /// `∂C/∂z² = ∂C/∂a² · ∂a²/∂z²`.
  public var description: String { "\(name()) = \(symbolic())" }

  /// The product as a row vector, for a chain whose output is a scalar (C).
  ///
  /// Evaluated left to right: r ← first factor's row, then r ← rᵀ · J for each next J.
  /// - Precondition: `output.dimension == 1`.
  /// - Complexity: the sum of the factors' vector-product costs; O(Σ n_i) for diagonal ones.
  public func evaluate() -> [Double] {
    prefixValues().last ?? []
  }

  /// The value of every prefix: entry i is ∂C/∂(factors[i].input), the product of factors
  /// 0...i.
  ///
  /// The prefixes ending at a pre-activation z^l are the δ^l.
  /// - Precondition: `output.dimension == 1`.
  public func prefixValues() -> [[Double]] {
    precondition(output.dimension == 1, "evaluate() needs a scalar output, got \(output)")
    var row = [1.0]
    var values: [[Double]] = []
    values.reserveCapacity(factors.count)
    for factor in factors {
      row = factor.vectorProduct(row)
      values.append(row)
    }
    return values
  }

  /// The name of every prefix, matching `prefixValues()`: entry i is ∂C/∂x with x the input
  /// of factor i, and a prefix that ends at a pre-activation z^l is also named δ^l, for
  /// example `["∂C/∂a³", "δ³ = ∂C/∂z³", "∂C/∂a²", "δ² = ∂C/∂z²"]`.
  public func prefixNames(_ notation: Notation = .unicode) -> [String] {
    factors.map { factor in
      let name =
        "\(notation.partial)\(output.symbol(notation))/\(notation.partial)"
        + factor.input.symbol(notation)
      if output.kind == .cost, case .preActivation(let l) = factor.input.kind {
        return notation.superscript(notation.delta, l) + " = " + name
      }
      return name
    }
  }

  /// The product as a single Jacobian, by successive composition (structure kept).
  public func product() -> Jacobian {
    var result = factors[0]
    for factor in factors.dropFirst() {
      // The initialiser checked every adjacent pair, so composition cannot fail here.
      result = (try? result.composed(after: factor)) ?? result
    }
    return result
  }
}
