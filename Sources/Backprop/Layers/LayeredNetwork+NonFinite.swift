extension LayeredNetwork {
  /// The first value of the forward pass that is not finite, sample by sample, and within a
  /// sample layer by layer (each layer's output, layer k = 1 for the first after the input),
  /// then the sample's cost; `nil` when all are finite.
  /// - Precondition: every sample fits the network.
  /// - Complexity: one forward pass per sample.
  public func firstNonFiniteValue(over samples: [Sample]) -> NonFiniteValue? {
    for (s, sample) in samples.enumerated() {
      var x = sample.input
      var record = KinkRecord()
      for (k, layer) in layers.enumerated() {
        x = layer.forward(x, parameters: slice(parameters, layer: k), kinks: &record)
        if let j = NonFiniteValue.firstIndex(in: x) {
          return NonFiniteValue(
            quantity: .activation, layer: k + 1, sample: s, entry: .unit(j), value: x[j])
        }
      }
      let c = cost(parameters: parameters, sample: sample, kinks: &record)
      if !c.isFinite {
        return NonFiniteValue(
          quantity: .cost, layer: layers.count, sample: s, entry: nil, value: c)
      }
    }
    return nil
  }
}
