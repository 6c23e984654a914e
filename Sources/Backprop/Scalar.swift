import Foundation

/// The arithmetic the generic forward pass needs.
///
/// The same forward-pass code runs in `Double`, in `Float` (to show why gradient
/// checks are done in double precision), and in `Complex` (the complex-step
/// derivative). Piecewise functions branch on `realPart`, as complexified codes do.
public protocol NetworkScalar: Sendable {
  /// Converts a `Double` (rounding it for `Float`; real part for `Complex`).
  init(_ value: Double)
  /// The real part, used for comparisons and branches.
  var realPart: Double { get }

  /// Sum.
  static func + (lhs: Self, rhs: Self) -> Self
  /// Difference.
  static func - (lhs: Self, rhs: Self) -> Self
  /// Product.
  static func * (lhs: Self, rhs: Self) -> Self
  /// Quotient.
  static func / (lhs: Self, rhs: Self) -> Self
  /// Negation.
  static prefix func - (operand: Self) -> Self

  /// e^x.
  static func exp(_ x: Self) -> Self
  /// The natural logarithm.
  static func log(_ x: Self) -> Self
  /// ln(1 + x), accurate for small x.
  static func log1p(_ x: Self) -> Self
  /// The hyperbolic tangent.
  static func tanh(_ x: Self) -> Self
}

extension Double: NetworkScalar {
  /// The value itself.
  public var realPart: Double { self }
  /// e^x.
  public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
  /// ln x.
  public static func log(_ x: Double) -> Double { Foundation.log(x) }
  /// ln(1 + x).
  public static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
  /// tanh x.
  public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
}

extension Float: NetworkScalar {
  /// The value widened to `Double`.
  public var realPart: Double { Double(self) }
  /// e^x.
  public static func exp(_ x: Float) -> Float { Foundation.expf(x) }
  /// ln x.
  public static func log(_ x: Float) -> Float { Foundation.logf(x) }
  /// ln(1 + x).
  public static func log1p(_ x: Float) -> Float { Foundation.log1pf(x) }
  /// tanh x.
  public static func tanh(_ x: Float) -> Float { Foundation.tanhf(x) }
}
