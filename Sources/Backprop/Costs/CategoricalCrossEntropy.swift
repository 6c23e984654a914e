import Foundation

/// Categorical cross-entropy −Σ y_i ln a_i; ∂C/∂a_i = −y_i / a_i.
///
/// Fused with a softmax output: δ^L = a (Σ y) − y, which is a − y for targets summing to 1.
public struct CategoricalCrossEntropy: CostFunction {
  /// Creates the cost.
  public init() {}

  /// `.categoricalCrossEntropy`.
  public var kind: Cost { .categoricalCrossEntropy }
  /// −Σᵢ yᵢ ln aᵢ.
  public func formula(
    output a: MathText, target y: MathText, outputEntry ai: MathText, targetEntry yi: MathText
  ) -> MathText {
    MathText("−", ascii: "-", latex: "-") + .sum("i") + yi
      + MathText(" ln ", latex: " \\ln ") + ai
  }
  /// Sigmoid or softmax: the logarithm needs outputs in (0, 1).
  public var allowedOutputActivations: [Activation]? { [.sigmoid, .softmax] }
  /// [0, 1].
  public var targetRange: ClosedRange<Double>? { 0...1 }
  /// Softmax.
  public var fusedActivation: Activation? { .softmax }
  /// `true`: δ^L = a (Σ y) − y.
  public var fusedDeltaUsesTargetSum: Bool { true }
  /// A one-hot target of `n` entries, the hot one uniform.
  public func randomTarget(count n: Int, using rng: inout SplitMix64) -> [Double] {
    let hot = rng.nextInt(below: n)
    return (0..<n).map { $0 == hot ? 1 : 0 }
  }
  /// −Σᵢ yᵢ ln aᵢ.
  public var formula: MathText {
    MathText("−Σᵢ yᵢ ln aᵢ", ascii: "-sum_i y_i ln a_i", latex: "-\\sum_{i} y_{i} \\ln a_{i}")
  }
  /// −yᵢ / aᵢ.
  public var gradientFormula: MathText {
    MathText("−yᵢ / aᵢ", ascii: "-y_i / a_i", latex: "-\\frac{y_{i}}{a_{i}}")
  }

  /// total + y ln a, skipped when y = 0 (0 · ln 0 = 0).
  @inlinable
  public func adding<T: NetworkScalar>(entry a: T, target y: Double, to total: T) -> T {
    y != 0 ? total + T(y) * T.log(a) : total
  }

  /// −Σ y ln a.
  @inlinable
  public func cost<T: NetworkScalar>(fromSum total: T, count n: Int) -> T { -total }

  /// −Σ y_i ln softmax(z)_i = Σ y_i (logsumexp(z) − z_i), with
  /// logsumexp(z) = m + ln Σ e^(z_k − m), m the largest real part.
  @inlinable
  public func fusedValue<
    T: NetworkScalar, Z: RandomAccessCollection<T>, Y: RandomAccessCollection<Double>
  >(z: Z, target y: Y) -> T where Z.Index == Int, Y.Index == Int {
    let n = z.count
    let (z0, y0) = (z.startIndex, y.startIndex)
    var total = T(0)
    var m = z[z0].realPart
    for i in 1..<max(n, 1) where z[z0 + i].realPart > m { m = z[z0 + i].realPart }
    var sum = T(0)
    for i in 0..<n { sum = sum + T.exp(z[z0 + i] - T(m)) }
    let logSumExp = T(m) + T.log(sum)
    for i in 0..<n where y[y0 + i] != 0 {
      total = total + T(y[y0 + i]) * (logSumExp - z[z0 + i])
    }
    return total
  }

  /// a (Σ y) − y, with the largest output's entry computed from the others
  /// (a_m = 1 − Σ_(k≠m) a_k) so that it keeps its digits when a_m is near 1.
  public func fusedOutputDelta(z: [Double], a: [Double], target y: [Double]) -> [Double] {
    let total = y.reduce(0, +)
    var delta = zip(a, y).map { $0 * total - $1 }
    if let m = a.indices.max(by: { a[$0] < a[$1] }) {
      var others = 0.0
      for k in a.indices where k != m { others += a[k] }
      delta[m] = (total - y[m]) - total * others
    }
    return delta
  }

  /// −y/a, with the terms where y_i = 0 exactly 0.
  @inlinable
  public func gradient(_ a: [Double], target y: [Double]) -> [Double] {
    var g = [Double](repeating: 0, count: a.count)
    for i in 0..<a.count { g[i] = y[i] == 0 ? 0 : -y[i] / a[i] }
    return g
  }
}

extension CategoricalCrossEntropy {
  /// `.fromSoftmaxShifts` after its fused softmax output; in full after any other.
  public func changeForm(after outputActivation: Activation) -> CostChangeForm {
    outputActivation == fusedActivation ? .fromSoftmaxShifts : .inFull
  }

  /// −Σᵢ yᵢ Δzᵢ + (Σᵢ yᵢ) ln(1 + s): with p′ = p e^Δz / (1 + s), the change of −Σ y ln p,
  /// computed from the shifts alone (ln(1 + s) by `log1p`, so no digits cancel).
  /// - Complexity: O(n · width).
  public func softmaxChange(
    output p: UnsafePointer<Double>, target y: UnsafePointer<Double>, count n: Int,
    shifts dz: UnsafePointer<Double>, exponentials e: UnsafePointer<Double>, stride: Int,
    sums s: UnsafePointer<Double>, into change: UnsafeMutablePointer<Double>, width: Int
  ) {
    for c in 0..<width { change[c] = 0 }
    var total = 0.0
    for i in 0..<n {
      let weight = y[i]
      total += weight
      if weight == 0 { continue }
      let row = dz + i * stride
      for c in 0..<width { change[c] -= weight * row[c] }
    }
    for c in 0..<width { change[c] += total * Foundation.log1p(s[c]) }
  }
}
