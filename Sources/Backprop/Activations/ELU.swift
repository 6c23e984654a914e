import Foundation

/// The exponential linear unit with α = 1: z for z > 0, else e^z − 1; derivative 1 or e^z.
///
/// f′ is continuous at 0 but f″ jumps there (a crease).
public struct ELU: ElementwiseActivation {
  /// Creates the kind.
  public init() {}

  /// `.elu`.
  public var kind: Activation { .elu }
  /// A crease at 0.
  public var breaks: [SmoothnessBreak] { [SmoothnessBreak(at: 0, .crease)] }
  /// `elu`, `\operatorname{elu}`.
  public var symbol: MathText { MathText("elu", latex: "\\operatorname{elu}") }
  /// 1 for z > 0, else e^z.
  public var derivativeInZ: MathText {
    MathText(
      "1 for z > 0, e^z for z ≤ 0", ascii: "1 for z > 0, e^z for z <= 0",
      latex: "1 \\text{ for } z > 0,\\ e^{z} \\text{ for } z \\le 0")
  }
  /// 1 for a > 0, else a + 1.
  public var derivativeInA: MathText {
    MathText(
      "1 for a > 0, a + 1 for a ≤ 0", ascii: "1 for a > 0, a + 1 for a <= 0",
      latex: "1 \\text{ for } a > 0,\\ a + 1 \\text{ for } a \\le 0")
  }
  /// elu′(a) gives e^a instead of a + 1 for z ≤ 0.
  public var derivativeAtActivation: DerivativeAtActivation? {
    .elementwise(
      inZ: MathText("e^z", ascii: "e^z", latex: "e^{z}"), inA: .plain("a + 1"),
      region: MathText("z ≤ 0", ascii: "z <= 0", latex: "z \\le 0"), elsewhere: .plain("1"),
      effect: .gives(MathText("e^a", ascii: "e^a", latex: "e^{a}")))
  }

  /// z for z > 0, else e^z − 1.
  @inlinable
  public func value<T: NetworkScalar>(_ z: T) -> T { z.realPart > 0 ? z : T.exp(z) - T(1) }

  /// 1 for z > 0, else e^z.
  @inlinable
  public func derivative(_ z: Double) -> Double { z > 0 ? 1 : Double.exp(z) }
}

extension ELU {
  /// Δz on the linear piece, e^z (e^Δz − 1) on the exponential one (`point.slope` is e^z
  /// there); f(z + Δz) − a when the step changes piece.
  public func change(
    at point: UnitPoint, _ dz: UnsafePointer<Double>, into da: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    let (z, a) = (point.z, point.a)
    for c in 0..<width {
      let d = dz[c]
      let moved = z + d
      if z > 0 && moved > 0 {
        da[c] = d
      } else if z <= 0 && moved <= 0 {
        da[c] = point.slope * Foundation.expm1(d)
      } else {
        da[c] = value(moved) - a
      }
    }
  }
}
