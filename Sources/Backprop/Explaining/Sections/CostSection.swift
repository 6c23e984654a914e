/// Section 4, the cost: its formula and value (and the mean over the samples).
extension DerivationBuilder {
  /// The per-sample cost as a formula of aᴸ and y.
  func costFormula() -> MathText {
    let aL = symbols.activation(outputLayer)
    let ai = symbols.activation(outputLayer, ["i"])
    let yi = MathText.symbol("y", sub: ["i"])
    switch network.cost {
    case .quadratic:
      return MathText("½‖", ascii: "1/2 |", latex: "\\tfrac{1}{2}\\lVert ") + aL + .minus
        + symbols.target
        + MathText("‖²", ascii: "|^2", latex: "\\rVert^{2}") + .equals
        + MathText("½ ", ascii: "1/2 ", latex: "\\tfrac{1}{2}") + .sum("i")
        + .parens(ai + .minus + yi)
        + MathText("²", ascii: "^2", latex: "^{2}")
    case .mse:
      return MathText("(1/n) ", ascii: "(1/n) ", latex: "\\frac{1}{n}") + .sum("i")
        + .parens(ai + .minus + yi) + MathText("²", ascii: "^2", latex: "^{2}")
    case .crossEntropy:
      return MathText("−", ascii: "-", latex: "-") + .sum("i")
        + MathText("[", latex: "\\left[") + yi + MathText(" ln ", latex: " \\ln ") + ai + .plus
        + .parens(MathText.plain("1") + .minus + yi) + MathText(" ln", latex: " \\ln")
        + .parens(MathText.plain("1") + .minus + ai) + MathText("]", latex: "\\right]")
    case .categoricalCrossEntropy:
      return MathText("−", ascii: "-", latex: "-") + .sum("i") + yi
        + MathText(" ln ", latex: " \\ln ") + ai
    }
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
            + (network.cost == .mse
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
          prose(", a scalar ("), math(.shape(1, 1)), prose(") like each "),
          math(symbols.sampleCost), prose("."),
        ]))
    }
    return blocks
  }
}
