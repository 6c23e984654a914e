/// The parameter trace (in place of sections 5 and 6 for one parameter): every path from
/// the cost to the parameter with its product, their sum, and backprop's answer.
extension DerivationBuilder {
  /// The parameter `p` as a symbol, the input it multiplies (`1` for a bias) as a symbol,
  /// and that input's value in the traced sample.
  func parameterInput(_ p: ParameterIndex) -> (parameter: MathText, input: MathText, value: Double)
  {
    let l = p.layer
    switch p.kind {
    case .weight(let j, let kk):
      return (
        symbols.weights(l, [String(j), String(kk)]), symbols.activation(l - 1, [String(kk)]),
        trace.a[l - 1][kk]
      )
    case .bias(let j):
      return (symbols.biases(l, [String(j)]), .plain("1"), 1)
    }
  }

  /// The product of the local derivatives along `path` to `p`, outermost first, numbered
  /// `number`, and its value.
  ///
  /// `jacobians[m − p.layer]` is `activationJacobian(m)`.
  func pathEquation(
    _ path: ParameterPaths.Path, number: Int, to p: ParameterIndex, jacobians: [Jacobian],
    outputGradient g: [Double]
  ) -> (equation: DerivationEquation, value: Double, prefix: Double) {
    let l = p.layer
    let (pm, _, inputValue) = parameterInput(p)
    var sym: [MathText] = []
    var nums: [Double] = []
    let top = path.activationIndices[0]
    sym.append(.derivative(symbols.cost, symbols.activation(outputLayer, [String(top)])))
    nums.append(g[top])
    for (i, layer) in (l...outputLayer).reversed().enumerated() {
      let ai = path.activationIndices[i]
      let zi = path.preActivationIndices[i]
      sym.append(
        .derivative(
          symbols.activation(layer, [String(ai)]), symbols.preActivation(layer, [String(zi)])))
      nums.append(jacobians[layer - l][ai, zi])
      if layer > l {
        let below = path.activationIndices[i + 1]
        sym.append(symbols.weights(layer, [String(zi), String(below)]))
        nums.append(network.weight(layer)[zi, below])
      }
    }
    sym.append(.derivative(symbols.preActivation(l, [String(p.indices[0])]), pm))
    nums.append(inputValue)
    let value = nums.reduce(1, *)
    let prefix = nums.dropLast(sharedFactorCount(p)).reduce(1, *)
    let equation = DerivationEquation(
      MathText("path \(number)", latex: "\\text{path } \(number)"),
      [
        MathText.joined(sym, separator: .dot),
        MathText.joined(nums.map(symbols.factor), separator: .dot),
        symbols.number(value),
      ])
    return (equation, value, prefix)
  }

  /// How many factors at the end of every path to `p` are the same on all of them: the
  /// parameter's input, and f′(zˡⱼ) when layer l is element-wise (softmax paths leave
  /// through different aˡᵢ).
  func sharedFactorCount(_ p: ParameterIndex) -> Int {
    network.activation(p.layer).isElementwise ? 2 : 1
  }

  /// Every path to `p` with its product and the sum over the paths, or a note when there
  /// are more than `options.maxListedPaths`.
  func pathListing(to p: ParameterIndex) -> [DerivationBlock] {
    let enumerated = ParameterPaths(to: p, in: network, limit: options.maxListedPaths)
    let (list, count) = (enumerated.paths, enumerated.count)
    guard !list.isEmpty else {
      return [
        .note([
          prose(
            (count == Int.max
              ? "There are more paths than a 64-bit integer can count (over 9.2e18)"
              : "There are \(count) paths")
              + ", too many to list one by one (the limit is \(options.maxListedPaths)); the "
              + "recursion below adds them all."
          )
        ])
      ]
    }
    let g = network.cost.gradient(trace.output, target: sample.target)
    let jacobians = (p.layer...outputLayer).map(activationJacobian)
    let listed = list.enumerated().map { (n, path) in
      pathEquation(path, number: n + 1, to: p, jacobians: jacobians, outputGradient: g)
    }
    let values = listed.map(\.value)
    let pm = parameterInput(p).parameter
    var blocks: [DerivationBlock] = [
      .paragraph([
        prose("There \(count == 1 ? "is 1 path" : "are \(count) paths") (sample \(tracedSample)):")
      ]),
      .equations(listed.map(\.equation)),
    ]
    if count == 1 {
      blocks.append(
        .paragraph([
          prose("With one path there is nothing to add: "),
          math(.derivative(symbols.cost, pm) + .equals + symbols.number(values[0])),
          prose("."),
        ]))
      return blocks
    }
    blocks.append(
      .equations([
        DerivationEquation(
          .derivative(symbols.cost, pm),
          [
            MathText("Σ over paths", ascii: "sum over paths", latex: "\\sum_{\\text{paths}}"),
            MathText.joined(values.map(symbols.factor), separator: .plus),
            symbols.number(values.reduce(0, +)),
          ])
      ]))
    blocks += factoring(p, prefixes: listed.map(\.prefix))
    return blocks
  }

