/// The networks `gradcheck --exec` draws its trials from: ranges of depth, layer sizes and
/// sample counts, the allowed activations and costs, and a seed.
///
/// Trial i depends only on the seed and i, so trials can run in any order, side by side, and
/// still be the same trials.
public struct TrialSpace: Equatable, Sendable {
  /// Weight layers (a 2,3,3,1 network has 3).
  public var layers: ClosedRange<Int>
  /// Neurons per layer, input and output included.
  public var sizes: ClosedRange<Int>
  /// Samples per network.
  public var samples: ClosedRange<Int>
  /// Activations the hidden layers (and, where the cost allows, the output) may use.
  public var activations: [Activation]
  /// Costs a network may use.
  public var costs: [Cost]
  /// The seed of every trial.
  public var seed: UInt64

  /// Creates a space.
  /// - Precondition: the ranges start at 1 or more and the lists are not empty.
  public init(
    layers: ClosedRange<Int> = 1...4, sizes: ClosedRange<Int> = 1...6,
    samples: ClosedRange<Int> = 1...5, activations: [Activation] = [.sigmoid, .tanh],
    costs: [Cost] = [.quadratic], seed: UInt64 = 0
  ) {
    self.layers = layers
    self.sizes = sizes
    self.samples = samples
    self.activations = activations
    self.costs = costs
    self.seed = seed
  }

  /// The seed of the random network of trial `index`.
  public func networkSeed(trial index: Int) -> UInt64 {
    var mix = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
    return mix.next()
  }

  /// The spec of trial `index`: depth, sizes, activations, cost and samples drawn from the
  /// ranges with the trial's own generator.
  public func spec(trial index: Int) -> RandomNetworkSpec {
    var rng = SplitMix64(seed: networkSeed(trial: index))
    func pick(_ range: ClosedRange<Int>) -> Int {
      range.lowerBound + rng.nextInt(below: range.count)
    }
    let depth = pick(layers)
    let sizes = (0...depth).map { _ in pick(self.sizes) }
    let cost = costs[rng.nextInt(below: costs.count)]
    let hidden = activations[rng.nextInt(below: activations.count)]
    var output = activations[rng.nextInt(below: activations.count)]
    if let allowed = cost.allowedOutputActivations, !allowed.contains(output) {
      let usable = activations.filter { allowed.contains($0) }
      output =
        usable.isEmpty
        ? (cost == .categoricalCrossEntropy ? .softmax : .sigmoid)
        : usable[rng.nextInt(below: usable.count)]
    }
    if cost == .crossEntropy && output == .softmax && sizes[depth] == 1 {
      output = .sigmoid  // a softmax over one output is always 1: ln(1 − a) is −∞
    }
    return RandomNetworkSpec(
      sizes: sizes, hiddenActivation: hidden, outputActivation: output, cost: cost,
      sampleCount: pick(samples), seed: rng.next())
  }

  /// The network and samples of trial `index`.
  public func network(trial index: Int) -> NetworkFile? {
    try? NetworkFile.random(spec(trial: index))
  }
}
