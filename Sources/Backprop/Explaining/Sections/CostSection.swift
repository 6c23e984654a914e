/// Section 4, the cost: its formula and value (and the mean over the samples).
extension DerivationBuilder {
  /// The per-sample cost as a formula of aᴸ and y.
  func costFormula() -> MathText {
    let aL = symbols.activation(outputLayer)
    let ai = symbols.activation(outputLayer, ["i"])
    let yi = MathText.symbol("y", sub: ["i"])
    return network.cost.function.formula(
      output: aL, target: symbols.target, outputEntry: ai, targetEntry: yi)
  }

  /// The cost section: formula with shapes, the traced sample's target and cost, and the
  /// mean over the samples.
  func costSection() -> [DerivationBlock] {
    var blocks: [DerivationBlock] = [
      .equations([
        DerivationEquation(
          symbols.cost, [costFormula()],
          comment: symbols.activation(outputLayer) + MathText(", ") + symbols.target
            + MathText(": ") + symbols.columnShape(network.sizes[outputLayer]) + symbols.arrow
            + .shape(1, 1)
            + (network.cost.function.formulaUsesOutputCount
              ? MathText(
                ", n = \(network.sizes[outputLayer])",
                latex: ",\\ n = \(network.sizes[outputLayer])") : MathText("")))
      ]),
      .subheading("Numbers (sample \(tracedSample))"),
      labeled(symbols.target, column(sample.target)),
      .equations([
        DerivationEquation(symbols.cost, [symbols.number(network.cost(of: sample))])
      ]),
    ]
    if samples.count > 1, let mean = gradients.cost {
      blocks.append(
        .paragraph([
          prose("Mean over the \(samples.count) samples: "),
          math(
            symbols.meanCost + .equals
              + MathText("(1/m) ", latex: "\\frac{1}{m}")
              + .sum("s") + symbols.sampleCost + .equals + symbols.number(mean)),
          prose(" (m = \(samples.count) samples), a scalar ("), math(.shape(1, 1)),
          prose(") like each "), math(symbols.sampleCost), prose("."),
        ]))
    }
    return blocks
  }
}
