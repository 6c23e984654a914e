/// An optimizer with its memory between steps: the velocities of momentum, the step
/// sizes and last gradients of RPROP.
///
/// Parameters live in blocks, two per layer (W^l row by row, then b^l); every rule works
/// entry by entry, so each block keeps its own flat memory.
public struct OptimizerState: Sendable {
  /// The rule.
  public let optimizer: Optimizer
  /// η, for gradient descent and momentum.
  public let learningRate: Double
  /// Whether bias blocks are left alone.
  public let freezeBiases: Bool
  // Momentum's v, or RPROP's Δ.
  private var memory: [[Double]]
  // RPROP's previous gradient.
  private var previousGradient: [[Double]]
  // Rprop⁺'s previous update, for weight-backtracking.
  private var previousUpdate: [[Double]]

  /// Fresh memory for `network`'s parameters.
  public init(
    _ optimizer: Optimizer, learningRate: Double, freezeBiases: Bool, for network: Network
  ) {
    self.optimizer = optimizer
    self.learningRate = learningRate
    self.freezeBiases = freezeBiases
    var blocks: [Int] = []
    for (w, b) in zip(network.weights, network.biases) { blocks += [w.storage.count, b.count] }
    switch optimizer {
    case .gradientDescent:
      memory = []
      previousGradient = []
      previousUpdate = []
    case .momentum:
      memory = blocks.map { [Double](repeating: 0, count: $0) }
      previousGradient = []
      previousUpdate = []
    case .rprop(let p):
      memory = blocks.map { [Double](repeating: p.initialStep, count: $0) }
      previousGradient = blocks.map { [Double](repeating: 0, count: $0) }
      previousUpdate = blocks.map { [Double](repeating: 0, count: $0) }
    }
  }

  /// Moves layer `layer`'s parameters against the gradients of its weights and biases.
  /// - Complexity: O(n_l · n_(l−1)).
  public mutating func update(
    layer: Int, weights: inout Matrix, biases: inout [Double], weightGradient: Matrix,
    biasGradient: [Double]
  ) {
    step(block: 2 * (layer - 1), values: &weights.storage, gradient: weightGradient.storage)
    if !freezeBiases { step(block: 2 * (layer - 1) + 1, values: &biases, gradient: biasGradient) }
  }

  private mutating func step(block: Int, values: inout [Double], gradient: [Double]) {
    let eta = learningRate
    switch optimizer {
    case .gradientDescent:
      for i in values.indices { values[i] -= eta * gradient[i] }
    case .momentum(let mu):
      for i in values.indices {
        let v = mu * memory[block][i] - eta * gradient[i]
        memory[block][i] = v
        values[i] += v
      }
    case .rprop(let p):
      for i in values.indices {
        rpropStep(p, block: block, index: i, value: &values[i], gradient: gradient[i])
      }
    }
  }

  private mutating func rpropStep(
    _ p: RpropParameters, block: Int, index i: Int, value: inout Double, gradient: Double
  ) {
    var g = gradient
    let agreement = g * previousGradient[block][i]
    var delta = memory[block][i]
    if agreement > 0 {
      delta = min(delta * p.increase, p.maximumStep)
    } else if agreement < 0 {
      delta = max(delta * p.decrease, p.minimumStep)
    }
    memory[block][i] = delta
    switch p.variant {
    case .backtracking:
      if agreement < 0 {
        // Take the last step back and forget this gradient, so the next step is neutral.
        value -= previousUpdate[block][i]
        previousUpdate[block][i] = 0
        previousGradient[block][i] = 0
        return
      }
      let u = -Self.sign(g) * delta
      value += u
      previousUpdate[block][i] = u
      previousGradient[block][i] = g
    case .improvedMinus:
      if agreement < 0 { g = 0 }
      value -= Self.sign(g) * delta
      previousGradient[block][i] = g
    }
  }

  private static func sign(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}
