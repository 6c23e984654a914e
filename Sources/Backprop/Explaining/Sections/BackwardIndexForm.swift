/// The backward pass in index form: δˡⱼ as sums over the neurons of the layer above, with
/// the printed numbers of each term.
extension DerivationBuilder {
  /// The index form: δˡⱼ as a sum over the neurons k of layer l+1, unrolled to paths and
  /// regrouped by swapping the sums.
  func indexForm() -> [DerivationBlock] {
    let zl = MathText.symbol("z", sup: "l", sub: ["j"])
    let dl = MathText.delta("l", sub: ["j"])
    let dk = MathText.delta("l+1", sub: ["k"])
    let dm = MathText.delta("l+2", sub: ["m"])
    let wkj = MathText.symbol("W", sup: "l+1", sub: ["k", "j"])
    let wmk = MathText.symbol("W", sup: "l+2", sub: ["m", "k"])
    let fz = MathText.fPrime + .parens(zl)
    let fzk = MathText.fPrime + .parens(.symbol("z", sup: "l+1", sub: ["k"]))
    let zk = MathText.symbol("z", sup: "l+1", sub: ["k"])
    return [
      .subheading("Index form"),
      .paragraph([
        prose(
          "Neuron j of layer l reaches the cost only through every neuron k of layer l+1, so "
            + "the chain rule sums over k:")
      ]),
      .equations([
        DerivationEquation(
          dl,
          [
            MathText.sum("k") + .derivative(symbols.cost, zk) + .space
              + .derivative(zk, .symbol("a", sup: "l", sub: ["j"]))
              + .space + .derivative(.symbol("a", sup: "l", sub: ["j"]), zl),
            MathText.sum("k") + dk + .space + wkj + .space + fz,
          ])
      ]),
      .paragraph([
        prose(
          "Unrolled to the cost, this is a sum over every path j -> k -> m -> ... -> C of "
            + "the product of the local derivatives along it. Swapping the order of the sums, "
            + "so that the sums over the layers above l+1 are done first, groups each inner sum "
            + "into the error of layer l+1:")
      ]),
      .equations([
        DerivationEquation(
          dl,
          [
            MathText.sum("k") + MathText.sum("m") + dm + .space + wmk + .space + fzk + .space + wkj
              + .space + fz,
            MathText.sum("k") + MathText("[", latex: "\\Big[") + MathText.sum("m") + dm + .space
              + wmk + .space + fzk
              + MathText("]", latex: "\\Big]") + .space + wkj + .space + fz,
            MathText.sum("k") + dk + .space + wkj + .space + fz,
          ])
      ]),
      .paragraph([
        prose("At the output, "),
        math(
          .delta("L", sub: ["j"]) + .equals + MathText.sum("i")
            + .derivative(symbols.cost, .symbol("a", sup: "L", sub: ["i"]))
            + .space
            + .derivative(.symbol("a", sup: "L", sub: ["i"]), .symbol("z", sup: "L", sub: ["j"]))),
        prose("; for an element-wise activation only the term with i equal to j survives."),
      ]),
    ]
  }

  /// δᴸⱼ by the fused output error: aᴸⱼ − yⱼ (sigmoid with cross-entropy) or aᴸⱼ Σᵢ yᵢ − yⱼ
  /// (softmax with categorical cross-entropy), with the printed numbers.
  func fusedIndexEquation(_ j: Int) -> DerivationEquation {
    let js = String(j)
    let aj = trace.output[j]
    let yj = sample.target[j]
    let ySym = MathText.symbol("y", sub: [js])
    let value = backTrace.delta[outputLayer][j]
    let comment = MathText(
      "fused form: ∂C/∂a is not finite", ascii: "fused form: dC/da is not finite",
      latex: "\\text{fused form: } \\frac{\\partial C}{\\partial a} \\text{ is not finite}")
    if network.cost.function.fusedDeltaUsesTargetSum {
      let total = sample.target.reduce(0, +)
      return DerivationEquation(
        symbols.delta(outputLayer, [js]),
        [
          symbols.activation(outputLayer, [js]) + .space
            + .parens(MathText("Σᵢ yᵢ", ascii: "sum_i y_i", latex: "\\sum_{i} y_{i}")) + .minus
            + ySym,
          symbols.factor(aj) + .dot + symbols.factor(total) + .minus + symbols.factor(yj),
          symbols.number(value),
        ], comment: comment)
    }
    return DerivationEquation(
      symbols.delta(outputLayer, [js]),
      [
        symbols.activation(outputLayer, [js]) + .minus + ySym,
        symbols.number(aj) + .minus + symbols.factor(yj), symbols.number(value),
      ],
      comment: comment)
  }

