/// How the parameters move once a gradient is known.
public enum Optimizer: Equatable, Sendable {
  /// Plain gradient descent, θ ← θ − η g.
  case gradientDescent
  /// Classical momentum: v ← μ v − η g, then θ ← θ + v, with v = 0 at the start.
  case momentum(Double)
  /// Resilient propagation: a step size per parameter, driven by the sign of g only.
  case rprop(RpropParameters)
}

/// Which samples make up one step of an epoch.
public enum Batching: Equatable, Sendable {
  /// Every sample in one step: one step per epoch (gradient descent on the mean cost).
  case full
  /// Steps on batches of this many samples, shuffled afresh every epoch by the seed; the
  /// last batch of an epoch may be smaller.
  case miniBatch(Int)
  /// One sample a step, in the data's order (the seed Go network's online training).
  case online
}

/// In which order a step meets the layers.
public enum UpdateOrder: String, CaseIterable, Sendable {
  /// Every gradient is taken with the original weights, then all parameters move: the
  /// textbook step, θ⁺ = θ − η ∂C̄/∂θ for every θ.
  case parallel
  /// Layer L moves first, and its new weights carry δ down to layer L − 1, which moves
  /// next, and so on: what the classic 2-2-2 example's published errors used.
  case sequential
}

/// Everything a training run needs besides the network and the data.
public struct TrainingOptions: Equatable, Sendable {
  /// How many passes over the training data.
  public var epochs: Int
  /// The learning rate η (for RPROP, unused: its steps are its own).
  public var learningRate: Double
  /// The optimizer.
  public var optimizer: Optimizer
  /// The batches of a step.
  public var batching: Batching
  /// Parallel or sequential layers within a step.
  public var updateOrder: UpdateOrder
  /// Whether the biases stay as they are.
  public var freezeBiases: Bool
  /// Records the costs every this many epochs (and after the first and the last).
  public var recordEvery: Int
  /// The seed of the mini-batch shuffle.
  public var seed: UInt64

  /// Creates options; the defaults are full-batch gradient descent with parallel updates.
  public init(
    epochs: Int, learningRate: Double, optimizer: Optimizer = .gradientDescent,
    batching: Batching = .full, updateOrder: UpdateOrder = .parallel, freezeBiases: Bool = false,
    recordEvery: Int = 1, seed: UInt64 = 0
  ) {
    self.epochs = epochs
    self.learningRate = learningRate
    self.optimizer = optimizer
    self.batching = batching
    self.updateOrder = updateOrder
    self.freezeBiases = freezeBiases
    self.recordEvery = recordEvery
    self.seed = seed
  }
}
