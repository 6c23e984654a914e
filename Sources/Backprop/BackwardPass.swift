/// What the backward pass finds for one sample: δ^l = ∂C/∂z^l for every layer.
public struct BackwardTrace: Equatable, Sendable {
  /// `delta[l]` = δ^l for 1 ≤ l ≤ L; `delta[0]` is empty.
  public var delta: [[Double]]
}

extension Network {
  /// Backpropagation for one sample: δ^L = ∂C/∂a^L · ∂a^L/∂z^L, then the recursion
  /// δ^l = ((W^(l+1))ᵀ δ^(l+1)) · ∂a^l/∂z^l, which for an element-wise f is
  /// (W^(l+1))ᵀ δ^(l+1) ⊙ f′(z^l).
  /// - Complexity: O(Σ n_l n_(l−1)), like the forward pass.
  public func backward(_ trace: ForwardTrace, target: [Double]) -> BackwardTrace {
    var delta = [[Double]](repeating: [], count: depth + 1)
    // Output layer: ∂C/∂a^L, then through the activation. For sigmoid with cross-entropy
    // and softmax with categorical cross-entropy the product simplifies to a^L − y, which
    // stays exact when the output saturates.
    let f = activations[depth - 1]
    if let fused = cost.fusedOutputDelta(
      z: trace.z[depth], a: trace.output, target: target, outputActivation: f)
    {
      delta[depth] = fused
    } else {
      let outputGradient = cost.gradient(trace.output, target: target)
      delta[depth] = f.backward(outputGradient, z: trace.z[depth], a: trace.a[depth])
    }
    // Hidden layers, from L−1 down to 1.
    var l = depth - 1
    while l >= 1 {
      // ∂C/∂a^l = (W^(l+1))ᵀ δ^(l+1)
      let upstream = weights[l].transposeMultiplied(by: delta[l + 1])
      // δ^l = ∂C/∂a^l · ∂a^l/∂z^l
      delta[l] = activations[l - 1].backward(upstream, z: trace.z[l], a: trace.a[l])
      l -= 1
    }
    return BackwardTrace(delta: delta)
  }

  /// The weight-gradient steps ∂C/∂W^l = δ^l (a^(l−1))ᵀ of one sample.
  public func weightGradients(_ trace: ForwardTrace, _ backward: BackwardTrace) -> [WeightGradient]
  {
    (1...depth).map {
      WeightGradient(layer: $0, delta: backward.delta[$0], previousActivation: trace.a[$0 - 1])
    }
  }

  /// The gradients of the mean cost over `samples`, by backpropagation, with the cost.
  /// - Precondition: `samples` is not empty and each fits the network.
  /// - Complexity: O(m · Σ n_l n_(l−1)).
  public func gradients(over samples: [Sample]) -> Gradients {
    precondition(!samples.isEmpty, "gradients need at least one sample")
    var total = Gradients(zerosLike: self)
    var totalCost = 0.0
    let scale = 1 / Double(samples.count)
    for sample in samples {
      let trace = forward(sample.input)
      totalCost += cost.value(
        z: trace.z[depth], a: trace.output, outputActivation: activations[depth - 1],
        target: sample.target)
      let back = backward(trace, target: sample.target)
      // The last step of the chain, ∂C/∂W^l = δ^l (a^(l−1))ᵀ and ∂C/∂b^l = δ^l, averaged.
      for step in weightGradients(trace, back) {
        step.accumulate(
          into: &total.weights[step.layer - 1], biases: &total.biases[step.layer - 1], scale: scale)
      }
    }
    total.cost = totalCost / Double(samples.count)
    return total
  }
}
