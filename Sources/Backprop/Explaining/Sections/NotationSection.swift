/// Section 2, notation: every symbol with its shape and meaning.
extension DerivationBuilder {
  /// The notation section: every symbol with its shape and meaning, and the layout rule.
  func notationSection() -> [DerivationBlock] {
    var rows: [[[DerivationInline]]] = []
    func add(_ sym: MathText, _ shape: MathText, _ meaning: String) {
      rows.append([[math(sym)], [math(shape)], [prose(meaning)]])
    }
    func add(_ sym: MathText, _ shape: MathText, _ meaning: [DerivationInline]) {
      rows.append([[math(sym)], [math(shape)], meaning])
    }
    add(
      MathText("x = a⁰", ascii: "x = a^0", latex: "x = a^{0}"), .shape(network.sizes[0], 1), "input"
    )
    for l in 1...outputLayer {
      let n = network.sizes[l]
      let p = network.sizes[l - 1]
      add(symbols.weights(l), .shape(n, p), "weights into layer \(l); W[j,k] joins k to j")
      add(symbols.biases(l), .shape(n, 1), "biases of layer \(l)")
      add(symbols.preActivation(l), .shape(n, 1), "weighted input W a + b of layer \(l)")
      add(symbols.activation(l), .shape(n, 1), "activation f(z) of layer \(l)")
      add(
        symbols.delta(l), .shape(n, 1),
        [
          prose("error of layer \(l), a column: "),
          math(
            .parens(symbols.delta(l)) + .transpose + .equals
              + .derivative(symbols.cost, symbols.preActivation(l))),
        ])
    }
    let nL = network.sizes[outputLayer]
    add(symbols.target, .shape(nL, 1), "target")
    add(symbols.cost, .shape(1, 1), "cost of one sample, " + network.cost.name)
    if samples.count > 1 {
      add(symbols.meanCost, .shape(1, 1), "mean cost over the \(samples.count) samples")
    }
    add(
      symbols.costGradient, .shape(nL, 1),
      [
        prose("gradient of C in the output: "),
        math(.parens(.derivative(symbols.cost, symbols.activation(outputLayer))) + .transpose),
      ])
    let zl = MathText.symbol("z", sup: "l")
    let nl = symbols.bareShape(symbols.size("l"), .plain("1"))
    add(
      MathText.fPrime + .parens(zl), nl,
      [
        math(.fPrime), prose(" of layer l at each entry of "), math(zl), prose("; "),
        math(.derivative(.symbol("a", sup: "l"), zl)), prose(" = "),
        math(MathText("diag(f′(z))", ascii: "diag(f'(z))", latex: "\\operatorname{diag}(f'(z))")),
      ])
    add(
      MathText("u ⊙ v", ascii: "u (.) v", latex: "u \\odot v"), nl,
      "element-wise product: entry i is u[i] v[i]")
    return [
      .table(
        DerivationTable(
          header: [[prose("symbol")], [prose("shape")], [prose("meaning")]], rows: rows,
          numeric: [false, false, false])),
      .paragraph([
        prose("Vectors are columns. A Jacobian "), math(.derivative(symbols.target, .plain("x"))),
        prose(" has one row per entry of y and one column per entry of x (numerator layout), so "),
        math(.derivative(symbols.cost, symbols.preActivation(1))),
        prose(" is a row. Indices count from 0, as in "),
        math(indexExample), prose("."),
      ]),
    ]
  }

  /// An entry of one of the network's own weight matrices, for the sentence on indices:
  /// `W²[1,0]` (`W¹` in a network of one layer; row 0 when the layer has one unit).
  var indexExample: MathText {
    let l = min(2, outputLayer)
    return symbols.weights(l, [network.sizes[l] > 1 ? "1" : "0", "0"])
  }
}
