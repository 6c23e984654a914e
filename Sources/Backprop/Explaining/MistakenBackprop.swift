/// The backward pass of every sample with one classic mistake built in (`InjectedMistake`,
/// injected into the real backward pass at the step it replaces), and the gradients of the
/// mean cost it gives: what a student's buggy backprop would print.
struct MistakenBackprop {
  /// The mistake.
  let mistake: InjectedMistake
  /// The mistaken δ's of every sample.
  let backward: [BackwardTrace]
  /// The mistaken gradients of the mean cost.
  let gradients: Gradients

  /// Runs the mistaken backward pass on the `forward` traces of `samples`, or `nil` when the
  /// mistake cannot happen in `network`.
  /// - Complexity: O(m · P) for m samples and P parameters.
  init?(_ mistake: InjectedMistake, network: Network, samples: [Sample], forward: [ForwardTrace]) {
    if mistake.obstacle(in: network, sampleCount: samples.count) != nil { return nil }
    let steps = mistake.steps
    var gradients = network.gradients(over: samples, steps: steps)
    gradients.cost = nil
    switch mistake {
    case .sumInsteadOfMean:
      let m = Double(samples.count)
      for i in gradients.weights.indices {
        gradients.weights[i].storage = gradients.weights[i].storage.map { m * $0 }
      }
      gradients.biases = gradients.biases.map { $0.map { m * $0 } }
    case .bias:
      gradients.biases = gradients.biases.map { $0.map { _ in 0 } }
    default: break
    }
    self.mistake = mistake
    self.gradients = gradients
    backward = zip(forward, samples).map { network.backward($0, target: $1.target, steps: steps) }
  }

  /// Why the mistake changes nothing for these samples, or `nil` when it changes an error
  /// of some sample or a gradient: compared with the right errors and gradients.
  /// - Complexity: O(m · Σ n_l + P) for m samples and P parameters.
  func unchangedReason(
    network: Network, forward: [ForwardTrace], rightErrors: [BackwardTrace],
    rightGradients: Gradients
  ) -> MistakeObstacle? {
    for (r, w) in zip(rightErrors, backward) {
      for l in 1...network.depth where zip(r.delta[l], w.delta[l]).contains(where: Self.differ) {
        return nil
      }
    }
    if network.parameterIndices.contains(where: { Self.differ(rightGradients[$0], gradients[$0]) })
    {
      return nil
    }
    if rightErrors.allSatisfy({ $0.delta.allSatisfy { $0.allSatisfy { $0 == 0 } } }) {
      return .zeroErrors
    }
    let output = network.activation(network.depth)
    if mistake == .missingOutputDerivative && output.isElementwise
      && forward.allSatisfy({ $0.z[network.depth].allSatisfy { output.derivative($0) == 1 } })
    {
      return .unitOutputDerivative
    }
    return .unchangedForSamples
  }

  /// Whether two numbers differ (NaN on both sides counts as the same).
  static func differ(_ x: Double, _ y: Double) -> Bool {
    !(x == y || (x.isNaN && y.isNaN))
  }
}
