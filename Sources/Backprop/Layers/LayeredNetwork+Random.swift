extension LayeredNetwork {
  /// A network of `architecture` with seeded random parameters, and `sampleCount` random
  /// samples, as `NetworkFile.random` makes them for dense networks.
  ///
  /// One generator draws every number in storage order: each layer's tensors in turn (a
  /// dense layer's W row by row, then b), then each sample's input and target. Weight
  /// tensors are N(0, 1)/√fan-in (fan-in: the entries of one output's sum, e.g. n_(l−1)
  /// for a dense W, C·kh·kw for a kernel); biases N(0, 0.25); inputs N(0, 1); targets from
  /// the cost (`CostFunction.randomTarget`: one-hot for categorical cross-entropy, 0 or 1
  /// for cross-entropy, uniform in [0, 1) otherwise). So an architecture of dense layers
  /// and activations draws exactly the weights, biases and samples that
  /// `NetworkFile.random` draws for `--layers` with the same sizes, seed and sample count.
  /// - Throws: `LayeredNetworkError` when the architecture or cost does not fit.
  public static func random(
    _ architecture: Architecture, cost: Cost, sampleCount: Int, seed: UInt64
  ) throws(LayeredNetworkError) -> (network: LayeredNetwork, samples: [Sample]) {
    var network = try LayeredNetwork(architecture: architecture, cost: cost)
    var rng = SplitMix64(seed: seed)
    for slot in network.tensorSlots {
      let isBias = slot.tensor.shape.count == 1
      let fanIn = isBias ? 1 : slot.tensor.count / slot.tensor.shape[0]
      let scale = isBias ? 0.5 : 1 / Double(fanIn).squareRoot()
      for i in slot.range { network.parameters[i] = rng.nextGaussian() * scale }
    }
    var samples: [Sample] = []
    let n = network.outputShape.count
    for _ in 0..<max(sampleCount, 0) {
      let input = (0..<network.inputShape.count).map { _ in rng.nextGaussian() }
      let target = cost.function.randomTarget(count: n, using: &rng)
      samples.append(Sample(input: input, target: target))
    }
    return (network, samples)
  }
}
