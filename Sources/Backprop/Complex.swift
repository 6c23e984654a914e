import Foundation

/// A complex number `re + i·im`, just enough for the complex-step derivative.
///
/// For an analytic f, f(x + ih) = f(x) + i h f′(x) + O(h²), so f′(x) ≈ Im f(x + ih) / h
/// with no subtraction and hence no cancellation: h = 1e-20 gives derivatives
/// accurate to rounding.
public struct Complex: NetworkScalar, Equatable {
  /// The real part.
  public var re: Double
  /// The imaginary part.
  public var im: Double

  /// Creates `re + i·im`.
  public init(_ re: Double, _ im: Double) {
    self.re = re
    self.im = im
  }

  /// Creates the real number `value`.
  public init(_ value: Double) { self.init(value, 0) }

  /// The real part.
  public var realPart: Double { re }

  /// Sum.
  public static func + (l: Complex, r: Complex) -> Complex { Complex(l.re + r.re, l.im + r.im) }
  /// Difference.
  public static func - (l: Complex, r: Complex) -> Complex { Complex(l.re - r.re, l.im - r.im) }
  /// Product.
  public static func * (l: Complex, r: Complex) -> Complex {
    Complex(l.re * r.re - l.im * r.im, l.re * r.im + l.im * r.re)
  }
  /// Quotient (Smith's algorithm, which avoids needless overflow).
  public static func / (l: Complex, r: Complex) -> Complex {
    if abs(r.re) >= abs(r.im) {
      let t = r.im / r.re
      let d = r.re + r.im * t
      return Complex((l.re + l.im * t) / d, (l.im - l.re * t) / d)
    } else {
      let t = r.re / r.im
      let d = r.re * t + r.im
      return Complex((l.re * t + l.im) / d, (l.im * t - l.re) / d)
    }
  }
  /// Negation.
  public static prefix func - (z: Complex) -> Complex { Complex(-z.re, -z.im) }

  /// e^z = e^re (cos im + i sin im).
  public static func exp(_ z: Complex) -> Complex {
    let m = Foundation.exp(z.re)
    return Complex(m * cos(z.im), z.im == 0 ? 0 : m * sin(z.im))
  }
  /// The principal logarithm, ln|z| + i arg z.
  public static func log(_ z: Complex) -> Complex {
    Complex(Foundation.log(hypot(z.re, z.im)), atan2(z.im, z.re))
  }
  /// ln(1 + z), with the real part computed without cancellation for small z.
  public static func log1p(_ z: Complex) -> Complex {
    // |1 + z|² = 1 + (2 re + re² + im²)
    let re = 0.5 * Foundation.log1p(2 * z.re + z.re * z.re + z.im * z.im)
    return Complex(re, atan2(z.im, 1 + z.re))
  }
  /// tanh z, written with e^(−2|z|) so that it never overflows.
  public static func tanh(_ z: Complex) -> Complex {
    if z.re < 0 { return -tanh(-z) }
    let e = exp(Complex(-2 * z.re, -2 * z.im))
    return (Complex(1) - e) / (Complex(1) + e)
  }
}
