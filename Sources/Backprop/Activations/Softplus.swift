import Foundation

/// softplus(z) = ln(1 + e^z), computed as max(z, 0) + ln(1 + e^(−|z|)); derivative σ(z).
public struct Softplus: ElementwiseActivation {
  /// Creates the kind.
  public init() {}

  /// `.softplus`.
  public var kind: Activation { .softplus }
  /// None: softplus is smooth.
  public var breaks: [SmoothnessBreak] { [] }
  /// `softplus`, `\operatorname{softplus}`.
  public var symbol: MathText { MathText("softplus", latex: "\\operatorname{softplus}") }
  /// σ(z).
  public var derivativeInZ: MathText { MathText("σ(z)", ascii: "sigmoid(z)", latex: "\\sigma(z)") }
  /// 1 − e^(−a).
  public var derivativeInA: MathText {
    MathText("1 − e^(−a)", ascii: "1 - e^(-a)", latex: "1 - e^{-a}")
  }
  /// softplus′(a) gives σ(a).
  public var derivativeAtActivation: DerivativeAtActivation? {
    .elementwise(
      inZ: derivativeInZ, inA: derivativeInA, region: nil, elsewhere: nil,
      effect: .gives(MathText("σ(a)", ascii: "sigmoid(a)", latex: "\\sigma(a)")))
  }

  /// z + ln(1 + e^(−z)) for z > 0, ln(1 + e^z) otherwise, so that e^z never overflows.
  @inlinable
  public func value<T: NetworkScalar>(_ z: T) -> T {
    if z.realPart > 0 { return z + T.log1p(T.exp(-z)) }
    return T.log1p(T.exp(z))
  }

  /// σ(z).
  @inlinable
  public func derivative(_ z: Double) -> Double { Sigmoid().value(z) }
}

extension Softplus {
  /// ln(1 + σ(z)(e^Δz − 1)) (`point.slope` is σ(z)), which subtracts nothing.
  public func change(
    at point: UnitPoint, _ dz: UnsafePointer<Double>, into da: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    for c in 0..<width { da[c] = Foundation.log1p(point.slope * Foundation.expm1(dz[c])) }
  }
}
