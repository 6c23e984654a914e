/// The misconception mode (`--mistake`): the mistaken step written where it happens (in the
/// backward pass or in the gradients), every δ and gradient with its right and its mistaken
/// value, the changed ones marked `*` (the displays' marks are in `MistakeMarks.swift`), and
/// a summary section before the check.
extension DerivationBuilder {
  /// Whether the mistake replaces a step of the δ recursion (else a step of the gradients).
  static func changesErrors(_ mistake: InjectedMistake) -> Bool {
    switch mistake {
    case .sign, .scale, .missingOutputDerivative, .derivativeOfActivation, .transpose:
      return true
    case .sumInsteadOfMean, .previousActivation, .bias:
      return false
    }
  }

  /// The wrong step next to the right one, as formulas.
  func mistakeStep(_ mistake: InjectedMistake) -> (wrong: DerivationEquation, right: MathText) {
    let up = MathText.parens(.symbol("W", sup: "l+1")) + .transpose + .space + .delta("l+1")
    let fz = MathText.fPrime + .parens(.symbol("z", sup: "l"))
    let outputRight =
      MathText.parens(.derivative(.symbol("a", sup: "L"), .symbol("z", sup: "L"))) + .transpose
      + .space + symbols.costGradient
    let weightRight = MathText.delta("l") + .space + .parens(.symbol("a", sup: "l-1")) + .transpose
    let dW = MathText.derivative(symbols.cost, .symbol("W", sup: "l"))
    switch mistake {
    case .sign:
      return (
        DerivationEquation(.delta("L"), [MathText("−", ascii: "-", latex: "-") + outputRight]),
        outputRight
      )
    case .scale:
      let factor = numberFormat.string(InjectedMistake.scaleFactor)
      return (DerivationEquation(.delta("L"), [.plain(factor) + .space + outputRight]), outputRight)
    case .sumInsteadOfMean:
      let dMean = MathText.derivative(symbols.meanCost, .symbol("W", sup: "l"))
      let perSample = MathText.derivative(symbols.sampleCost, .symbol("W", sup: "l"))
      return (
        DerivationEquation(dMean, [MathText.sum("s") + perSample]),
        MathText("(1/m) ", ascii: "(1/m) ", latex: "\\frac{1}{m} ") + MathText.sum("s") + perSample
      )
    case .missingOutputDerivative:
      return (DerivationEquation(.delta("L"), [symbols.costGradient]), outputRight)
    case .derivativeOfActivation:
      return (
        DerivationEquation(
          .delta("l"), [up + .hadamard + .fPrime + .parens(.symbol("a", sup: "l"))]),
        up + .hadamard + fz
      )
    case .previousActivation:
      return (
        DerivationEquation(
          dW, [.delta("l") + .space + .parens(.symbol("a", sup: "l")) + .transpose]),
        weightRight
      )
    case .bias:
      return (
        DerivationEquation(.derivative(symbols.cost, .symbol("b", sup: "l")), [.plain("0")]),
        .delta("l")
      )
    case .transpose:
      return (
        DerivationEquation(
          .delta("l"), [.symbol("W", sup: "l+1") + .space + .delta("l+1") + .hadamard + fz]),
        up + .hadamard + fz
      )
    }
  }

  /// The mistaken step as an equation with its right form as the comment.
  func mistakeEquation(_ mistake: InjectedMistake) -> DerivationBlock {
    let (wrong, right) = mistakeStep(mistake)
    return .equations([
      DerivationEquation(
        wrong.lhs, wrong.steps,
        comment: MathText("instead of ", latex: "\\text{instead of }") + right)
    ])
  }

  /// The header of a right-against-mistaken table.
  private var comparisonHeader: [[DerivationInline]] {
    [[prose("quantity")], [prose("right")], [prose("with the mistake")], [prose("changed")]]
  }

  /// One row of a comparison table, marked `*` when the numbers differ.
  ///
  /// A mistaken formula with no value for an entry (NaN where the right one has a value) is
  /// shown as a dash.
  private func comparisonRow(_ name: MathText, _ x: Double, _ y: Double) -> [[DerivationInline]] {
    let mistaken =
      Self.hasNoValue(x, y)
      ? math(MathText("—", ascii: "-", latex: "\\text{---}")) : prose(numberFormat.string(y))
    return [
      [math(name)], [prose(numberFormat.string(x))], [mistaken],
      [prose(MistakenBackprop.differ(x, y) ? "*" : "")],
    ]
  }

  /// Whether the mistaken formula has no value (NaN) where the right one has.
  private static func hasNoValue(_ x: Double, _ y: Double) -> Bool { y.isNaN && !x.isNaN }

