/// A constant in a cost's gradient that a scale mistake is likely to lose or add, as typed
/// facts the diagnosis puts into words: the ½ of ½‖a − y‖², the 2/n of the mean squared error.
public struct CostConstant: Equatable, Sendable {
  /// The constant itself: `½`, `2/n`.
  public var constant: MathText
  /// The cost it belongs to.
  public var cost: Cost
  /// ∂C/∂a written with the constant in place: `a − y`, `2(a − y)/n`.
  public var gradient: MathText
  /// ∂C/∂a as it reads with the constant lost, when worth showing: `2(a − y)`.
  public var gradientWithout: MathText?
  /// n, the number of outputs, when the constant depends on it.
  public var outputs: Int?

  /// Creates the facts.
  public init(
    constant: MathText, cost: Cost, gradient: MathText, gradientWithout: MathText? = nil,
    outputs: Int? = nil
  ) {
    self.constant = constant
    self.cost = cost
    self.gradient = gradient
    self.gradientWithout = gradientWithout
    self.outputs = outputs
  }
}
