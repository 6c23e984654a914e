import TextSupport

/// How symbols are spelled: Unicode (W², δ, Σ, ∂) or plain ASCII (W^2, delta, sum, d).
public enum Notation: Sendable {
  /// W², δ³, ∂C/∂z², 2×3.
  case unicode
  /// W^2, delta^3, dC/dz^2, 2x3.
  case ascii

  /// `base` with the superscript `index`, for example `a³` or `a^3`.
  public func superscript(_ base: String, _ index: Int) -> String {
    switch self {
    case .unicode: return base + Notation.superscriptDigits(index)
    case .ascii: return base + "^" + String(index)
    }
  }

  /// The superscript digits of `n`, for example `¹²` for 12.
  public static func superscriptDigits(_ n: Int) -> String {
    Superscript.digits(n)
  }

  /// The subscript digits of `n`, for example `₁₂` for 12.
  public static func subscriptDigits(_ n: Int) -> String {
    Subscript.digits(n)
  }

  /// The partial-derivative sign: `∂` or `d`.
  public var partial: String { self == .unicode ? "∂" : "d" }
  /// The product sign between matrices in a shape, `×` or `x`.
  public var times: String { self == .unicode ? "×" : "x" }
  /// The symbol δ or `delta` (not `d`, which is ∂).
  public var delta: String { self == .unicode ? "δ" : "delta" }
  /// The summation sign, `Σ` or `sum`.
  public var sum: String { self == .unicode ? "Σ" : "sum" }
  /// The Hadamard product sign, `⊙` or `(.)`.
  public var hadamard: String { self == .unicode ? "⊙" : "(.)" }
  /// The transpose mark, `ᵀ` or `^T`.
  public var transpose: String { self == .unicode ? "ᵀ" : "^T" }
  /// The multiplication dot between factors, `·` or `*`.
  public var dot: String { self == .unicode ? "·" : "*" }
  /// The prime on a derivative, `′` or `'`.
  public var prime: String { self == .unicode ? "′" : "'" }

  /// A shape such as `2×3` or `2x3`.
  public func shape(_ rows: Int, _ columns: Int) -> String { "\(rows)\(times)\(columns)" }
}
