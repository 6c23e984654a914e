extension LayeredNetwork {
  /// The first value of the forward pass that is not finite, sample by sample, and within a
  /// sample layer by layer, then the sample's cost; `nil` when all are finite.
  ///
  /// A layer's output is named by its number l (`numbers`): z^l when an activation sharing
  /// its number follows, a^l otherwise, as the derivations name them.
  /// - Precondition: every sample fits the network.
  /// - Complexity: one forward pass per sample.
  public func firstNonFiniteValue(over samples: [Sample]) -> NonFiniteValue? {
    for (s, sample) in samples.enumerated() {
      var x = sample.input
      var record = KinkRecord()
      for (k, layer) in layers.enumerated() {
        x = layer.forward(x, parameters: slice(parameters, layer: k), kinks: &record)
        if let j = NonFiniteValue.firstIndex(in: x) {
          let sharedNext = k + 1 < layers.count && numbers[k + 1] == numbers[k]
          return NonFiniteValue(
            quantity: sharedNext ? .weightedInput : .activation, layer: numbers[k], sample: s,
            entry: .unit(j), value: x[j])
        }
      }
      let c = cost(parameters: parameters, sample: sample, kinks: &record)
      if !c.isFinite {
        return NonFiniteValue(
          quantity: .cost, layer: numbers.last ?? 0, sample: s, entry: nil, value: c)
      }
    }
    return nil
  }
}
