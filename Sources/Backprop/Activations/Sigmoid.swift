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

extension Sigmoid {
  /// σ(z + Δz) − σ(z) in lanes of eight; a lane block whose shifts are all within
  /// `ColumnKernels.smallShift` uses σ(z + d) − σ(z) = −σ(z) σ(−z) · m / (1 + σ(−z) · m)
  /// with m = e^(−d) − 1 by its Taylor series to d⁷, so no digits cancel.
  public func change(
    at point: UnitPoint, _ dz: UnsafePointer<Double>, into da: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    typealias Lanes = VectorMath.Lanes
    let source = UnsafeRawPointer(dz)
    let target = UnsafeMutableRawPointer(da)
    let size = MemoryLayout<Double>.stride
    let (z, a, slope, complement) = (point.z, point.a, point.slope, point.complement)
    var col = 0
    while col < width {
      let d = source.loadUnaligned(fromByteOffset: col * size, as: Lanes.self)
      let result: Lanes
      if ColumnKernels.isSmall(d) {
        // m = e^(−d) − 1 = −d + d²/2 − d³/6 + …
        let x = -d
        var q = Lanes(repeating: 1.0 / 5040)
        q = q * x + 1.0 / 720
        q = q * x + 1.0 / 120
        q = q * x + 1.0 / 24
        q = q * x + 1.0 / 6
        q = q * x + 0.5
        let m = x + (x * x) * q
        result = -slope * m / (1 + complement * m)
      } else {
        result = VectorMath.sigmoid(z + d) - a
      }
      target.storeBytes(of: result, toByteOffset: col * size, as: Lanes.self)
      col += 8
    }
  }

  /// σ(z) with `VectorMath.sigmoid`, eight at a time.
  public func applyForChanges(
    _ z: UnsafePointer<Double>, into a: UnsafeMutablePointer<Double>, count: Int
  ) {
    ColumnKernels.applyInLanes(z, into: a, count: count, VectorMath.sigmoid)
  }

  /// σ(−z), for the closed form of `change(at:_:into:width:)`.
  public func changeComplement(_ z: Double) -> Double { value(-z) }
}
