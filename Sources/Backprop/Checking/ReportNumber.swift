import Foundation

/// Number formatting shared by the report renderers.
public enum ReportNumber {
  /// A compact scientific form with `digits` significant digits: `-1.23e-3`, `0`, `4.5e+2`.
  public static func short(_ x: Double, digits: Int = 3) -> String {
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

  /// `short(x, digits:)` with fewer digits when needed to fit `width` characters (`1.7e+308`
  /// becomes `2e+308` within 7), so that a number never runs into the next column.
  static func short(_ x: Double, digits: Int, within width: Int) -> String {
    var d = digits
    var text = short(x, digits: d)
    while text.count > width && d > 1 {
      d -= 1
      text = short(x, digits: d)
    }
    return text
  }

  /// A factor such as `2`, `0.5` or `0.3333`.
  public static func factor(_ x: Double) -> String {
    let rounded = (x * 1e4).rounded() / 1e4
    if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
    return String(format: "%.4g", x)
  }
}
