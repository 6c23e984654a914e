/// The quadratic cost ½‖a − y‖² = ½ Σ (a_i − y_i)²; ∂C/∂a_i = a_i − y_i.
public struct Quadratic: UnfusedCost {
  /// Creates the cost.
  public init() {}

  /// `.quadratic`.
  public var kind: Cost { .quadratic }
  /// ½‖a − y‖² = ½ Σᵢ (aᵢ − yᵢ)².
  public func formula(
    output a: MathText, target y: MathText, outputEntry ai: MathText, targetEntry yi: MathText
  ) -> MathText {
    MathText("½‖", ascii: "1/2 |", latex: "\\tfrac{1}{2}\\lVert ") + a + .minus + y
      + MathText("‖²", ascii: "|^2", latex: "\\rVert^{2}") + .equals
      + MathText("½ ", ascii: "1/2 ", latex: "\\tfrac{1}{2}") + .sum("i")
      + .parens(ai + .minus + yi)
      + MathText("²", ascii: "^2", latex: "^{2}")
  }
  /// The ½ of ½‖a − y‖².
  public func lostConstant(outputs: Int, outputActivation: Activation) -> LostConstant {
    .ofCost(
      CostConstant(
        constant: MathText("½", ascii: "1/2", latex: "\\tfrac{1}{2}"), cost: kind,
        gradient: MathText("a − y", ascii: "a - y"),
        gradientWithout: MathText("2(a − y)", ascii: "2(a - y)")))
  }
  /// `the quadratic cost`.
  public var nameInProse: String { "the quadratic cost" }
  /// `nil`: any output activation.
  public var allowedOutputActivations: [Activation]? { nil }
  /// `nil`: any target.
  public var targetRange: ClosedRange<Double>? { nil }
  /// ½ Σᵢ (aᵢ − yᵢ)².
  public var formula: MathText {
    MathText(
      "½ Σᵢ (aᵢ − yᵢ)²", ascii: "1/2 sum_i (a_i - y_i)^2",
      latex: "\\tfrac{1}{2}\\sum_{i} (a_{i} - y_{i})^{2}")
  }
  /// aᵢ − yᵢ.
  public var gradientFormula: MathText {
    MathText("aᵢ − yᵢ", ascii: "a_i - y_i", latex: "a_{i} - y_{i}")
  }

  /// total + (a − y)².
  @inlinable
  public func adding<T: NetworkScalar>(entry a: T, target y: Double, to total: T) -> T {
    let d = a - T(y)
    return total + d * d
  }

  /// ½ Σ (a_i − y_i)².
  @inlinable
  public func cost<T: NetworkScalar>(fromSum total: T, count n: Int) -> T { T(0.5) * total }

  /// a − y.
  @inlinable
  public func gradient(_ a: [Double], target y: [Double]) -> [Double] {
    var g = [Double](repeating: 0, count: a.count)
    for i in 0..<a.count { g[i] = a[i] - y[i] }
    return g
  }
}

extension Quadratic {
  /// `.fromOutputChanges`, after any output activation.
  public func changeForm(after outputActivation: Activation) -> CostChangeForm {
    .fromOutputChanges
  }

  /// Σᵢ Δaᵢ (rᵢ + ½ Δaᵢ) with r = a − y, which is ½‖r + Δa‖² − ½‖r‖² without the
  /// cancellation of the two squares.
  /// - Complexity: O(n · width).
  public func outputChange(
    output a: UnsafePointer<Double>, target y: UnsafePointer<Double>, count n: Int,
    changes da: UnsafePointer<Double>, stride: Int, into change: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    for c in 0..<width { change[c] = 0 }
    for i in 0..<n {
      let r = a[i] - y[i]
      let row = da + i * stride
      for c in 0..<width { change[c] += row[c] * (r + 0.5 * row[c]) }
    }
  }
}
