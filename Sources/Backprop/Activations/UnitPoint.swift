/// A unit's base point, with what `ActivationFunction.change(at:_:into:width:)` needs
/// besides z and a: f′(z) (sech² z for tanh, σ(z) σ(−z) for σ, e^z for elu at z ≤ 0, σ(z)
/// for softplus) and the kind's `changeComplement(_:)` (σ(−z) for σ), each computed
/// without cancellation.
public struct UnitPoint: Sendable {
  /// The unit's kind.
  public let activation: Activation
  /// The weighted input.
  public let z: Double
  /// The activation f(z).
  public let a: Double
  /// f′(z), or 0 for a kind that is not element-wise.
  public let slope: Double
  /// The kind's `changeComplement(_:)` at z.
  public let complement: Double

  /// The point of a unit with weighted input z and activation a (computed as the batched
  /// evaluator does).
  public init(_ activation: Activation, z: Double, a: Double) {
    self.activation = activation
    self.z = z
    self.a = a
    slope = activation.isElementwise ? activation.derivative(z) : 0
    complement = activation.visit(ChangeComplement(z: z))
  }
}

/// `ActivationFunction.changeComplement(_:)` for the kind.
private struct ChangeComplement: ActivationVisitor {
  let z: Double
  func visit<F: ActivationFunction>(_ function: F) -> Double { function.changeComplement(z) }
}
