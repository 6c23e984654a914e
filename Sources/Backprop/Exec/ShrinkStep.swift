/// One simplification the shrinker kept because the program still failed after it.
public enum ShrinkStep: Equatable, Sendable {
  /// A hidden layer removed; its neighbours' weights are merged (W^(l+1) W^l).
  case removedLayer(Int)
  /// Neuron `index` of layer `layer` removed (layer 0 is the input).
  case removedNeuron(layer: Int, index: Int)
  /// Sample `index` removed.
  case removedSample(Int)
  /// Every number rounded to `decimals` decimals.
  case roundedAll(decimals: Int)
  /// One number replaced by a simpler one.
  case simplified(NumberLocation, from: Double, to: Double)
}

/// Where a number of a network file sits.
public enum NumberLocation: Equatable, Sendable {
  /// W^layer[row, column].
  case weight(layer: Int, row: Int, column: Int)
  /// b^layer[row].
  case bias(layer: Int, row: Int)
  /// Input `index` of sample `sample`.
  case input(sample: Int, index: Int)
  /// Target `index` of sample `sample`.
  case target(sample: Int, index: Int)
}

/// What shrinking a failing network produced.
public struct ShrinkResult: Equatable, Sendable {
  /// The network the shrinking started from.
  public var original: NetworkFile
  /// The smallest, simplest network found on which the program still fails.
  public var minimal: NetworkFile
  /// The steps kept, in order.
  public var steps: [ShrinkStep]
  /// How many candidates were tried (each a run of the program).
  public var attempts: Int

  /// Creates a result.
  public init(original: NetworkFile, minimal: NetworkFile, steps: [ShrinkStep], attempts: Int) {
    self.original = original
    self.minimal = minimal
    self.steps = steps
    self.attempts = attempts
  }
}
