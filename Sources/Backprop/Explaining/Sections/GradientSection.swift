/// Section 6, the gradients: ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ and ∂C/∂bˡ = δˡ, per sample, their mean,
/// and every parameter in index form for small networks.
extension DerivationBuilder {
  /// The gradients section: BP3 and BP4, why, the traced sample's numbers, the means, and
  /// the index listing for small networks.
  func gradientSection() -> [DerivationBlock] {
    var blocks: [DerivationBlock] = [
      .equations([
        DerivationEquation(
          .derivative(symbols.cost, .symbol("W", sup: "l")),
          [.delta("l") + .space + .parens(.symbol("a", sup: "l-1")) + .transpose],
          comment: symbols.shape(symbols.size("l"), .plain("1"))
            + symbols.shape(.plain("1"), symbols.size("l-1")) + symbols.arrow
            + symbols.bareShape(symbols.size("l"), symbols.size("l-1"))),
        DerivationEquation(
          .derivative(symbols.cost, .symbol("b", sup: "l")), [.delta("l")],
          comment: symbols.shape(symbols.size("l"), .plain("1"))),
      ]),
      .paragraph([
        prose("because "),
        math(
          MathText.symbol("z", sup: "l", sub: ["j"]) + .equals + MathText.sum("k")
            + MathText.symbol("W", sup: "l", sub: ["j", "k"]) + .space
            + MathText.symbol("a", sup: "l-1", sub: ["k"]) + .plus
            + MathText.symbol("b", sup: "l", sub: ["j"])),
        prose(": a weight reaches the cost only through its own neuron's z."),
      ]),
      .subheading("Numbers (sample \(tracedSample))"),
    ]
    let steps = network.weightGradients(trace, backTrace)
    let wrong = mistakenSampleGradients
    for l in layers {
      let step = steps[l - 1]
      let dW = MathText.derivative(symbols.cost, symbols.weights(l))
      let wrongW = wrong?.weights[l - 1]
      if summarizesMatrices {
        blocks.append(labeled(dW, step.weights, mistaken: wrongW))
      } else {
        blocks.append(
          display(
            [
              .math(dW + .equals), .matrix(column(step.delta)),
              .matrix(row(step.previousActivation)), .math(.equals), .matrix(step.weights),
            ],
            mistaken: [
              1: mistakenDelta(l).map(column), 2: mistakenWeightInput(l).map(row), 4: wrongW,
            ]))
      }
      blocks.append(
        labeled(
          .derivative(symbols.cost, symbols.biases(l)), column(step.biases),
          mistaken: (wrong?.biases[l - 1]).map(column)))
      blocks += inputNotes(l)
    }
    if samples.count > 1 { blocks += meanGradients() + miniBatchForm() }
    if listsEveryParameter {
      blocks.append(.subheading("Every parameter in index form (sample \(tracedSample))"))
      blocks.append(.equations(indexListing(steps, mistaken: wrong)))
    } else {
      blocks.append(
        .note([
          prose(
            "The index form of each of the \(network.parameterCount) parameters is left out; it is "
              + "listed for networks of at most \(options.listParametersUpTo) parameters.")
        ]))
    }
    if let mistaken { blocks += mistakeGradientBlocks(mistaken) }
    return blocks
  }

  /// ∂C̄/∂Wˡ and ∂C̄/∂bˡ, the means over the samples (the library's `gradients(over:)`).
  func meanGradients() -> [DerivationBlock] {
    var blocks: [DerivationBlock] = []
    blocks.append(.subheading("Mean over the \(samples.count) samples"))
    blocks.append(
      .equations([
        DerivationEquation(
          .derivative(symbols.meanCost, .symbol("W", sup: "l")),
          [
            MathText("(1/m) ", latex: "\\frac{1}{m}") + .sum("s")
              + .derivative(symbols.sampleCost, .symbol("W", sup: "l"))
          ],
          comment: .words("each ") + symbols.shape(symbols.size("l"), symbols.size("l-1"))
            + .words(", m = \(samples.count)")),
        DerivationEquation(
          .derivative(symbols.meanCost, .symbol("b", sup: "l")),
          [
            MathText("(1/m) ", latex: "\\frac{1}{m}") + .sum("s")
              + .derivative(symbols.sampleCost, .symbol("b", sup: "l"))
          ],
          comment: .words("each ") + symbols.shape(symbols.size("l"), .plain("1"))),
      ]))
    let wrong = mistaken?.gradients
    for l in layers {
      blocks.append(
        labeled(
          .derivative(symbols.meanCost, symbols.weights(l)), gradients.weights[l - 1],
          mistaken: wrong?.weights[l - 1]))
      blocks.append(
        labeled(
          .derivative(symbols.meanCost, symbols.biases(l)), column(gradients.biases[l - 1]),
          mistaken: (wrong?.biases[l - 1]).map(column)))
    }
    return blocks
  }

  /// ∂C/∂Wˡⱼₖ = δˡⱼ aˡ⁻¹ₖ and ∂C/∂bˡⱼ = δˡⱼ for every parameter of the shown layers, with the
  /// numbers of the traced sample's `steps`, those that differ from the mistaken program's
  /// (`mistaken`, its gradients of the sample) marked.
  func indexListing(_ steps: [WeightGradient], mistaken wrong: Gradients?) -> [DerivationEquation] {
    var lines: [DerivationEquation] = []
    for l in layers {
      let step = steps[l - 1]
      let wrongDelta = mistakenDelta(l)
      let wrongInput = mistakenWeightInput(l)
      for j in 0..<network.sizes[l] {
        for kk in 0..<network.sizes[l - 1] {
          lines.append(
            DerivationEquation(
              .derivative(symbols.cost, symbols.weights(l, [String(j), String(kk)])),
              [
                symbols.delta(l, [String(j)]) + .space + symbols.activation(l - 1, [String(kk)]),
                factor(step.delta[j], mistaken: wrongDelta?[j]) + .dot
                  + factor(step.previousActivation[kk], mistaken: wrongInput?[kk]),
                number(step.weight(row: j, column: kk), mistaken: wrong?.weights[l - 1][j, kk]),
              ]))
        }
      }
      for j in 0..<network.sizes[l] {
        lines.append(
          DerivationEquation(
            .derivative(symbols.cost, symbols.biases(l, [String(j)])),
            [
              symbols.delta(l, [String(j)]),
              number(step.biases[j], mistaken: wrong?.biases[l - 1][j]),
            ]))
      }
    }
    return lines
  }
}
