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

  /// total + (a − y)².
  @inlinable
  public func adding<T: NetworkScalar>(entry a: T, target y: Double, to total: T) -> T {
    let d = a - T(y)
    return total + d * d
  }

  /// (1/n) Σ (a_i − y_i)².
  @inlinable
  public func cost<T: NetworkScalar>(fromSum total: T, count n: Int) -> T { total / T(Double(n)) }

  /// 2 (a − y) / n.
  @inlinable
  public func gradient(_ a: [Double], target y: [Double]) -> [Double] {
    let n = Double(a.count)
    var g = [Double](repeating: 0, count: a.count)
    for i in 0..<a.count { g[i] = 2 * (a[i] - y[i]) / n }
    return g
  }
}

extension MeanSquaredError {
  /// `.fromOutputChanges`, after any output activation.
  public func changeForm(after outputActivation: Activation) -> CostChangeForm {
    .fromOutputChanges
  }

  /// Σᵢ Δaᵢ (2rᵢ + Δaᵢ) / n with r = a − y, which is (‖r + Δa‖² − ‖r‖²) / n without the
  /// cancellation of the two squares: twice the quadratic cost's change, over n (doubling
  /// is exact, so this is bit for bit the sum written out).
  /// - Complexity: O(n · width).
  public func outputChange(
    output a: UnsafePointer<Double>, target y: UnsafePointer<Double>, count n: Int,
    changes da: UnsafePointer<Double>, stride: Int, into change: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    Quadratic().outputChange(
      output: a, target: y, count: n, changes: da, stride: stride, into: change, width: width)
    let count = Double(n)
    for c in 0..<width { change[c] = 2 * change[c] / count }
  }
}
