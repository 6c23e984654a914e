/// Eight-lane e^x, e^x − 1, tanh and σ in plain Swift SIMD, within a few ulp of libm.
///
/// e^x: x = k ln 2 + r with |r| ≤ ½ ln 2 (Cody–Waite: ln 2 split in a high part with
/// trailing zeros and a low part, so k · ln2High is exact), e^r − 1 by its Taylor polynomial
/// to r¹³ (truncation below 2e-17 relative), then a scale by 2^k built from the exponent
/// bits, in two halves so that subnormal results and the edge of overflow come out right.
/// e^x − 1 = 2^k (e^r − 1) + (2^k − 1) keeps every digit for small x (k = 0). tanh |x| =
/// −expm1(−2|x|) / (2 + expm1(−2|x|)) and σ(x) = 1 / (1 + e^(−x)), or e^x / (1 + e^x) for
/// x < 0, have no cancellation either. NaN stays NaN. The kernels use only `+`, `−`, `*`
/// and `/` on SIMD values, so they compile to vector code on every target (no `fma` call).
enum VectorMath {
  /// Eight doubles.
  typealias Lanes = SIMD8<Double>
  private typealias Bits = SIMD8<Int64>

  private static let log2e = 1.442_695_040_888_963_4
  private static let ln2High = 6.931_471_803_691_238_164_90e-01
  private static let ln2Low = 1.908_214_929_270_587_700_02e-10
  /// 1.5 · 2^52: adding it rounds a double below 2^51 in magnitude to an integer, which
  /// then sits in the low bits of the sum.
  private static let shifter = 6_755_399_441_055_744.0
  private static let shifterBits: Int64 = 0x4338_0000_0000_0000

  /// k and e^r − 1, with x = k ln 2 + r.
  @inline(__always)
  private static func reduce(_ x: Lanes) -> (k: Bits, kf: Lanes, p: Lanes) {
    let kd = x * log2e + shifter
    let kf = kd - shifter
    let k = unsafeBitCast(kd, to: Bits.self) &- shifterBits
    let r = (x - kf * ln2High) - kf * ln2Low
    // Taylor coefficients 1/n!, n = 13 … 2, by Horner.
    var q = Lanes(repeating: 1.605_904_383_682_161_3e-10)
    q = q * r + 2.087_675_698_786_810e-09
    q = q * r + 2.505_210_838_544_172e-08
    q = q * r + 2.755_731_922_398_589e-07
    q = q * r + 2.755_731_922_398_589_1e-06
    q = q * r + 2.480_158_730_158_730_2e-05
    q = q * r + 1.984_126_984_126_984_1e-04
    q = q * r + 1.388_888_888_888_888_9e-03
    q = q * r + 8.333_333_333_333_333e-03
    q = q * r + 4.166_666_666_666_666_4e-02
    q = q * r + 0.166_666_666_666_666_66
    q = q * r + 0.5
    let p = r + (r * r) * q
    return (k, kf, p)
  }

  /// 2^k for integer lanes k in the normal range.
  @inline(__always)
  private static func power(_ k: Bits) -> Lanes {
    unsafeBitCast((k &+ 1023) &<< 52, to: Lanes.self)
  }

  /// e^x in every lane.
  @inline(__always)
  static func exp(_ x: Lanes) -> Lanes {
    var xc = x.replacing(with: 710, where: x .> 710)
    xc = xc.replacing(with: -746, where: xc .< -746)
    let (k, _, p) = reduce(xc)
    let k1 = k &>> 1
    return ((1 + p) * power(k1)) * power(k &- k1)
  }

  /// e^x − 1 in every lane, for x ≤ 700 (larger x is treated as 700).
  @inline(__always)
  static func expm1(_ x: Lanes) -> Lanes {
    var xc = x.replacing(with: 700, where: x .> 700)
    xc = xc.replacing(with: -60, where: xc .< -60)
    let (k, _, p) = reduce(xc)
    let scale = power(k)
    return scale * p + (scale - 1)
  }

  /// tanh x in every lane.
  @inline(__always)
  static func tanh(_ x: Lanes) -> Lanes {
    let magnitude = unsafeBitCast(unsafeBitCast(x, to: Bits.self) & Int64.max, to: Lanes.self)
    // tanh 20 rounds to 1; the clamp keeps e^(−2|x|) − 1 away from subnormal scales.
    let clamped = magnitude.replacing(with: 20, where: magnitude .> 20)
    let e = expm1(-2 * clamped)
    let t = -e / (2 + e)
    let sign = unsafeBitCast(x, to: Bits.self) & Int64.min
    return unsafeBitCast(unsafeBitCast(t, to: Bits.self) | sign, to: Lanes.self)
  }

  /// σ(x) = 1 / (1 + e^(−x)) in every lane.
  @inline(__always)
  static func sigmoid(_ x: Lanes) -> Lanes {
    let negative = x .< 0
    let minusMagnitude = x.replacing(with: -x, where: .!negative)
    let t = exp(minusMagnitude)
    let numerator = Lanes(repeating: 1).replacing(with: t, where: negative)
    return numerator / (1 + t)
  }
}
