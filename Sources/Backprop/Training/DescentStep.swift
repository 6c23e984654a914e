extension Network {
  /// One optimizer step on the mean cost over `batch`, in the given layer order; returns
  /// that mean cost as it was before the step.
  ///
  /// Parallel order takes the gradients of the mean cost by the library's backward pass,
  /// `gradients(over:)`, then moves every layer. Sequential order moves layer L first and
  /// back-propagates through its new weights, so δ^(l−1) = f′(z^(l−1)) ⊙ (W^l⁺)ᵀ δ^l; the
  /// forward pass and the z^l it uses are the ones from before the step.
  /// `observe` is shown each layer's gradients (weights, biases) as the step uses them.
  /// - Precondition: `batch` is not empty and each sample fits the network.
  /// - Complexity: O(m · Σ n_l n_(l−1)) for m samples.
  public mutating func descend(
    on batch: [Sample], order: UpdateOrder, state: inout OptimizerState,
    observe: (_ layer: Int, _ weights: Matrix, _ biases: [Double]) -> Void = { _, _, _ in }
  ) -> Double {
    switch order {
    case .parallel:
      let g = gradients(over: batch)
      for l in 1...depth {
        observe(l, g.weights[l - 1], g.biases[l - 1])
        state.update(
          layer: l, weights: &weights[l - 1], biases: &biases[l - 1],
          weightGradient: g.weights[l - 1], biasGradient: g.biases[l - 1])
      }
      return g.cost ?? .nan
    case .sequential:
      return descendSequentially(on: batch, state: &state, observe: observe)
    }
  }

  private mutating func descendSequentially(
    on batch: [Sample], state: inout OptimizerState,
    observe: (_ layer: Int, _ weights: Matrix, _ biases: [Double]) -> Void
  ) -> Double {
    precondition(!batch.isEmpty, "a step needs at least one sample")
    let traces = batch.map { forward($0.input) }
    let scale = 1 / Double(batch.count)
    var total = 0.0
    // δ^L of every sample, by the library's backward pass.
    var deltas: [[Double]] = []
    for (trace, sample) in zip(traces, batch) {
      total += cost.value(
        z: trace.z[depth], a: trace.output, outputActivation: activations[depth - 1],
        target: sample.target)
      deltas.append(backward(trace, target: sample.target).delta[depth])
    }
    var l = depth
    while l >= 1 {
      var weightGradient = Matrix(rows: sizes[l], columns: sizes[l - 1])
      var biasGradient = [Double](repeating: 0, count: sizes[l])
      for (delta, trace) in zip(deltas, traces) {
        WeightGradient(layer: l, delta: delta, previousActivation: trace.a[l - 1])
          .accumulate(into: &weightGradient, biases: &biasGradient, scale: scale)
      }
      observe(l, weightGradient, biasGradient)
      state.update(
        layer: l, weights: &weights[l - 1], biases: &biases[l - 1],
        weightGradient: weightGradient, biasGradient: biasGradient)
      if l > 1 {
        // δ^(l−1) through the weights W^l just updated.
        let below = activations[l - 2]
        deltas = zip(deltas, traces).map { delta, trace in
          below.backward(
            weights[l - 1].transposeMultiplied(by: delta), z: trace.z[l - 1], a: trace.a[l - 1])
        }
      }
      l -= 1
    }
    return total / Double(batch.count)
  }
}
