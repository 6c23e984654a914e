/// Binary cross-entropy −Σ [y_i ln a_i + (1 − y_i) ln(1 − a_i)]; ∂C/∂a_i = (a_i − y_i) /
/// (a_i (1 − a_i)).
///
/// Fused with a sigmoid output: δ^L = a − y.
public struct CrossEntropy: CostFunction {
  /// Creates the cost.
  public init() {}

  /// `.crossEntropy`.
  public var kind: Cost { .crossEntropy }
  /// −Σᵢ [yᵢ ln aᵢ + (1 − yᵢ) ln(1 − aᵢ)].
  public func formula(
    output a: MathText, target y: MathText, outputEntry ai: MathText, targetEntry yi: MathText
  ) -> MathText {
    MathText("−", ascii: "-", latex: "-") + .sum("i")
      + MathText("[", latex: "\\left[") + yi + MathText(" ln ", latex: " \\ln ") + ai + .plus
      + .parens(MathText.plain("1") + .minus + yi) + MathText(" ln", latex: " \\ln")
      + .parens(MathText.plain("1") + .minus + ai) + MathText("]", latex: "\\right]")
  }
  /// Sigmoid or softmax: the logarithms need outputs in (0, 1).
  public var allowedOutputActivations: [Activation]? { [.sigmoid, .softmax] }
  /// [0, 1].
  public var targetRange: ClosedRange<Double>? { 0...1 }
  /// Sigmoid.
  public var fusedActivation: Activation? { .sigmoid }
  /// A softmax over a single output, which is always 1, so that ln(1 − a) is −∞.
  public func outputProblem(activation: Activation, outputs: Int) -> String? {
    guard activation == .softmax, outputs == 1 else { return nil }
    return "a softmax over a single output is always 1, so cross-entropy's ln(1 − a) "
      + "is −∞; use sigmoid for one output"
  }
  /// `n` entries, each 0 or 1 with equal chance.
  public func randomTarget(count n: Int, using rng: inout SplitMix64) -> [Double] {
    (0..<n).map { _ in rng.nextUniform() < 0.5 ? 0 : 1 }
  }
  /// −Σᵢ [yᵢ ln aᵢ + (1 − yᵢ) ln(1 − aᵢ)].
  public var formula: MathText {
    MathText(
      "−Σᵢ [yᵢ ln aᵢ + (1 − yᵢ) ln(1 − aᵢ)]", ascii: "-sum_i [y_i ln a_i + (1 - y_i) ln(1 - a_i)]",
      latex: "-\\sum_{i} \\left[y_{i} \\ln a_{i} + (1 - y_{i}) \\ln(1 - a_{i})\\right]")
  }
  /// (aᵢ − yᵢ) / (aᵢ (1 − aᵢ)).
  public var gradientFormula: MathText {
    MathText(
      "(aᵢ − yᵢ) / (aᵢ (1 − aᵢ))", ascii: "(a_i - y_i) / (a_i (1 - a_i))",
      latex: "\\frac{a_{i} - y_{i}}{a_{i} (1 - a_{i})}")
  }

  /// total + y ln a + (1 − y) ln(1 − a), a term with a zero weight skipped (0 · ln 0 = 0).
  @inlinable
  public func adding<T: NetworkScalar>(entry a: T, target y: Double, to total: T) -> T {
    var sum = total
    if y != 0 { sum = sum + T(y) * T.log(a) }
    if y != 1 { sum = sum + T(1 - y) * T.log(T(1) - a) }
    return sum
  }

  /// −Σ [y ln a + (1 − y) ln(1 − a)].
  @inlinable
  public func cost<T: NetworkScalar>(fromSum total: T, count n: Int) -> T { -total }

  /// −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = y · softplus(−z) + (1 − y) · softplus(z).
  @inlinable
  public func fusedValue<
    T: NetworkScalar, Z: RandomAccessCollection<T>, Y: RandomAccessCollection<Double>
  >(z: Z, target y: Y) -> T where Z.Index == Int, Y.Index == Int {
    let (z0, y0) = (z.startIndex, y.startIndex)
    var total = T(0)
    for i in 0..<z.count {
      let (zi, yi) = (z[z0 + i], y[y0 + i])
      if yi != 0 { total = total + T(yi) * Softplus().value(-zi) }
      if yi != 1 { total = total + T(1 - yi) * Softplus().value(zi) }
    }
    return total
  }

  /// σ(z) − y, or (1 − y) − σ(−z) for z > 0 where σ(z) is near 1.
  public func fusedOutputDelta(z: [Double], a: [Double], target y: [Double]) -> [Double] {
    (0..<z.count).map { i in
      z[i] > 0 ? (1 - y[i]) - Sigmoid().value(-z[i]) : Sigmoid().value(z[i]) - y[i]
    }
  }

  /// −y/a + (1 − y)/(1 − a) = (a − y)/(a(1 − a)), with the zero-weight terms skipped
  /// exactly as in `value`.
  @inlinable
  public func gradient(_ a: [Double], target y: [Double]) -> [Double] {
    var g = [Double](repeating: 0, count: a.count)
    for i in 0..<a.count {
      g[i] = (y[i] == 0 ? 0 : -y[i] / a[i]) + (y[i] == 1 ? 0 : (1 - y[i]) / (1 - a[i]))
    }
    return g
  }
}

extension CrossEntropy {
  /// `.inFull` after any output activation: no closed form, so the batched evaluator takes
  /// C(z + Δz) − C(z) per column, from the fused form after a sigmoid.
  public func changeForm(after outputActivation: Activation) -> CostChangeForm { .inFull }
}
