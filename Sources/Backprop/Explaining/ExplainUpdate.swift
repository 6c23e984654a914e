/// The gradient-descent step a derivation shows after its gradients: the learning rate, the
/// order in which the layers move, and whether the biases stay fixed.
public struct ExplainUpdate: Sendable, Equatable {
  /// η.
  public var learningRate: Double
  /// Parallel (every gradient from the old weights) or sequential.
  public var order: UpdateOrder
  /// Whether the biases stay as they are.
  public var freezeBiases: Bool

  /// Creates an update; the defaults are the parallel order with biases moving.
  public init(learningRate: Double, order: UpdateOrder = .parallel, freezeBiases: Bool = false) {
    self.learningRate = learningRate
    self.order = order
    self.freezeBiases = freezeBiases
  }
}