  /// The note under a table whose mistaken column has dashes, else nothing.
  private func noValueNote(_ m: MistakenBackprop) -> [DerivationBlock] {
    let indices = network.parameterIndices.filter { layers.contains($0.layer) }
    guard indices.contains(where: { Self.hasNoValue(gradients[$0], m.gradients[$0]) }) else {
      return []
    }
    return [
      .note([
        prose("A dash: the mistaken formula has no value there (it reads past the end of "),
        math(.symbol("a", sup: "l")), prose(")."),
      ])
    ]
  }

  /// A comparison table.
  private func comparisonTable(_ rows: [[[DerivationInline]]]) -> DerivationBlock {
    .table(
      DerivationTable(header: comparisonHeader, rows: rows, numeric: [false, true, true, false]))
  }

  /// Every δ of the traced sample, right and mistaken: (rows, how many changed).
  private func errorRows(_ m: MistakenBackprop) -> ([[[DerivationInline]]], Int) {
    var rows: [[[DerivationInline]]] = []
    var changed = 0
    for l in layers.reversed() {
      for j in 0..<network.sizes[l] {
        let (x, y) = (backTrace.delta[l][j], m.backward[tracedSample].delta[l][j])
        if MistakenBackprop.differ(x, y) { changed += 1 }
        rows.append(comparisonRow(symbols.delta(l, [String(j)]), x, y))
      }
    }
    return (rows, changed)
  }

  /// Every gradient shown, right and mistaken: (rows, how many changed).
  private func gradientRows(_ m: MistakenBackprop) -> ([[[DerivationInline]]], Int) {
    let indices = network.parameterIndices.filter { layers.contains($0.layer) }
    var changed = 0
    let rows = indices.map { p -> [[DerivationInline]] in
      if MistakenBackprop.differ(gradients[p], m.gradients[p]) { changed += 1 }
      return comparisonRow(symbols.parameter(p), gradients[p], m.gradients[p])
    }
    return (rows, changed)
  }

  /// The subheading that opens the mistaken numbers inside a section.
  private func withTheMistake(_ m: MistakenBackprop) -> DerivationBlock {
    .subheading("With the mistake " + m.mistake.rawValue)
  }

  /// The end of the backward pass with a mistake: the mistaken step where the δ recursion
  /// takes it, and the traced sample's δ's right and mistaken.
  func mistakeErrorBlocks(_ m: MistakenBackprop) -> [DerivationBlock] {
    var blocks = [withTheMistake(m)]
    if Self.changesErrors(m.mistake) {
      blocks.append(
        .paragraph([
          prose("A buggy program computes the errors with one step replaced:")
        ]))
      blocks.append(mistakeEquation(m.mistake))
    } else {
      blocks.append(
        .paragraph([
          prose("The mistake is in the gradients below; the errors stay right.")
        ]))
    }
    blocks.append(comparisonTable(errorRows(m).0))
    return blocks
  }

  /// The end of the gradients with a mistake: the mistaken step when it is taken here, and
  /// the gradients right and mistaken.
  func mistakeGradientBlocks(_ m: MistakenBackprop) -> [DerivationBlock] {
    var blocks = [withTheMistake(m)]
    if Self.changesErrors(m.mistake) {
      blocks.append(
        .paragraph([
          prose("The mistaken errors above flow into every gradient built from them:")
        ]))
    } else {
      blocks.append(
        .paragraph([prose("A buggy program computes the gradients with one step replaced:")]))
      blocks.append(mistakeEquation(m.mistake))
    }
    if network.parameterIndices.filter({ layers.contains($0.layer) }).count
      <= options.listParametersUpTo
    {
      blocks.append(comparisonTable(gradientRows(m).0))
      blocks += noValueNote(m)
    }
    return blocks
  }

  /// The mistake section: the wrong step and how many numbers it changed; with `--param`,
  /// which has no backward section, also the tables.
  func mistakeSection(_ m: MistakenBackprop) -> [DerivationBlock] {
    var blocks: [DerivationBlock] = [
      .paragraph([prose("The mistake replaces one step:")]),
      mistakeEquation(m.mistake),
    ]
    let (deltaRows, deltaChanged) = errorRows(m)
    let (gradientRows, gradientChanged) = gradientRows(m)
    if options.parameter != nil {
      blocks.append(.subheading("Errors (sample \(tracedSample))"))
      blocks.append(comparisonTable(deltaRows))
      blocks.append(
        .subheading(samples.count > 1 ? "Gradients of the mean cost" : "Gradients"))
      if gradientRows.count <= options.listParametersUpTo {
        blocks.append(comparisonTable(gradientRows))
        blocks += noValueNote(m)
      }
    }
    blocks.append(
      .paragraph([
        prose(
          "The mistake changes \(deltaChanged) of the \(deltaRows.count) errors of sample "
            + "\(tracedSample) and \(gradientChanged) of the \(gradientRows.count) gradients "
            + (options.parameter == nil
              ? "(marked in the tables and the displays above). " : "(marked * in the tables). ")
            + "The check below compares the mistaken gradients with central differences, "
            + "which use forward passes only and know nothing of the mistake.")
      ]))
    return blocks
  }
}
