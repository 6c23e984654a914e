/// The misconception section (`--mistake`): what the mistake changes in the derivation,
/// every δ and gradient with its right and its mistaken value, the changed ones marked.
extension DerivationBuilder {
  /// The wrong step next to the right one, as formulas.
  func mistakeStep(_ mistake: BackpropMistake) -> (wrong: DerivationEquation, right: MathText) {
    let up = MathText.parens(.symbol("W", sup: "l+1")) + .transpose + .space + .delta("l+1")
    let fz = MathText.fPrime + .parens(.symbol("z", sup: "l"))
    switch mistake {
    case .missingOutputDerivative:
      return (
        DerivationEquation(.delta("L"), [symbols.costGradient]),
        .parens(.derivative(.symbol("a", sup: "L"), .symbol("z", sup: "L"))) + .transpose
          + .space + symbols.costGradient
      )
    case .derivativeOfActivation:
      return (
        DerivationEquation(
          .delta("l"), [up + .hadamard + .fPrime + .parens(.symbol("a", sup: "l"))]),
        up + .hadamard + fz
      )
    case .previousActivation:
      return (
        DerivationEquation(
          .derivative(symbols.cost, .symbol("W", sup: "l")),
          [.delta("l") + .space + .parens(.symbol("a", sup: "l")) + .transpose]),
        .delta("l") + .space + .parens(.symbol("a", sup: "l-1")) + .transpose
      )
    case .transpose:
      return (
        DerivationEquation(
          .delta("l"), [.symbol("W", sup: "l+1") + .space + .delta("l+1") + .hadamard + fz]),
        up + .hadamard + fz
      )
    }
  }

  /// The mistake section: the wrong step, the traced sample's δ's and the mean gradients
  /// right and mistaken (changed ones marked `*`), and how many changed.
  func mistakeSection(_ m: MistakenBackprop) -> [DerivationBlock] {
    let (wrong, right) = mistakeStep(m.mistake)
    var blocks: [DerivationBlock] = [
      .paragraph([
        prose(
          "The backward pass below is the one above with one step replaced, as a buggy "
            + "program would compute it:")
      ]),
      .equations([
        DerivationEquation(
          wrong.lhs, wrong.steps,
          comment: MathText("instead of ", latex: "\\text{instead of }") + right)
      ]),
      .subheading("Errors (sample \(tracedSample))"),
    ]
    var rows: [[[DerivationInline]]] = []
    var changed = 0
    var total = 0
    func row(_ name: MathText, _ x: Double, _ y: Double) {
      let differs = MistakenBackprop.differ(x, y)
      total += 1
      if differs { changed += 1 }
      rows.append([
        [math(name)], [prose(numberFormat.string(x))], [prose(numberFormat.string(y))],
        [prose(differs ? "*" : "")],
      ])
    }
    for l in layers.reversed() {
      for j in 0..<network.sizes[l] {
        row(
          symbols.delta(l, [String(j)]), backTrace.delta[l][j], m.backward[tracedSample].delta[l][j]
        )
      }
    }
    let header: [[DerivationInline]] = [
      [prose("quantity")], [prose("right")], [prose("with the mistake")], [prose("changed")],
    ]
    blocks.append(
      .table(DerivationTable(header: header, rows: rows, numeric: [false, true, true, false])))
    let deltaRows = rows
    rows = []
    let gradientTotalBefore = total
    let changedBefore = changed
    let indices = network.parameterIndices.filter { layers.contains($0.layer) }
    for p in indices { row(symbols.parameter(p), gradients[p], m.gradients[p]) }
    let gradientChanged = changed - changedBefore
    let gradientCount = total - gradientTotalBefore
    blocks.append(
      .subheading(samples.count > 1 ? "Gradients of the mean cost" : "Gradients"))
    if indices.count <= options.listParametersUpTo {
      blocks.append(
        .table(DerivationTable(header: header, rows: rows, numeric: [false, true, true, false])))
    }
    let deltaChanged = deltaRows.filter { $0[3] == [prose("*")] }.count
    blocks.append(
      .paragraph([
        prose(
          "The mistake changes \(deltaChanged) of the \(deltaRows.count) errors of sample "
            + "\(tracedSample) and \(gradientChanged) of the \(gradientCount) gradients. "
            + "The check below compares the mistaken gradients with central differences, "
            + "which use forward passes only and know nothing of the mistake.")
      ]))
    return blocks
  }
}
