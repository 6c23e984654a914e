/// The mean squared error (1/n) Σ (a_i − y_i)²; ∂C/∂a_i = 2 (a_i − y_i) / n.
public struct MeanSquaredError: UnfusedCost {
  /// Creates the cost.
  public init() {}

  /// `.mse`.
  public var kind: Cost { .mse }
  /// `true`: the formula divides by n.
  public var formulaUsesOutputCount: Bool { true }
  /// (1/n) Σᵢ (aᵢ − yᵢ)².
  public func formula(
    output a: MathText, target y: MathText, outputEntry ai: MathText, targetEntry yi: MathText
  ) -> MathText {
    MathText("(1/n) ", ascii: "(1/n) ", latex: "\\frac{1}{n}") + .sum("i")
      + .parens(ai + .minus + yi) + MathText("²", ascii: "^2", latex: "^{2}")
  }
  /// The 2/n of ∂C/∂a = (2/n)(a − y).
  public func lostConstant(outputs: Int, outputActivation: Activation) -> LostConstant {
    .ofCost(
      CostConstant(
        constant: MathText("2/n", latex: "\\frac{2}{n}"), cost: kind,
        gradient: MathText("2(a − y)/n", ascii: "2(a - y)/n", latex: "\\frac{2(a - y)}{n}"),
        outputs: outputs))
  }
  /// `the mean squared error`.
  public var nameInProse: String { "the mean squared error" }
  /// `nil`: any output activation.
  public var allowedOutputActivations: [Activation]? { nil }
  /// `nil`: any target.
  public var targetRange: ClosedRange<Double>? { nil }
  /// (1/n) Σᵢ (aᵢ − yᵢ)².
  public var formula: MathText {
    MathText(
      "(1/n) Σᵢ (aᵢ − yᵢ)²", ascii: "(1/n) sum_i (a_i - y_i)^2",
      latex: "\\frac{1}{n}\\sum_{i} (a_{i} - y_{i})^{2}")
  }
  /// 2 (aᵢ − yᵢ) / n.
  public var gradientFormula: MathText {
    MathText("2 (aᵢ − yᵢ) / n", ascii: "2 (a_i - y_i) / n", latex: "\\frac{2 (a_{i} - y_{i})}{n}")
  }

  /// (1/n) Σ (a_i − y_i)².
  @inlinable
  public func value<
    T: NetworkScalar, A: RandomAccessCollection<T>, Y: RandomAccessCollection<Double>
  >(a: A, target y: Y) -> T where A.Index == Int, Y.Index == Int {
    let n = a.count
    let (a0, y0) = (a.startIndex, y.startIndex)
    var total = T(0)
    for i in 0..<n {
      let d = a[a0 + i] - T(y[y0 + i])
      total = total + d * d
    }
    return total / T(Double(n))
  }

  /// 2 (a − y) / n.
  @inlinable
  public func gradient(_ a: [Double], target y: [Double]) -> [Double] {
    let n = Double(a.count)
    var g = [Double](repeating: 0, count: a.count)
    for i in 0..<a.count { g[i] = 2 * (a[i] - y[i]) / n }
    return g
  }
}
