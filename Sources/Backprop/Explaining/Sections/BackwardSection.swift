/// Section 5, the backward pass: the forms the view asks for, then the numbers layer by
/// layer from the top, and the fused output error where backprop uses one.
extension DerivationBuilder {
  /// The backward pass: the forms `options.view` asks for, then the numbers of each shown
  /// layer from the top.
  func backwardSection() -> [DerivationBlock] {
    var blocks = markLegend() + localDerivatives()
    if options.view.includes(.jacobian) { blocks += jacobianForm() }
    if options.view.includes(.index) { blocks += indexForm() }
    if options.view.includes(.matrix) { blocks += matrixForm() }
    for l in layers.reversed() { blocks += layerNumbers(l) }
    if let mistaken { blocks += mistakeErrorBlocks(mistaken) }
    return blocks
  }

  /// Whether the output layer has a fused error (sigmoid with cross-entropy, softmax with
  /// categorical cross-entropy), which backprop computes without the general chain.
  var hasFusedOutputDelta: Bool { network.cost.isFused(with: network.activation(outputLayer)) }

  /// The numbers of layer `l` for the traced sample in each form shown, then δˡ (and the
  /// fused output error at the top when backprop uses one).
  func layerNumbers(_ l: Int) -> [DerivationBlock] {
    var blocks: [DerivationBlock] = [.subheading("Layer \(l) (sample \(tracedSample))")]
    if options.layer != nil && l < outputLayer {
      blocks.append(
        .paragraph([
          prose("From the layer above (see \(options.layerReference)\(l + 1)), "),
          math(symbols.delta(l + 1)),
          prose(" is the prefix of the chain:"),
        ]))
      blocks.append(
        labeled(
          symbols.delta(l + 1), column(backTrace.delta[l + 1]),
          mistaken: mistakenDelta(l + 1).map(column)))
    }
    let c = chainRule(l)
    let prefixes = c.prefixValues()
    let chainProduct = prefixes[c.factors.count - 1]
    if options.view.includes(.jacobian) { blocks += jacobianNumbers(l, c, product: chainProduct) }
    if options.view.includes(.matrix) { blocks += matrixNumbers(l) }
    if options.view.includes(.index) && listsEveryParameter {
      blocks.append(.equations(indexNumbers(l)))
    }
    blocks.append(
      labeled(symbols.delta(l), column(backTrace.delta[l]), mistaken: mistakenDelta(l).map(column))
    )
    blocks += unitNotes(l)
    if l == outputLayer && hasFusedOutputDelta {
      blocks += simplification(c, general: chainProduct)
    }
    return blocks
  }

  /// The fused output error of sigmoid with cross-entropy (δᴸ = aᴸ − y) and of softmax
  /// with categorical cross-entropy (δᴸ = aᴸ Σy − y, which is aᴸ − y only when Σy = 1),
  /// compared with the general chain `general` (∂C/∂aᴸ · ∂aᴸ/∂zᴸ, a row).
  ///
  /// The fused numbers are `Cost.fusedOutputDelta(z:a:target:outputActivation:)`, the form
  /// backprop uses, so they equal δᴸ above.
  func simplification(_ c: ChainRule, general: [Double]) -> [DerivationBlock] {
    let target = sample.target
    guard
      let simple = network.cost.fusedOutputDelta(
        z: trace.z[outputLayer], a: trace.output, target: target,
        outputActivation: network.activation(outputLayer))
    else { return [] }
    let softmax = network.cost.function.fusedDeltaUsesTargetSum
    let total = target.reduce(0, +)
    let pair = softmax ? "softmax with categorical cross-entropy" : "sigmoid with cross-entropy"
    let shapes = MathText.space + .parens(.shape(network.sizes[outputLayer], 1))
    var blocks: [DerivationBlock] = []
    let sumY = MathText("Σᵢ yᵢ", ascii: "sum_i y_i", latex: "\\sum_{i} y_{i}")
    let simpleLabel: MathText
    if softmax {
      simpleLabel =
        symbols.activation(outputLayer) + .space + .parens(sumY) + .minus + symbols.target
      blocks.append(
        .note([
          prose("For \(pair) the general chain simplifies: the factors "),
          math(symbols.jacobian(c.factors[0])), prose(" and "),
          math(symbols.jacobian(c.factors[1])),
          prose(" multiply out to "),
          math(symbols.delta(outputLayer) + .equals + simpleLabel + shapes),
          prose(", which is "), math(symbols.activation(outputLayer) + .minus + symbols.target),
          prose(
            " only when the target sums to 1 (a probability vector); here "),
          math(sumY + .equals + symbols.number(total)), prose("."),
        ]))
    } else {
      simpleLabel = symbols.activation(outputLayer) + .minus + symbols.target
      blocks.append(
        .note([
          prose("For \(pair) the general chain simplifies: the factors "),
          math(symbols.jacobian(c.factors[0])), prose(" and "),
          math(symbols.jacobian(c.factors[1])),
          prose(" multiply out to "),
          math(symbols.delta(outputLayer) + .equals + simpleLabel + shapes), prose("."),
        ]))
    }
    blocks.append(labeled(simpleLabel, column(simple)))
    let finite = general.allSatisfy(\.isFinite)
    if finite {
      let diff = zip(simple, general).map { abs($0 - $1) }.max() ?? 0
      blocks.append(
        .paragraph([
          prose(
            "The general chain and the simplified form give the same numbers (largest "
              + "difference " + NumberFormat.brief(diff) + ").")
        ]))
    } else {
      blocks.append(
        .paragraph([
          prose(
            "The general chain cannot be evaluated here: an output rounds to exactly 0 or 1, so "),
          prose("the factor "), math(.derivative(symbols.cost, symbols.activation(outputLayer))),
          prose(" divides by zero and gives nan or inf. The simplified form never divides by "),
          math(symbols.activation(outputLayer)), prose(" or "),
          math(MathText.plain("1") + .minus + symbols.activation(outputLayer)),
          prose(", and is what backprop uses (the numbers of "), math(symbols.delta(outputLayer)),
          prose(" above)."),
        ]))
    }
    return blocks
  }
}
