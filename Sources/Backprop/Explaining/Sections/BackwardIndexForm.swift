/// The backward pass in index form: δˡⱼ as sums over the neurons of the layer above, with
/// the printed numbers of each term.
extension DerivationBuilder {
  /// The index form: δˡⱼ as a sum over the neurons k of layer l+1.
  ///
  /// For a network with layers L, L−1, L−2 it adds the sum over paths from L−2 with its sums
  /// swapped, so that the inner one is the error of layer L−1. A network without two layers
  /// above its first has no swap to show, and one with a single layer no recursion.
  func indexForm() -> [DerivationBlock] {
    var blocks: [DerivationBlock] = [.subheading("Index form")]
    if outputLayer >= 2 {
      let zl = MathText.symbol("z", sup: "l", sub: ["j"])
      let zk = MathText.symbol("z", sup: "l+1", sub: ["k"])
      blocks.append(
        .paragraph([
          prose(
            "Neuron j of layer l reaches the cost only through every neuron k of layer l+1, so "
              + "the chain rule sums over k:")
        ]))
      blocks.append(
        .equations([
          DerivationEquation(
            .delta("l", sub: ["j"]),
            [
              MathText.sum("k") + .derivative(symbols.cost, zk) + .space
                + .derivative(zk, .symbol("a", sup: "l", sub: ["j"]))
                + .space + .derivative(.symbol("a", sup: "l", sub: ["j"]), zl),
              MathText.sum("k") + .delta("l+1", sub: ["k"]) + .space
                + .symbol("W", sup: "l+1", sub: ["k", "j"]) + .space + .fPrime + .parens(zl),
            ])
        ]))
    }
    blocks += denseHiddenIndexForm()
    if outputLayer >= 3 { blocks += sumSwap() }
    blocks.append(
      .paragraph([
        prose("At the output, "),
        math(
          .delta("L", sub: ["j"]) + .equals + MathText.sum("i")
            + .derivative(symbols.cost, .symbol("a", sup: "L", sub: ["i"]))
            + .space
            + .derivative(.symbol("a", sup: "L", sub: ["i"]), .symbol("z", sup: "L", sub: ["j"]))),
        prose("; for an element-wise activation only the term with i equal to j survives."),
      ]))
    return blocks
  }

  /// The hidden layers whose activation is not element-wise (softmax), in order.
  var denseHiddenLayers: [Int] {
    outputLayer < 2 ? [] : (1..<outputLayer).filter { !network.activation($0).isElementwise }
  }

  /// The index form of a hidden softmax layer: aˡᵢ depends on every zˡⱼ, so the chain rule
  /// also sums over the units i of layer l, and the element-wise f′(zˡⱼ) becomes the entry
  /// (i, j) of the dense Jacobian.
  func denseHiddenIndexForm() -> [DerivationBlock] {
    let dense = denseHiddenLayers
    guard let first = dense.first else { return [] }
    let act = network.activation(first)
    let names = dense.map(String.init)
    let which =
      dense.count == 1
      ? "Layer \(names[0]) is \(act.name)"
      : "Layers \(names.dropLast().joined(separator: ", ")) and \(names[names.count - 1]) are "
        + act.name
    let ai = MathText.symbol("a", sup: "l", sub: ["i"])
    let zj = MathText.symbol("z", sup: "l", sub: ["j"])
    let zk = MathText.symbol("z", sup: "l+1", sub: ["k"])
    let entry = MathText.derivative(ai, zj)
    let al = MathText.symbol("a", sup: "l")
    let upEntry = MathText(
      "((Wˡ⁺¹)ᵀ δˡ⁺¹)ᵢ", ascii: "((W^(l+1))^T delta^(l+1))_i",
      latex: "\\big((W^{l+1})^{\\top} \\delta^{l+1}\\big)_{i}")
    var blocks: [DerivationBlock] = [
      .paragraph([
        prose(
          which + " here, and the form above holds only for an element-wise f: in a "
            + "\(act.name) layer l every "),
        math(ai), prose(" depends on every "), math(zj),
        prose(
          ", so the chain rule also sums over the units i of layer l, and the single factor "),
        math(MathText.fPrime + .parens(zj)), prose(" becomes a whole row of the dense Jacobian:"),
      ]),
      .equations([
        DerivationEquation(
          .delta("l", sub: ["j"]),
          [
            MathText.sum("i") + MathText.sum("k") + .derivative(symbols.cost, zk) + .space
              + .derivative(zk, ai) + .space + entry,
            MathText.sum("i") + MathText.sum("k") + .delta("l+1", sub: ["k"]) + .space
              + .symbol("W", sup: "l+1", sub: ["k", "i"]) + .space + entry,
            MathText.sum("i") + upEntry + .space + entry,
          ])
      ]),
    ]
    if let jacobian = act.function.denseJacobian(at: al) {
      let dadz = MathText.derivative(al, .symbol("z", sup: "l"))
      var words: [DerivationInline] = [
        prose("with "), math(dadz + .equals + jacobian), prose(" (\(act.name)'s Jacobian)"),
      ]
      if act == .softmax {
        let bracket = MathText("[i = j]", latex: "[i = j]")
        words += [
          prose(", whose entry (i, j) is "),
          math(
            entry + .equals + ai + .parens(bracket + .minus + .symbol("a", sup: "l", sub: ["j"]))),
        ]
      }
      words += [
        prose(": every i contributes, not only i = j. In matrix form, "),
        math(
          .delta("l") + .equals + .parens(dadz) + .transpose + .space
            + .parens(.symbol("W", sup: "l+1")) + .transpose + .space + .delta("l+1")),
        prose("."),
      ]
      blocks.append(.paragraph(words))
    }
    return blocks
  }