  /// Factoring the tail every path shares (f′(zˡⱼ) and the input, or the input alone below
  /// softmax) out of the sum over paths: what is left, times f′(zˡⱼ), is δˡⱼ, which
  /// backprop computes once, layer by layer from the top.
  func factoring(_ p: ParameterIndex, prefixes: [Double]) -> [DerivationBlock] {
    let l = p.layer
    let js = String(p.indices[0])
    let (pm, input, inputValue) = parameterInput(p)
    let z = symbols.preActivation(l, [js])
    let elementwise = network.activation(l).isElementwise
    let fPrime = symbols.functionDerivative(l, z)
    let fValue = elementwise ? network.activation(l).derivative(trace.z[l][p.indices[0]]) : 1
    let sum = prefixes.reduce(0, +)
    let sharedSymbol = elementwise ? fPrime + .dot + input : input
    let sharedNumbers =
      elementwise
      ? symbols.factor(fValue) + .dot + symbols.factor(inputValue)
      : symbols.factor(
        inputValue)
    var text: [DerivationInline] = [
      prose(
        elementwise
          ? "Every path ends in the same factors "
          : "Every path ends in the same "
            + "factor "), math(sharedSymbol),
      prose(
        (elementwise ? ". Factoring them out" : ". Factoring it out")
          + " leaves the sum of the parts the paths do not share"
          + (elementwise ? "; times " : ", which")),
    ]
    if elementwise { text += [math(fPrime), prose(" it")] }
    text += [
      prose(" is the error "), math(symbols.delta(l, [js])),
      prose(", and backprop computes it once, layer by layer from the top:"),
    ]
    return [
      .paragraph(text),
      .equations([
        DerivationEquation(
          .derivative(symbols.cost, pm),
          [
            .parens(MathText.joined(prefixes.map(symbols.factor), separator: .plus)) + .dot
              + sharedNumbers,
            symbols.factor(sum) + .dot + sharedNumbers,
            symbols.number(sum * fValue * inputValue),
          ])
      ]),
    ]
  }

  /// The parameter trace of `p`: where it enters, every path, and backprop's answer.
  func parameterSection(_ p: ParameterIndex) -> [DerivationBlock] {
    let l = p.layer
    let j = p.indices[0]
    let js = String(j)
    let (pm, last, lastValue) = parameterInput(p)
    let isBias = !p.isWeight
    var classic: [DerivationInline] = []
    if let name = ClassicWeightNames.name(of: p, sizes: network.sizes) {
      if options.parameterHasClassicName {
        classic = [
          math(.plain(name)), prose(", the classic worked example's name for this weight, is "),
          math(pm), prose(". "),
        ]
      } else if ClassicWeightNames.isTheExample(network) {
        classic = [
          prose("This network is the classic worked example, where "), math(pm),
          prose(" is called "), math(.plain(name)), prose(". "),
        ]
      }
    }
    var blocks: [DerivationBlock] = [
      .paragraph(
        classic + [
          math(pm), prose(" enters the network only through "),
          math(symbols.preActivation(l, [js])),
          prose(", with "),
          math(
            .derivative(symbols.preActivation(l, [js]), pm) + .equals
              + (isBias ? symbols.number(1) : last + .equals + symbols.number(lastValue))),
          prose(
            ". From there every path to the cost passes one neuron of each layer above; "
              + "the chain rule adds the products of the local derivatives along all paths."),
        ])
    ]
    blocks += localDerivatives()
    blocks += pathListing(to: p)
    let delta = backTrace.delta[l][j]
    let step = network.weightGradients(trace, backTrace)[l - 1]
    let analytic: Double
    switch p.kind {
    case .weight(let row, let column): analytic = step.weight(row: row, column: column)
    case .bias(let row): analytic = step.biases[row]
    }
    blocks += markLegend()
    blocks.append(
      .paragraph([
        prose(
          isBias
            ? "Backprop's answer is the error of the neuron (a bias's input is 1):"
            : "Backprop's answer is the error of the neuron times the parameter's input:")
      ]))
    // With a mistake, backprop's numbers that the mistaken program computes differently are
    // marked (the paths are the chain rule's, which the program does not compute).
    let wrongAnalytic = mistakenSampleGradients?[p]
    let wrongInput = isBias ? nil : mistakenWeightInput(l)?[p.indices[1]]
    blocks.append(
      .equations([
        isBias
          ? DerivationEquation(
            .derivative(symbols.cost, pm),
            [symbols.delta(l, [js]), number(analytic, mistaken: wrongAnalytic)])
          : DerivationEquation(
            .derivative(symbols.cost, pm),
            [
              symbols.delta(l, [js]) + .space + last,
              factor(delta, mistaken: mistakenDelta(l)?[j]) + .dot
                + factor(lastValue, mistaken: wrongInput),
              number(analytic, mistaken: wrongAnalytic),
            ])
      ]))
    if samples.count > 1 {
      blocks.append(
        .paragraph([
          prose("Mean over the \(samples.count) samples: "),
          math(
            .derivative(symbols.meanCost, pm) + .equals
              + number(gradients[p], mistaken: mistaken?.gradients[p])),
          prose(", the mean of every sample's "), math(.derivative(symbols.cost, pm)),
          prose(", is what the check below approximates."),
        ]))
    }
    return blocks
  }
}
