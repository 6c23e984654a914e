/// Leaky ReLU: z for z > 0, else 0.01 z; derivative 1 or 0.01.
///
/// Kink at 0.
public struct LeakyReLU: ElementwiseActivation {
  /// The slope for z ≤ 0.
  public static let slope = 0.01

  /// Creates the kind.
  public init() {}

  /// `.leakyReLU`.
  public var kind: Activation { .leakyReLU }
  /// A kink at 0.
  public var breaks: [SmoothnessBreak] { [SmoothnessBreak(at: 0, .kink)] }
  /// `leaky-relu`, `\operatorname{leaky-relu}`.
  public var symbol: MathText { MathText("leaky-relu", latex: "\\operatorname{leaky-relu}") }
  /// 1 for z > 0, else 0.01.
  public var derivativeInZ: MathText {
    MathText(
      "1 for z > 0, 0.01 for z ≤ 0", ascii: "1 for z > 0, 0.01 for z <= 0",
      latex: "1 \\text{ for } z > 0,\\ 0.01 \\text{ for } z \\le 0")
  }
  /// 1 for a > 0, else 0.01.
  public var derivativeInA: MathText {
    MathText(
      "1 for a > 0, 0.01 for a ≤ 0", ascii: "1 for a > 0, 0.01 for a <= 0",
      latex: "1 \\text{ for } a > 0,\\ 0.01 \\text{ for } a \\le 0")
  }
  /// `nil`: a has the sign of z, so leaky-relu′(a) = leaky-relu′(z).
  public var derivativeAtActivation: DerivativeAtActivation? { nil }

  /// z for z > 0, else 0.01 z.
  @inlinable
  public func value<T: NetworkScalar>(_ z: T) -> T {
    z.realPart > 0 ? z : T(LeakyReLU.slope) * z
  }

  /// 1 for z > 0, else 0.01 (the left-hand slope at the kink, as the common frameworks use).
  @inlinable
  public func derivative(_ z: Double) -> Double { z > 0 ? 1 : LeakyReLU.slope }
}

extension LeakyReLU {
  /// Δz or the slope times Δz when the step stays on one piece; f(z + Δz) − a otherwise.
  public func change(
    at point: UnitPoint, _ dz: UnsafePointer<Double>, into da: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    let (z, a) = (point.z, point.a)
    for c in 0..<width {
      let d = dz[c]
      let moved = z + d
      if (z > 0) == (moved > 0) {
        da[c] = z > 0 ? d : LeakyReLU.slope * d
      } else {
        da[c] = value(moved) - a
      }
    }
  }
}
