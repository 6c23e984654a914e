extension LayeredNetwork {
  /// Where a backward pass over the layers starts: ∂C/∂(output of layer `last`) for one
  /// sample, from the outputs `values` of `trace`.
  ///
  /// With a fused pair (softmax with categorical cross-entropy, sigmoid with cross-entropy)
  /// the gradient is taken with respect to the last activation's input and `last` is the
  /// layer before it; otherwise it is ∂C/∂a of the last layer's output.
  /// - Complexity: O(output size).
  func costGradient(_ values: [[Double]], target: [Double]) -> (gradient: [Double], last: Int) {
    let last = layers.count - 1
    if let f = fusedActivation,
      let delta = cost.fusedOutputDelta(
        z: values[last], a: values[last + 1], target: target, outputActivation: f)
    {
      return (delta, last - 1)
    }
    return (cost.gradient(values[last + 1], target: target), last)
  }
}
