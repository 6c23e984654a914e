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

extension Tanh {
  /// tanh(z + Δz) − tanh z in lanes of eight; a lane block whose shifts are all within
  /// `ColumnKernels.smallShift` uses the addition theorem
  /// tanh(z + d) − tanh z = tanh d · sech² z / (1 + tanh z · tanh d), with tanh d by its
  /// Taylor series to d¹¹ (truncation below 1e-19 relative), so no digits cancel.
  public func change(
    at point: UnitPoint, _ dz: UnsafePointer<Double>, into da: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    typealias Lanes = VectorMath.Lanes
    let source = UnsafeRawPointer(dz)
    let target = UnsafeMutableRawPointer(da)
    let size = MemoryLayout<Double>.stride
    let (z, a, slope) = (point.z, point.a, point.slope)
    var col = 0
    while col < width {
      let d = source.loadUnaligned(fromByteOffset: col * size, as: Lanes.self)
      let result: Lanes
      if ColumnKernels.isSmall(d) {
        let d2 = d * d
        var q = Lanes(repeating: -1382.0 / 155_925)
        q = q * d2 + 62.0 / 2835
        q = q * d2 - 17.0 / 315
        q = q * d2 + 2.0 / 15
        q = q * d2 - 1.0 / 3
        let t = d + d * (d2 * q)
        result = t * slope / (1 + a * t)
      } else {
        result = VectorMath.tanh(z + d) - a
      }
      target.storeBytes(of: result, toByteOffset: col * size, as: Lanes.self)
      col += 8
    }
  }

  /// tanh z with `VectorMath.tanh`, eight at a time.
  public func applyForChanges(
    _ z: UnsafePointer<Double>, into a: UnsafeMutablePointer<Double>, count: Int
  ) {
    ColumnKernels.applyInLanes(z, into: a, count: count, VectorMath.tanh)
  }
}
