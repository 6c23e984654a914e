import Foundation

/// How numbers are printed for people: the toolkit's one family of number formats.
///
/// Every renderer prints the same kind of number in the same named format:
///
/// - ``string(_:)`` and ``significant(_:digits:)``, `%g` style (`0.59327`, `1.2e-07`, `3`):
///   the derivation's values, with `digits` set by nn-explain's precision; matrix descriptions.
/// - ``scientific(_:digits:)``, compact scientific (`-1.23e-3`, `4.5e+2`, `0`): gradcheck's
///   reports (ε, rtol, atol, errors, analytic and numeric values, costs) and the diagnosis.
/// - ``scientific(_:digits:within:)`` (`2e+308` within 7): gradcheck's table columns.
/// - ``brief(_:)``, two digits `%g` style (`3.1e-10`, `0.001`): the derivation's check
///   (step, rtol, atol, relative errors).
/// - ``factor(_:)`` (`2`, `0.5`, `0.3333`): diagnosis factors, ratios and confidences.
/// - ``count(_:)`` (`999`, `100k`): layer shapes in gradcheck's per-layer table when the
///   shape would not fit its column.
/// - ``latex(_:)`` (`1.5\times 10^{-5}`): any of these inside LaTeX and Markdown formulas.
///
/// Why: the derivation is read as arithmetic to redo by hand, so its values are `%g` (plain
/// where readable, a fixed number of significant digits); gradcheck's numbers are errors and
/// gradients spanning many orders of magnitude, so they always carry a short exponent and fit
/// table columns; tolerances and errors need two digits at most; a factor such as 2 or ½ reads
/// best as an integer or a short decimal. JSON output prints numbers exactly, in none of these.
public struct NumberFormat: Sendable, Equatable {
  /// Significant digits of ``string(_:)``, 1 through 17.
  public var digits: Int

  /// Creates the derivation's format with `digits` significant digits (clamped to 1
  /// through 17).
  public init(digits: Int = 6) {
    self.digits = min(max(digits, 1), 17)
  }

  /// `x` with ``digits`` significant digits, `%g` style: `0.59327`, `-1.2e-05`, `3`.
  ///
  /// Negative zero prints as `0`; non-finite values as `nan`, `inf` or `-inf`.
  public func string(_ x: Double) -> String { Self.significant(x, digits: digits) }

  /// ``string(_:)`` for LaTeX: `1.5e-05` becomes `1.5\times 10^{-5}`.
  public func latex(_ x: Double) -> String { Self.latex(string(x)) }

  /// `x` with at most `digits` significant digits, in plain or exponent form (like `%g`),
  /// for example `0.593270`→`0.59327`, `1.2e-07`.
  ///
  /// Non-finite values print as `inf`, `-inf`, `nan`.
  public static func significant(_ x: Double, digits: Int) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    if x == 0 { return "0" }
    return String(format: "%.\(max(1, min(digits, 17)))g", x)
  }

  /// Two significant digits, `%g` style, for tolerances and relative errors: `3.1e-10`.
  public static func brief(_ x: Double) -> String {
    if x == 0 { return "0" }
    return String(format: "%.2g", x)
  }

  /// A compact scientific form with `digits` significant digits: `-1.23e-3`, `0`, `4.5e+2`;
  /// trailing zeros and a zero exponent are dropped (`2.5`).
  public static func scientific(_ x: Double, digits: Int = 3) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return "0" }
    let text = String(format: "%.\(max(digits - 1, 0))e", x)
    guard let e = text.firstIndex(of: "e") else { return text }
    var mantissa = String(text[..<e])
    if mantissa.contains(".") {
      while mantissa.hasSuffix("0") { mantissa.removeLast() }
      if mantissa.hasSuffix(".") { mantissa.removeLast() }
    }
    var exponent = String(text[text.index(after: e)...])
    let sign = exponent.hasPrefix("-") ? "-" : "+"
    exponent = String(exponent.drop(while: { $0 == "+" || $0 == "-" || $0 == "0" }))
    if exponent.isEmpty { return mantissa }
    return mantissa + "e" + sign + exponent
  }

  /// ``scientific(_:digits:)`` with fewer digits when needed to fit `width` characters
  /// (`1.7e+308` becomes `2e+308` within 7), so that a number never runs into the next column.
  public static func scientific(_ x: Double, digits: Int, within width: Int) -> String {
    var d = digits
    var text = scientific(x, digits: d)
    while text.count > width && d > 1 {
      d -= 1
      text = scientific(x, digits: d)
    }
    return text
  }

  /// A factor such as `2`, `0.5` or `0.3333`: an integer when it is one to 4 decimals,
  /// otherwise 4 significant digits.
  public static func factor(_ x: Double) -> String {
    let rounded = (x * 1e4).rounded() / 1e4
    if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
    return String(format: "%.4g", x)
  }

  /// A count in thousands when it has four digits or more, rounded: `999`, `100k` for
  /// 100000, `2k` for 1500.
  public static func count(_ n: Int) -> String {
    n < 1000 ? String(n) : String(format: "%.0fk", Double(n) / 1000)
  }

  /// A number already formatted with `e` notation, rewritten for LaTeX:
  /// `1.5e-05` as `1.5\times 10^{-5}`; other text unchanged.
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
}
