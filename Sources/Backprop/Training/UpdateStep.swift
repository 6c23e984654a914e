/// One step of gradient descent on the mean cost, θ⁺ = θ − η g, with everything needed to
/// show it: the gradients used, the parameters before and after, the cost before and after.
public struct UpdateStep: Equatable, Sendable {
  /// η.
  public let learningRate: Double
  /// Parallel or sequential.
  public let order: UpdateOrder
  /// Whether the biases stayed fixed.
  public let freezeBiases: Bool
  /// The g each parameter moved by: ∂C̄/∂θ in the parallel order; in the sequential
  /// order, below the output layer, the gradient through the already updated weights.
  public let gradients: Gradients
  /// The network before the step.
  public let before: Network
  /// The network after the step.
  public let after: Network
  /// C̄ before the step.
  public let costBefore: Double
  /// C̄ after the step.
  public let costAfter: Double

  /// Takes one full-batch step of gradient descent on `samples`.
  /// - Precondition: `samples` is not empty and each fits the network.
  /// - Complexity: O(m · Σ n_l n_(l−1)).
  public init(
    network: Network, samples: [Sample], learningRate: Double, order: UpdateOrder,
    freezeBiases: Bool
  ) {
    self.learningRate = learningRate
    self.order = order
    self.freezeBiases = freezeBiases
    before = network
    var next = network
    var state = OptimizerState(
      .gradientDescent, learningRate: learningRate, freezeBiases: freezeBiases, for: network)
    var used = Gradients(zerosLike: network)
    costBefore = next.descend(on: samples, order: order, state: &state) { l, w, b in
      used.weights[l - 1] = w
      used.biases[l - 1] = b
    }
    used.cost = costBefore
    gradients = used
    after = next
    costAfter = next.cost(over: samples)
  }
}
