import Foundation

/// The hyperbolic tangent; tanh′ = 1 − tanh², computed as sech².
public struct Tanh: ElementwiseActivation {
  /// Creates the kind.
  public init() {}

  /// `.tanh`.
  public var kind: Activation { .tanh }
  /// None: tanh is smooth.
  public var breaks: [SmoothnessBreak] { [] }
  /// `tanh`, `\tanh`.
  public var symbol: MathText { MathText("tanh", latex: "\\tanh") }
  /// 1 − tanh²(z).
  public var derivativeInZ: MathText {
    MathText("1 − tanh²(z)", ascii: "1 - tanh(z)^2", latex: "1 - \\tanh^{2}(z)")
  }
  /// 1 − a².
  public var derivativeInA: MathText { MathText("1 − a²", ascii: "1 - a^2", latex: "1 - a^{2}") }
  /// tanh′(a) applies tanh twice.
  public var derivativeAtActivation: DerivativeAtActivation? {
    .elementwise(
      inZ: derivativeInZ, inA: derivativeInA, region: nil, elsewhere: nil, effect: .appliesTwice)
  }

  /// tanh z.
  @inlinable
  public func value<T: NetworkScalar>(_ z: T) -> T { T.tanh(z) }

  /// sech² z = 1 − tanh² z, without the cancellation in 1 − tanh² for large |z|.
  @inlinable
  public func derivative(_ z: Double) -> Double {
    let sech = 1 / Foundation.cosh(z)
    return sech * sech
  }
}
