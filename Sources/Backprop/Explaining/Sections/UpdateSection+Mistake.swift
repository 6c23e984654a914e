/// The update of `--update` with `--mistake`: the step the buggy program takes, from its own
/// gradients, marked where it differs from the correct program's step.
extension DerivationBuilder {
  /// The step the derivation shows and reports: with a mistake built in, the mistaken
  /// program's step (θ⁺ = θ − η g with its gradients g), else `correct` itself.
  ///
  /// Only the parallel order has a mistaken step (`nn-explain` refuses `--mistake` with
  /// `--update-order sequential`); in the sequential order this is `correct`.
  /// - Complexity: O(m · P) for m samples and P parameters (one cost after the step).
  func shownStep(_ correct: UpdateStep) -> UpdateStep {
    guard let mistaken, correct.order == .parallel else { return correct }
    return UpdateStep(correct, mistakenGradients: mistaken.gradients, samples: samples)
  }

  /// The note of the update section with a mistake: the numbers are the mistaken program's,
  /// and the correct step reaches another cost.
  func mistakenUpdateNote(correct: UpdateStep, shown: UpdateStep) -> [DerivationBlock] {
    guard let mistaken, correct.order == .parallel else { return [] }
    return [
      .note([
        prose(
          "With the mistake " + mistaken.mistake.rawValue + ", this section shows the step the "
            + "buggy program takes, from its own gradients; a marked number differs from the "
            + "correct program's step, which would reach "),
        math(updated(descendedCost) + .equals + symbols.number(correct.costAfter)),
        prose(" instead of "), math(symbols.number(shown.costAfter)), prose("."),
      ])
    ]
  }
}

extension UpdateStep {
  /// The step of `correct` taken with the gradients `g` of a mistaken program instead:
  /// θ⁺ = θ − η g for every weight, and every bias unless the biases are frozen (the
  /// parallel order: every g from the parameters before the step).
  /// - Complexity: O(m · P) for m samples and P parameters.
  init(_ correct: UpdateStep, mistakenGradients g: Gradients, samples: [Sample]) {
    let eta = correct.learningRate
    learningRate = eta
    order = correct.order
    freezeBiases = correct.freezeBiases
    before = correct.before
    var next = correct.before
    for l in 1...next.depth {
      next.weights[l - 1].storage = zip(next.weights[l - 1].storage, g.weights[l - 1].storage)
        .map { $0 - eta * $1 }
      if !freezeBiases {
        next.biases[l - 1] = zip(next.biases[l - 1], g.biases[l - 1]).map {
          $0 - eta * $1
        }
      }
    }
    var used = g
    used.cost = correct.costBefore
    gradients = used
    after = next
    costBefore = correct.costBefore
    costAfter = next.cost(over: samples)
  }
}
