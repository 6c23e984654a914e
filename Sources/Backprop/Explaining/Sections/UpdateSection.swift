/// The update section, after the gradients: one step of gradient descent,
/// θ⁺ = θ − η ∂C̄/∂θ, with its numbers, then the forward pass and the cost after the step.
extension DerivationBuilder {
  /// η.
  var eta: MathText { MathText("η", ascii: "eta", latex: "\\eta ") }

  /// `x` after the step: x⁺.
  func updated(_ x: MathText) -> MathText { x + MathText("⁺", ascii: "_new", latex: "{}^{+}") }

  /// The cost the step descends: C̄ for several samples, C for one.
  var descendedCost: MathText { samples.count > 1 ? symbols.meanCost : symbols.cost }

  /// The update section for the correct step `correct`: with a mistake built in, the
  /// mistaken program's step (`shownStep`), marked where it differs from `correct`.
  func updateSection(_ correct: UpdateStep) -> [DerivationBlock] {
    let step = shownStep(correct)
    let right: UpdateStep? = mistaken == nil || step.order != .parallel ? nil : correct
    let theta = MathText("θ", ascii: "theta", latex: "\\theta ")
    var blocks: [DerivationBlock] = [
      .equations([
        DerivationEquation(
          updated(theta), [theta + .minus + eta + .space + .derivative(descendedCost, theta)],
          comment: .words("for every weight and bias, ") + eta + .equals
            + symbols.number(step.learningRate)),
        DerivationEquation(
          updated(.symbol("W", sup: "l")),
          [
            .symbol("W", sup: "l") + .minus + eta + .space
              + .derivative(descendedCost, .symbol("W", sup: "l"))
          ],
          comment: symbols.shape(symbols.size("l"), symbols.size("l-1"))),
        DerivationEquation(
          updated(.symbol("b", sup: "l")),
          [
            .symbol("b", sup: "l") + .minus + eta + .space
              + .derivative(descendedCost, .symbol("b", sup: "l"))
          ],
          comment: symbols.shape(symbols.size("l"), .plain("1"))),
      ])
    ]
    switch step.order {
    case .parallel:
      blocks.append(
        .paragraph([
          prose(
            "Parallel order: every gradient is "
              + (right == nil
                ? "the one of the gradients section" : "the mistaken program's")
              + ", taken with the parameters before the step; then all of them move at once.")
        ]))
    case .sequential:
      blocks.append(
        .paragraph([
          prose("Sequential order: layer \(outputLayer) moves first, and each layer below takes "),
          math(.delta("l-1")), prose(" through the weights just updated above it, "),
          math(
            .delta("l-1") + .equals + .fPrime + .parens(.symbol("z", sup: "l-1")) + .hadamard
              + .parens(updated(.symbol("W", sup: "l"))) + .transpose + .space + .delta("l")),
          prose(
            ", with z from the forward pass before the step. Below the output layer these "
              + "gradients, written g in the listing, differ from the gradients section's."),
        ]))
    }
    if step.freezeBiases {
      blocks.append(
        .note([
          prose("The biases are frozen: "), math(updated(.symbol("b", sup: "l"))),
          prose(" = "), math(.symbol("b", sup: "l")), prose("."),
        ]))
    }
    blocks += mistakenUpdateNote(correct: correct, shown: step)
    blocks.append(.subheading("Numbers"))
    for l in layers {
      blocks.append(
        updateDisplay(
          symbols.weights(l), before: step.before.weight(l),
          gradient: step.gradients.weights[l - 1], after: step.after.weight(l),
          right: right.map { ($0.gradients.weights[l - 1], $0.after.weight(l)) }))
      if step.freezeBiases {
        blocks.append(
          display([
            .math(updated(symbols.biases(l)) + .equals + symbols.biases(l) + .equals),
            .matrix(column(step.after.bias(l))),
          ]))
      } else {
        blocks.append(
          updateDisplay(
            symbols.biases(l), before: column(step.before.bias(l)),
            gradient: column(step.gradients.biases[l - 1]), after: column(step.after.bias(l)),
            right: right.map { (column($0.gradients.biases[l - 1]), column($0.after.bias(l))) }))
      }
    }
    if listsEveryParameter {
      blocks.append(.subheading("Every parameter"))
      blocks.append(.equations(updateListing(step, right: right)))
    }
    blocks.append(.subheading("After the step (sample \(tracedSample))"))
    let after = step.after.forward(sample.input)
    for l in 1...outputLayer {
      blocks.append(
        labeled(
          updated(symbols.activation(l)), column(after.a[l]),
          mistaken: right.map { column($0.after.forward(sample.input).a[l]) }))
    }
    blocks.append(
      .equations([
        DerivationEquation(
          updated(descendedCost), [number(step.costAfter, mistaken: right?.costAfter)],
          comment: .words("before the step: ") + symbols.number(step.costBefore))
      ]))
    return blocks
  }

  /// `x⁺ = [before] − η · [gradient] = [after]`, or `x⁺ = [after]` summarized; the
  /// gradient and after entries marked where they differ from `right` (the correct
  /// program's gradient and after), when given.
  func updateDisplay(
    _ x: MathText, before: Matrix, gradient: Matrix, after: Matrix,
    right: (gradient: Matrix, after: Matrix)? = nil
  ) -> DerivationBlock {
    if summarizesMatrices { return labeled(updated(x), after, mistaken: right?.after) }
    return display(
      [
        .math(updated(x) + .equals), .matrix(before),
        .math(.minus + symbols.number(stepRate) + .dot), .matrix(gradient), .math(.equals),
        .matrix(after),
      ], mistaken: [3: right?.gradient, 5: right?.after])
  }

  /// η of the requested update.
  var stepRate: Double { options.update?.learningRate ?? 0 }

  /// θ⁺ = θ − η g = numbers = θ⁺ for every parameter of the shown layers, g and θ⁺ marked
  /// where they differ from the `right` step's, when given.
  func updateListing(_ step: UpdateStep, right: UpdateStep? = nil) -> [DerivationEquation] {
    var lines: [DerivationEquation] = []
    for p in network.parameterIndices where layers.contains(p.layer) {
      if step.freezeBiases, !p.isWeight { continue }
      let name = symbols.parameter(p)
      lines.append(
        DerivationEquation(
          updated(name),
          [
            name + .minus + eta + .space
              + (step.order == .parallel
                ? .derivative(descendedCost, name) : .plain("g") + .parens(name)),
            symbols.factor(step.before[p]) + .minus + symbols.factor(step.learningRate) + .dot
              + factor(step.gradients[p], mistaken: right?.gradients[p]),
            number(step.after[p], mistaken: right?.after[p]),
          ]))
    }
    return lines
  }
}
