/// What the backward pass finds for one sample: δ^l = ∂C/∂z^l for every layer.
public struct BackwardTrace: Equatable, Sendable {
  /// `delta[l]` = δ^l for 1 ≤ l ≤ L; `delta[0]` is empty.
  public var delta: [[Double]]
}

/// The steps of backpropagation for one sample that a classic mistake can replace.
///
/// `BackpropSteps.backprop` is the real backward pass; `ClassicMistakes.swift` runs it with
/// one step replaced to see which gradients a mistake would produce.
struct BackpropSteps: Sendable {
  /// δ^L = ∂C/∂a^L · ∂a^L/∂z^L from the trace and the target.
  var outputDelta:
    @Sendable (_ network: Network, _ trace: ForwardTrace, _ target: [Double]) -> [Double]
  /// ∂C/∂a^l = (W^(l+1))ᵀ δ^(l+1), from layer l + 1's error.
  var upstream: @Sendable (_ network: Network, _ l: Int, _ deltaAbove: [Double]) -> [Double]
  /// δ^l = ∂C/∂a^l · ∂a^l/∂z^l, through layer l's activation.
  var hiddenDelta:
    @Sendable (_ network: Network, _ l: Int, _ upstream: [Double], _ trace: ForwardTrace) ->
      [Double]
  /// The activations whose outer product with δ^l gives ∂C/∂W^l: a^(l−1).
  var weightInput: @Sendable (_ network: Network, _ l: Int, _ trace: ForwardTrace) -> [Double]

  /// The real backward pass.
  static let backprop = BackpropSteps(
    outputDelta: { network, trace, target in network.outputDelta(trace, target: target) },
    upstream: { network, l, deltaAbove in network.weights[l].transposeMultiplied(by: deltaAbove) },
    hiddenDelta: { network, l, upstream, trace in
      network.activations[l - 1].backward(upstream, z: trace.z[l], a: trace.a[l])
    },
    weightInput: { _, l, trace in trace.a[l - 1] })
}

extension Network {
  /// Backpropagation for one sample: δ^L = ∂C/∂a^L · ∂a^L/∂z^L, then the recursion
  /// δ^l = ((W^(l+1))ᵀ δ^(l+1)) · ∂a^l/∂z^l, which for an element-wise f is
  /// (W^(l+1))ᵀ δ^(l+1) ⊙ f′(z^l).
  /// - Complexity: O(Σ n_l n_(l−1)), like the forward pass.
  public func backward(_ trace: ForwardTrace, target: [Double]) -> BackwardTrace {
    backward(trace, target: target, steps: .backprop)
  }

  /// The backward pass made of `steps`.
  func backward(_ trace: ForwardTrace, target: [Double], steps: BackpropSteps) -> BackwardTrace {
    var delta = [[Double]](repeating: [], count: depth + 1)
    delta[depth] = steps.outputDelta(self, trace, target)
    // Hidden layers, from L−1 down to 1.
    var l = depth - 1
    while l >= 1 {
      let upstream = steps.upstream(self, l, delta[l + 1])
      delta[l] = steps.hiddenDelta(self, l, upstream, trace)
      l -= 1
    }
    return BackwardTrace(delta: delta)
  }

  /// δ^L = ∂C/∂a^L · ∂a^L/∂z^L.
  ///
  /// For sigmoid with cross-entropy and softmax with categorical cross-entropy the product
  /// simplifies to a^L − y, which stays exact when the output saturates.
  func outputDelta(_ trace: ForwardTrace, target: [Double]) -> [Double] {
    let f = activations[depth - 1]
    if let fused = cost.fusedOutputDelta(
      z: trace.z[depth], a: trace.output, target: target, outputActivation: f)
    {
      return fused
    }
    let outputGradient = cost.gradient(trace.output, target: target)
    return f.backward(outputGradient, z: trace.z[depth], a: trace.a[depth])
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
    gradients(over: samples, steps: .backprop)
  }

  /// The gradients of the mean cost over `samples` that backprop made of `steps` produces,
  /// with the cost.
  func gradients(over samples: [Sample], steps: BackpropSteps) -> Gradients {
    precondition(!samples.isEmpty, "gradients need at least one sample")
    var total = Gradients(zerosLike: self)
    var totalCost = 0.0
    let scale = 1 / Double(samples.count)
    for sample in samples {
      let trace = forward(sample.input)
      totalCost += cost.value(
        z: trace.z[depth], a: trace.output, outputActivation: activations[depth - 1],
        target: sample.target)
      let back = backward(trace, target: sample.target, steps: steps)
      // The last step of the chain, ∂C/∂W^l = δ^l (a^(l−1))ᵀ and ∂C/∂b^l = δ^l, averaged.
      for l in 1...depth {
        let step = WeightGradient(
          layer: l, delta: back.delta[l], previousActivation: steps.weightInput(self, l, trace))
        step.accumulate(into: &total.weights[l - 1], biases: &total.biases[l - 1], scale: scale)
      }
    }
    total.cost = totalCost / Double(samples.count)
    return total
  }
}
