/// The backward pass as a product of Jacobians: each δˡ as the chain of local Jacobians from
/// the cost down, and its factors' numbers.
extension DerivationBuilder {
  /// The chain rule as a product of Jacobians for each shown layer, top first, with which
  /// factors are diagonal and which dense.
  func jacobianForm() -> [DerivationBlock] {
    var blocks: [DerivationBlock] = [
      .subheading("Chain rule as a product of Jacobians"),
      .paragraph([
        prose("Each error "), math(.delta("l")), prose(" is a column; its transpose "),
        math(
          .parens(.delta("l")) + .transpose + .equals
            + .derivative(symbols.cost, .symbol("z", sup: "l"))),
        prose(
          ", a row, is the product of the local Jacobians on the way from the cost down to "
            + "that layer, read left to right (outermost first)."),
      ]),
    ]
    for l in layers.reversed() {
      let c = chainRule(l)
      let last = c.factors[c.factors.count - 1]
      var lines = [
        DerivationEquation(
          symbols.deltaRow(l),
          [.derivative(symbols.cost, symbols.preActivation(l)), symbols.chain(c)])
      ]
      lines.append(
        DerivationEquation(
          MathText("shapes", latex: "\\text{shapes}"),
          [symbols.chainShapes(c) + symbols.arrow + .shape(1, last.columns)]))
      blocks.append(.equations(lines))
      let diagonal = c.factors.filter {
        if case .diagonal = $0.structure { return true }
        if case .identity = $0.structure { return true }
        return false
      }
      var text: [DerivationInline] = []
      if diagonal.isEmpty {
        text.append(prose("No factor is diagonal"))
      } else {
        text.append(prose("Diagonal (element-wise activation): "))
        for (n, j) in diagonal.enumerated() {
          if n > 0 { text.append(prose(", ")) }
          text.append(math(symbols.jacobian(j)))
        }
      }
      let dense = c.factors.filter {
        if case .dense = $0.structure { return true } else { return false }
      }
      if !dense.isEmpty {
        text.append(prose("; dense: "))
        for (n, j) in dense.enumerated() {
          if n > 0 { text.append(prose(", ")) }
          text.append(math(symbols.chainFactor(j)))
        }
      }
      text.append(prose("."))
      blocks.append(.paragraph(text))
      if l < outputLayer {
        blocks.append(
          .paragraph([
            prose("The first \(c.factors.count - 2) factors are "),
            math(
              symbols.deltaRow(l + 1) + .equals
                + .derivative(symbols.cost, symbols.preActivation(l + 1))),
            prose(" (a row), so "),
            math(
              symbols.deltaRow(l) + .equals + symbols.deltaRow(l + 1) + .dot
                + symbols.weights(l + 1) + .dot
                + symbols.jacobian(c.factors[c.factors.count - 1])),
            prose("; transposed, this is the recursion for the column "),
            math(recursion(l)),
            prose(network.activation(l).isElementwise ? "." : " (softmax has a dense Jacobian)."),
          ]))
      }
    }
    return blocks
  }

  /// The factors of `c` that are new at layer `l` (∂C/∂aᴸ and ∂aᴸ/∂zᴸ at the top, else
  /// W and ∂a/∂z), then the chain's product, the row (δˡ)ᵀ = ∂C/∂zˡ; with a mistake, the
  /// numbers it changes marked.
  func jacobianNumbers(_ l: Int, _ c: ChainRule, product: [Double]) -> [DerivationBlock] {
    let fresh = l == outputLayer ? Array(c.factors) : Array(c.factors.suffix(2))
    var blocks = fresh.map { labeled(symbols.chainFactor($0), $0.matrix, mistaken: mistaken($0)) }
    blocks.append(
      display(
        [
          .math(
            symbols.deltaRow(l) + .equals + .derivative(symbols.cost, symbols.preActivation(l))
              + .equals),
          .matrix(row(product)),
        ], mistaken: [1: mistakenDelta(l).map(row)]))
    return blocks
  }

  /// The mistaken program's counterpart of the chain factor `j`: f′ at aˡ on the diagonal of
  /// ∂aˡ/∂zˡ, (Wˡ)ᵀ for ∂zˡ/∂aˡ⁻¹ = Wˡ with `transpose`; `nil` without a mistake.
  func mistaken(_ j: Jacobian) -> Matrix? {
    switch (j.output.kind, j.input.kind, j.structure) {
    case (.activation(let l), .preActivation, .diagonal):
      guard let f = mistakenFPrime(l) else { return nil }
      var m = j.matrix
      for i in f.indices { m[i, i] = f[i] }
      return m
    case (.preActivation(let l), .activation, .dense):
      return mistakenRecursionWeight(l)
    default:
      return self.mistaken == nil ? nil : j.matrix
    }
  }
}
