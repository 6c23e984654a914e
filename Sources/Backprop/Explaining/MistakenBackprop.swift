/// The backward pass of every sample with one classic mistake built in (`BackpropMistake`,
/// injected into the real backward pass at the step it replaces), and the gradients of the
/// mean cost it gives: what a student's buggy backprop would print.
struct MistakenBackprop {
  /// The mistake.
  let mistake: BackpropMistake
  /// The mistaken δ's of every sample.
  let backward: [BackwardTrace]
  /// The mistaken gradients of the mean cost.
  let gradients: Gradients

  /// Runs the mistaken backward pass on the `forward` traces of `samples`, or `nil` when the
  /// mistake cannot happen in `network`.
  /// - Complexity: O(m · P) for m samples and P parameters.
  init?(_ mistake: BackpropMistake, network: Network, samples: [Sample], forward: [ForwardTrace]) {
    guard let gradients = network.gradients(over: samples, making: mistake) else { return nil }
    let steps = mistake.steps(output: .elementwiseOnly)
    self.mistake = mistake
    self.gradients = gradients
    backward = zip(forward, samples).map { network.backward($0, target: $1.target, steps: steps) }
  }

  /// Whether two numbers differ (NaN on both sides counts as the same).
  static func differ(_ x: Double, _ y: Double) -> Bool {
    !(x == y || (x.isNaN && y.isNaN))
  }
}
