/// The local derivatives in symbols, before any number: ∂C/∂aᴸᵢ of the cost and f′ of each
/// activation of the network, in terms of z and of a, from the kinds' own typed forms.
extension DerivationBuilder {
  /// A subheading and one equation for ∂C/∂aᴸᵢ, then one per distinct activation (f′(z) in
  /// z and in a; ∂a/∂z for softmax), so that every number below has a formula above it.
  func localDerivatives() -> [DerivationBlock] {
    let aL = symbols.activation(outputLayer, ["i"])
    var lines = [
      DerivationEquation(
        .derivative(symbols.cost, aL), [network.cost.function.gradientFormula],
        comment: network.cost == .quadratic
          ? MathText(
            "the ½ cancels the 2 of the square", ascii: "the 1/2 cancels the 2 of the square",
            latex: "\\text{the } \\tfrac{1}{2} \\text{ cancels the 2 of the square}")
          : network.cost == .mse ? .words("n = \(network.sizes[outputLayer])") : nil)
    ]
    var seen: [Activation] = []
    for l in 1...outputLayer where !seen.contains(network.activation(l)) {
      let act = network.activation(l)
      seen.append(act)
      let kind = act.function
      let layersUsing = (1...outputLayer).filter { network.activation($0) == act }
      let which = MathText.words(
        (layersUsing.count == 1 ? "layer " : "layers ")
          + layersUsing.map(String.init).joined(separator: ", "))
      if act.isElementwise {
        let lhs = MathText(
          kind.symbol.unicode + "′(z)", ascii: kind.symbol.ascii + "'(z)",
          latex: kind.symbol.latex + "'(z)")
        if kind.derivativeInZ == kind.derivativeInA {
          lines.append(DerivationEquation(lhs, [kind.derivativeInZ], comment: which))
        } else if kind.derivativeInZ.unicode.contains(" for ") {
          // Piecewise forms read badly chained: one line in z, one in a.
          lines.append(DerivationEquation(lhs, [kind.derivativeInZ], comment: which))
          lines.append(
            DerivationEquation(
              MathText(
                kind.symbol.unicode + "′", ascii: kind.symbol.ascii + "'",
                latex: kind.symbol.latex + "'"), [kind.derivativeInA],
              comment: .words("the same in terms of a")))
        } else {
          lines.append(
            DerivationEquation(lhs, [kind.derivativeInZ, kind.derivativeInA], comment: which))
        }
      } else {
        lines.append(
          DerivationEquation(
            .derivative(.plain("a"), .plain("z")), [kind.derivativeInA], comment: which))
      }
    }
    return [
      .subheading("Local derivatives"),
      .paragraph([
        prose("The derivative of the cost in the output ("),
        math(.symbol("a", sub: ["i"])), prose(" and "), math(.symbol("y", sub: ["i"])),
        prose(
          " are entry i of the output and the target), and of each activation in its input, "
            + "with "),
        math(MathText.plain("a") + .equals + MathText.plain("f(z)")), prose(":"),
      ]),
      .equations(lines),
    ]
  }
}
