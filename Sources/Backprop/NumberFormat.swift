import Foundation

/// How numbers are printed for people.
public enum NumberFormat {
  /// `x` with at most `digits` significant digits, in plain or exponent form (like `%g`),
  /// e.g. `0.593270`→`0.59327`, `1.2e-07`. Non-finite values print as `inf`, `-inf`, `nan`.
  public static func significant(_ x: Double, digits: Int) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    if x == 0 { return "0" }
    return String(format: "%.\(max(1, min(digits, 17)))g", x)
  }
}
