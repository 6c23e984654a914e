/// The rectifier max(z, 0); derivative 1 for z > 0, else 0.
///
/// Kink at 0.
public struct ReLU: ElementwiseActivation {
  /// Creates the kind.
  public init() {}

  /// `.relu`.
  public var kind: Activation { .relu }
  /// A kink at 0.
  public var breaks: [SmoothnessBreak] { [SmoothnessBreak(at: 0, .kink)] }
  /// `relu`, `\operatorname{relu}`.
  public var symbol: MathText { MathText("relu", latex: "\\operatorname{relu}") }
  /// 1 for z > 0, else 0.
  public var derivativeInZ: MathText {
    MathText(
      "1 for z > 0, 0 for z ≤ 0", ascii: "1 for z > 0, 0 for z <= 0",
      latex: "1 \\text{ for } z > 0,\\ 0 \\text{ for } z \\le 0")
  }
  /// 1 for a > 0, else 0.
  public var derivativeInA: MathText {
    MathText(
      "1 for a > 0, 0 for a = 0", ascii: "1 for a > 0, 0 for a = 0",
      latex: "1 \\text{ for } a > 0,\\ 0 \\text{ for } a = 0")
  }
  /// `nil`: a has the sign of z, so relu′(a) = relu′(z).
  public var derivativeAtActivation: DerivativeAtActivation? { nil }

  /// z for z > 0, else 0.
  @inlinable
  public func value<T: NetworkScalar>(_ z: T) -> T { z.realPart > 0 ? z : T(0) }

  /// 1 for z > 0, else 0 (the left-hand slope at the kink, as the common frameworks use).
  @inlinable
  public func derivative(_ z: Double) -> Double { z > 0 ? 1 : 0 }
}

extension ReLU {
  /// Δz on the linear piece, −a or z + Δz when the step changes piece, 0 below.
  public func change(
    at point: UnitPoint, _ dz: UnsafePointer<Double>, into da: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    let (z, a) = (point.z, point.a)
    for c in 0..<width {
      let d = dz[c]
      let moved = z + d
      if z > 0 {
        da[c] = moved > 0 ? d : -a
      } else {
        da[c] = moved > 0 ? moved : 0
      }
    }
  }
}
