import Foundation

/// The logistic sigmoid σ(z) = 1 / (1 + e^(−z)); σ′ = σ(1 − σ), computed as σ(z) σ(−z).
public struct Sigmoid: ElementwiseActivation {
  /// Creates the kind.
  public init() {}

  /// `.sigmoid`.
  public var kind: Activation { .sigmoid }
  /// None: σ is smooth.
  public var breaks: [SmoothnessBreak] { [] }
  /// `the sigmoid`.
  public var nameInProse: String { "the sigmoid" }
  /// `σ`, `sigmoid`, `\sigma`.
  public var symbol: MathText { MathText("σ", ascii: "sigmoid", latex: "\\sigma") }
  /// σ(z)(1 − σ(z)).
  public var derivativeInZ: MathText {
    MathText(
      "σ(z)(1 − σ(z))", ascii: "sigmoid(z)(1 - sigmoid(z))", latex: "\\sigma(z)(1 - \\sigma(z))")
  }
  /// a(1 − a).
  public var derivativeInA: MathText { MathText("a(1 − a)", ascii: "a(1 - a)", latex: "a(1 - a)") }
  /// σ′(a) applies σ twice.
  public var derivativeAtActivation: DerivativeAtActivation? {
    .elementwise(
      inZ: derivativeInZ, inA: derivativeInA, region: nil, elsewhere: nil, effect: .appliesTwice)
  }

  /// σ(z), from e^(−z) for z ≥ 0 and from e^z below, so that neither overflows.
  @inlinable
  public func value<T: NetworkScalar>(_ z: T) -> T {
    if z.realPart >= 0 { return T(1) / (T(1) + T.exp(-z)) }
    let e = T.exp(z)
    return e / (T(1) + e)
  }

  /// σ(z) σ(−z) = σ(1 − σ), without the cancellation in 1 − σ for large z.
  @inlinable
  public func derivative(_ z: Double) -> Double {
    let s: Double = value(z)
    let r: Double = value(-z)
    return s * r
  }
}
