/// Notes where the numbers of the traced sample teach something, as a textbook says it in
/// words: a saturated unit (and, at a sigmoid output with cross-entropy, why its σ′ does not
/// shrink the gradient), a dead relu, a small input giving small weight gradients.
extension DerivationBuilder {
  /// A sigmoid or tanh unit is called saturated when f′(z) is below this fraction of its
  /// largest value f′(0).
  static let saturationFraction = 0.1
  /// An input is called small when its size is below this fraction of the largest input of
  /// its layer.
  static let smallInputFraction = 0.01

  /// The units of layer `l` whose f′(z) of the traced sample is below
  /// `saturationFraction` of f′(0), for sigmoid and tanh (whose f′ peaks at 0).
  func saturatedUnits(_ l: Int) -> [Int] {
    let act = network.activation(l)
    guard act == .sigmoid || act == .tanh else { return [] }
    let peak = act.derivative(0)
    return trace.z[l].indices.filter {
      act.derivative(trace.z[l][$0]) < Self.saturationFraction * peak
    }
  }

  /// The units of relu layer `l` with z ≤ 0 for every sample: their δ is 0 for every
  /// sample, so the weights and bias into them get no gradient.
  func deadUnits(_ l: Int) -> [Int] {
    guard network.activation(l) == .relu else { return [] }
    return (0..<network.sizes[l]).filter { j in forward.allSatisfy { $0.z[l][j] <= 0 } }
  }

  /// The inputs k of layer `l` (entries of aˡ⁻¹ of the traced sample) that are small next to
  /// the largest one, so that column k of ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ is small too.
  func smallInputs(_ l: Int) -> [Int] {
    let a = trace.a[l - 1]
    let largest = a.map(abs).max() ?? 0
    guard largest > 0, a.count > 1 else { return [] }
    return a.indices.filter { abs(a[$0]) < Self.smallInputFraction * largest }
  }

  /// `a[1]`, `a[1], a[3]`: the listed entries of a layer quantity.
  func entries(_ symbol: (Int, [String]) -> MathText, _ l: Int, _ js: [Int]) -> MathText {
    MathText.joined(js.map { symbol(l, [String($0)]) }, separator: MathText(", "))
  }

  /// The notes on layer `l`'s numbers: saturated units and dead relus.
  func unitNotes(_ l: Int) -> [DerivationBlock] {
    var blocks: [DerivationBlock] = []
    let saturated = saturatedUnits(l)
    if !saturated.isEmpty && l == outputLayer && hasFusedOutputDelta {
      blocks += cancelledSaturation(saturated)
    } else if !saturated.isEmpty {
      let first = saturated[0]
      blocks.append(
        .note([
          math(entries(symbols.activation, l, saturated)),
          prose(
            saturated.count == 1
              ? " is saturated: its weighted input is far from 0, so "
              : " are saturated: their weighted inputs are far from 0, so "),
          math(
            symbols.functionDerivative(l, symbols.preActivation(l, [String(first)])) + .equals
              + symbols.number(network.activation(l).derivative(trace.z[l][first]))),
          prose(
            " is near 0. Every gradient through the unit is multiplied by it: "),
          math(
            symbols.delta(l, [String(first)]) + .equals
              + symbols.number(backTrace.delta[l][first])),
          prose(
            l > 1
              ? " is small, and so are the gradients of the weights into it and of every layer "
                + "below that reaches the cost through it (learning slows)."
              : " is small, and so are the gradients of the weights and bias into it (learning "
                + "slows)."),
        ]))
    }
    let dead = deadUnits(l)
    if !dead.isEmpty {
      blocks.append(
        .note([
          prose(dead.count == 1 ? "Unit " : "Units "),
          math(entries(symbols.preActivation, l, dead)),
          prose(
            (dead.count == 1 ? " is" : " are") + " at most 0 for every sample ("
              + "\(samples.count)"
              + (samples.count == 1 ? " sample" : " samples")
              + "): "),
          math(MathText("relu′", ascii: "relu'", latex: "\\operatorname{relu}'")),
          prose(" is 0 there, so "),
          math(entries(symbols.delta, l, dead)),
          prose(
            (dead.count == 1 ? " is" : " are") + " 0 and the weights and bias into "
              + (dead.count == 1 ? "that unit" : "those units")
              + " get no gradient; gradient descent cannot revive a dead relu."),
        ]))
    }
    return blocks
  }

  /// The note on saturated output units whose σ′ cancels (sigmoid with cross-entropy,
  /// δᴸ = aᴸ − y): the error stays as large as the miss, unlike in a hidden layer.
  func cancelledSaturation(_ saturated: [Int]) -> [DerivationBlock] {
    let l = outputLayer
    let first = saturated[0]
    let js = [String(first)]
    return [
      .note([
        math(entries(symbols.activation, l, saturated)),
        prose(
          (saturated.count == 1 ? " is" : " are")
            + " saturated (its weighted input is far from 0, "),
        math(
          symbols.functionDerivative(l, symbols.preActivation(l, js)) + .equals
            + symbols.number(network.activation(l).derivative(trace.z[l][first]))),
        prose("), but with cross-entropy the "),
        math(symbols.functionDerivative(l, .plain("z"))),
        prose(" cancels: "),
        math(
          symbols.delta(l, js) + .equals + symbols.activation(l, js) + .minus
            + MathText.symbol("y", sub: js) + .equals
            + symbols.number(backTrace.delta[l][first])),
        prose(
          " is as large as the miss, so the gradient does not shrink. This is why a "
            + "sigmoid output is paired with cross-entropy; a saturated hidden unit gets no "
            + "such help."),
      ])
    ]
  }

  /// The note on layer `l`'s weight gradients: inputs much smaller than the others give
  /// small columns of ∂C/∂Wˡ.
  func inputNotes(_ l: Int) -> [DerivationBlock] {
    let small = smallInputs(l)
    guard !small.isEmpty else { return [] }
    let zero = small.allSatisfy { trace.a[l - 1][$0] == 0 }
    let verb = small.count == 1 ? " is" : " are"
    return [
      .note([
        prose(small.count == 1 ? "The input " : "The inputs "),
        math(entries(symbols.activation, l - 1, small)),
        prose(
          verb + (zero ? " 0 for this sample" : " small next to the layer's largest")
            + ", so the weight gradients "
            + (small.count == 1 ? "it multiplies" : "they multiply") + " (column"
            + (small.count == 1 ? " " : "s ")
            + small.map(String.init).joined(separator: ", ") + " of "),
        math(.derivative(symbols.cost, symbols.weights(l))),
        prose(
          zero
            ? ") are 0 too: a weight learns nothing from a sample whose input to it is 0."
            : ") are small too: a weight learns only as fast as its input is large."),
      ])
    ]
  }
}
