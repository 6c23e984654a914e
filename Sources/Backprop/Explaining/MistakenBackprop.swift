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

  /// Whether two numbers differ (NaN on both sides counts as the same).
  static func differ(_ x: Double, _ y: Double) -> Bool {
    !(x == y || (x.isNaN && y.isNaN))
  }
}