  /// The paths from layer L−2 up to the cost, summed from the top (over m in layer L, then
  /// k in layer L−1), and the same sum with the two sums swapped, so that the inner sum over
  /// m is δᴸ⁻¹ₖ: the step that turns the sum over paths into the recursion.
  func sumSwap() -> [DerivationBlock] {
    let f = MathText.fPrime
    let zj = MathText.symbol("z", sup: "L-2", sub: ["j"])
    let zk = MathText.symbol("z", sup: "L-1", sub: ["k"])
    let dm = MathText.delta("L", sub: ["m"])
    let wmk = MathText.symbol("W", sup: "L", sub: ["m", "k"])
    let wkj = MathText.symbol("W", sup: "L-1", sub: ["k", "j"])
    let path =
      dm + .space + wmk + .space + f + .parens(zk) + .space + wkj + .space + f + .parens(zj)
    let open = MathText("[", latex: "\\Big[")
    let close = MathText("]", latex: "\\Big]")
    let dense = denseHiddenLayers.filter { $0 >= outputLayer - 2 }
    let caveat: [DerivationBlock] =
      dense.isEmpty
      ? []
      : [
        .note([
          prose(
            "Written for element-wise activations. Here "
              + (dense.count == 1
                ? "layer \(dense[0]) is " : "layers \(dense[0]) and \(dense[dense.count - 1]) are ")
              + network.activation(dense[0]).name + ": in every path, "
              + (dense.count == 1 ? "its factor " : "their factors ")),
          math(MathText.fPrime + .parens(.plain("z"))),
          prose(
            " becomes an entry of the dense Jacobian, with its own sum over the layer's units "
              + "as above; the sums swap the same way."),
        ])
      ]
    return [
      .paragraph([
        prose("Unrolled to the cost, this is a sum over every path "),
        math(MathText("j → k → m", ascii: "j -> k -> m", latex: "j \\to k \\to m")),
        prose(" of the product of the local derivatives along it. For the layers "),
        math(MathText("L, L−1, L−2", ascii: "L, L-1, L-2", latex: "L, L-1, L-2")),
        prose(" of this network, with the chain rule applied from the top (sum over m of layer L "),
        prose("first):"),
      ]),
      .equations([
        DerivationEquation(
          .delta("L-2", sub: ["j"]),
          [
            MathText.sum("m") + dm + .space
              + .derivative(.symbol("z", sup: "L", sub: ["m"]), zj),
            MathText.sum("m") + MathText.sum("k") + path,
          ])
      ]),
      .paragraph([
        prose(
          "Swapping the two sums (k outside, m inside) and grouping the factors that depend "
            + "on m gives the error of layer "),
        math(MathText("L−1", ascii: "L-1", latex: "L-1")),
        prose(", so the sum over paths becomes the recursion:"),
      ]),
      .equations([
        DerivationEquation(
          .delta("L-2", sub: ["j"]),
          [
            MathText.sum("k") + MathText.sum("m") + path,
            MathText.sum("k") + open + MathText.sum("m") + dm + .space + wmk + .space + f
              + .parens(zk) + close + .space + wkj + .space + f + .parens(zj),
            MathText.sum("k") + .delta("L-1", sub: ["k"]) + .space + wkj + .space + f
              + .parens(zj),
          ])
      ]),
    ] + caveat
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
          number(value, mistaken: mistakenDelta(outputLayer)?[j]),
        ], comment: comment)
    }
    return DerivationEquation(
      symbols.delta(outputLayer, [js]),
      [
        symbols.activation(outputLayer, [js]) + .minus + ySym,
        symbols.number(aj) + .minus + symbols.factor(yj),
        number(value, mistaken: mistakenDelta(outputLayer)?[j]),
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
    let wrongDelta = mistakenDelta(l)
    let wrongFPrime = mistakenFPrime(l)
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
              symbols.factor(g[j]) + .dot + factor(jacobian[j, j], mistaken: wrongFPrime?[j]),
              number(value, mistaken: wrongDelta?[j]),
            ])
        }
        let terms = (0..<n).map { i in symbols.factor(g[i]) + .dot + symbols.factor(jacobian[i, j])
        }
        return DerivationEquation(
          symbols.delta(l, [js]),
          [
            MathText.sum("i") + .derivative(symbols.cost, symbols.activation(l, ["i"])) + .space
              + .derivative(symbols.activation(l, ["i"]), symbols.preActivation(l, [js])),
            MathText.joined(terms, separator: .plus), number(value, mistaken: wrongDelta?[j]),
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
            MathText.joined(terms, separator: .plus),
            number(backTrace.delta[l][j], mistaken: wrongDelta?[j]),
          ])
      }
    }
    let weights = network.weight(l + 1)
    let wrongWeights = mistakenRecursionWeight(l + 1)
    let wrongAbove = mistakenDelta(l + 1)
    return (0..<n).map { j in
      let js = String(j)
      let terms = (0..<network.sizes[l + 1]).map { upper in
        factor(backTrace.delta[l + 1][upper], mistaken: wrongAbove?[upper]) + .dot
          + factor(weights[upper, j], mistaken: wrongWeights?[upper, j])
      }
      return DerivationEquation(
        symbols.delta(l, [js]),
        [
          MathText.sum("k") + symbols.delta(l + 1, ["k"]) + .space
            + symbols.weights(l + 1, ["k", js]) + .space
            + symbols.functionDerivative(l, symbols.preActivation(l, [js])),
          .parens(MathText.joined(terms, separator: .plus)) + .dot
            + factor(jacobian[j, j], mistaken: wrongFPrime?[j]),
          number(backTrace.delta[l][j], mistaken: wrongDelta?[j]),
        ])
    }
  }
}