  /// δˡⱼ for every neuron j of layer `l` as a sum of products of printed numbers.
  ///
  /// Softmax terms use the entries of the library's `activationJacobian(l)`, so that they
  /// add up to the δ that backprop computed.
  func indexNumbers(_ l: Int) -> [DerivationEquation] {
    let act = network.activation(l)
    let n = network.sizes[l]
    let jacobian = activationJacobian(l)
    if l == outputLayer {
      let g = network.cost.gradient(trace.output, target: sample.target)
      return (0..<n).map { j in
        let js = String(j)
        let value = backTrace.delta[l][j]
        let finite = (0..<n).allSatisfy { i in
          act.isElementwise
            ? g[j].isFinite && jacobian[j, j].isFinite
            : g[i].isFinite && jacobian[i, j].isFinite
        }
        if hasFusedOutputDelta && !finite {
          // The general factors are not numbers (an output rounded to 0 or 1 inside a
          // logarithm): the fused form backprop uses is the honest equation.
          return fusedIndexEquation(j)
        }
        if act.isElementwise {
          return DerivationEquation(
            symbols.delta(l, [js]),
            [
              .derivative(symbols.cost, symbols.activation(l, [js])) + .space
                + symbols.functionDerivative(l, symbols.preActivation(l, [js])),
              symbols.factor(g[j]) + .dot + symbols.factor(jacobian[j, j]), symbols.number(value),
            ])
        }
        let terms = (0..<n).map { i in symbols.factor(g[i]) + .dot + symbols.factor(jacobian[i, j])
        }
        return DerivationEquation(
          symbols.delta(l, [js]),
          [
            MathText.sum("i") + .derivative(symbols.cost, symbols.activation(l, ["i"])) + .space
              + .derivative(symbols.activation(l, ["i"]), symbols.preActivation(l, [js])),
            MathText.joined(terms, separator: .plus), symbols.number(value),
          ])
      }
    }
    if !act.isElementwise {
      // Softmax: δˡⱼ = Σᵢ ((Wˡ⁺¹)ᵀ δˡ⁺¹)ᵢ ∂aˡᵢ/∂zˡⱼ, a sum over the whole layer.
      let up = network.weight(l + 1).transposeMultiplied(by: backTrace.delta[l + 1])
      let upSym = MathText.parens(
        .parens(symbols.weights(l + 1)) + .transpose + .space + symbols.delta(l + 1))
      let upEntry = MathText(
        upSym.unicode + "ᵢ", ascii: upSym.ascii + "_i", latex: upSym.latex + "_{i}")
      return (0..<n).map { j in
        let js = String(j)
        let terms = (0..<n).map { i in symbols.factor(up[i]) + .dot + symbols.factor(jacobian[i, j])
        }
        return DerivationEquation(
          symbols.delta(l, [js]),
          [
            MathText.sum("i") + upEntry + .space
              + .derivative(symbols.activation(l, ["i"]), symbols.preActivation(l, [js])),
            MathText.joined(terms, separator: .plus), symbols.number(backTrace.delta[l][j]),
          ])
      }
    }
    let weights = network.weight(l + 1)
    return (0..<n).map { j in
      let js = String(j)
      let terms = (0..<network.sizes[l + 1]).map { upper in
        symbols.factor(backTrace.delta[l + 1][upper]) + .dot + symbols.factor(weights[upper, j])
      }
      return DerivationEquation(
        symbols.delta(l, [js]),
        [
          MathText.sum("k") + symbols.delta(l + 1, ["k"]) + .space
            + symbols.weights(l + 1, ["k", js]) + .space
            + symbols.functionDerivative(l, symbols.preActivation(l, [js])),
          .parens(MathText.joined(terms, separator: .plus)) + .dot + symbols.factor(jacobian[j, j]),
          symbols.number(backTrace.delta[l][j]),
        ])
    }
  }
}
