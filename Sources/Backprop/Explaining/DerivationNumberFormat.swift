import Foundation

/// How the derivation prints numbers: a fixed number of significant digits.
public struct DerivationNumberFormat: Sendable, Equatable {
  /// Significant digits, 1 ... 17.
  public var digits: Int

  /// Creates a format with `digits` significant digits (clamped to 1 ... 17).
  public init(digits: Int = 6) {
    self.digits = min(max(digits, 1), 17)
  }

  /// `x` with `digits` significant digits, `%g` style: `0.59327`, `-1.2e-05`, `3`.
  /// Negative zero prints as `0`; non-finite values as `nan`, `inf` or `-inf`.
  public func string(_ x: Double) -> String { NumberFormat.significant(x, digits: digits) }

  /// `string(x)` for LaTeX: `1.5e-05` becomes `1.5\times 10^{-5}`.
  public func latex(_ x: Double) -> String { DerivationNumberFormat.latex(string(x)) }

  /// A number already formatted with `e` notation, rewritten for LaTeX.
  public static func latex(_ s: String) -> String {
    guard let e = s.firstIndex(of: "e"), s != "inf", s != "-inf" else { return s }
    let mantissa = String(s[..<e])
    var exponent = String(s[s.index(after: e)...])
    var sign = ""
    if exponent.hasPrefix("-") || exponent.hasPrefix("+") {
      sign = exponent.hasPrefix("-") ? "-" : ""
      exponent.removeFirst()
    }
    while exponent.count > 1 && exponent.hasPrefix("0") { exponent.removeFirst() }
    return mantissa + "\\times 10^{" + sign + exponent + "}"
  }

  /// A short form with 2 significant digits, for relative errors: `3.1e-10`.
  public static func short(_ x: Double) -> String {
    if x == 0 { return "0" }
    return String(format: "%.2g", x)
  }
}
