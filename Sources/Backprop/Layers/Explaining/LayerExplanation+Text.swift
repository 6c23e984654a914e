import TextSupport

extension LayerExplanation {
  /// The explanation as text within 80 columns.
  ///
  /// The layers with shapes, the forward pass (equations with shapes and numbers), the
  /// cost, the backward pass layer by layer (equations with shapes, the local Jacobian in
  /// full when small, the convolution's full correlation with the flipped kernel, the
  /// pool's routing, the recurrent layers' steps through time, the numbers), the gradients
  /// of the mean cost, and the finite-difference check. With `.ascii` notation every symbol
  /// is spelled in plain ASCII (`z^1`, `dC/da^0`, `sum`).
  public func text(
    format: NumberFormat = NumberFormat(digits: 6), notation: Notation = .unicode
  ) -> String {
    var lines = WordWrap.lines(headline)
    for (i, section) in sections(format: format, notation: notation).enumerated() {
      lines += ["", "\(i + 1). \(section.title)"] + section.lines
    }
    if notation == .ascii { lines = lines.flatMap(Self.asciiLines) }
    return lines.map(Self.withoutTrailingSpaces).joined(separator: "\n") + "\n"
  }

  /// One sentence naming the network, the cost, the samples and the traced sample.
  var headline: String {
    "Backpropagation through \(network.architecture); cost \(network.cost.name), the "
      + "mean over \(samples.count) " + (samples.count == 1 ? "sample" : "samples")
      + "; sample \(tracedSample) traced"
  }

  /// The explanation's parts in order, each a title, its text lines (indented by 3
  /// columns, within 80) and the same as document blocks.
  func sections(format: NumberFormat, notation: Notation = .unicode) -> [LayerSection] {
    [
      layersSection(format, notation), forwardSection(format, notation),
      costSection(format, notation), backwardSection(format, notation: notation),
      meanGradientSection(format, notation),
    ] + (check.map { [checkSection($0, format)] } ?? [])
  }

  private func layersSection(_ format: NumberFormat, _ notation: Notation) -> LayerSection {
    var w = LayerSectionWriter(format: format, notation: notation)
    var text: [String] = []
    var rows: [[MathText]] = []
    // The layer column is as wide as its widest entry and a space, 23 at least.
    let label = { (s: Step) in "\(s.number)  \(s.layer.spec)" }
    let width = max(23, (steps.map { label($0).count + 1 }.max() ?? 0))
    for s in steps {
      let params = s.tensors.map { "\($0.name) \(TensorShape($0.tensor.shape))" }
      text += w.wrap(
        label(s).padded(to: width) + "\(s.input.symbol()) "
          + "\(s.layer.inputShape) → \(s.output.symbol()) \(s.layer.outputShape)"
          + (params.isEmpty ? "" : "   " + params.joined(separator: ", ")), prefix: "   ",
        indent: width + 3, keepingSpaces: true)
      rows.append([
        .plain("\(s.number)"), .words(s.layer.spec.description),
        LayerSymbols.quantity(s.input) + LayerSymbols.math(" ", "\\ ")
          + LayerSymbols.shape(s.layer.inputShape),
        LayerSymbols.quantity(s.output) + LayerSymbols.math(" ", "\\ ")
          + LayerSymbols.shape(s.layer.outputShape),
        s.tensors.isEmpty
          ? .words("-")
          : s.layer is LSTMLayer
            ? LayerSymbols.math(
              "W•\(s.number) \(s.layer.outputShape.count)×\(s.layer.inputShape.dimensions[1]), U•\(s.number) \(s.layer.outputShape.count)×\(s.layer.outputShape.count), b•\(s.number) \(s.layer.outputShape.count) for • = i, f, g, o",
              "W_{\\bullet}^{\(s.number)}\\ \(s.layer.outputShape.count)\\times \(s.layer.inputShape.dimensions[1]),\\ U_{\\bullet}^{\(s.number)}\\ \(s.layer.outputShape.count)\\times \(s.layer.outputShape.count),\\ b_{\\bullet}^{\(s.number)}\\ \(s.layer.outputShape.count)\\text{ for } \\bullet = i, f, g, o"
            )
            : MathText.joined(
              s.tensors.map {
                LayerSymbols.tensor($0.name) + LayerSymbols.math(" ", "\\ ")
                  + LayerSymbols.shape(TensorShape($0.tensor.shape))
              }, separator: LayerSymbols.math(", ", ",\\ ")),
      ])
    }
    w.table(
      text: text,
      header: ["l", "layer", "input", "output", "parameters"].map(DerivationInline.text),
      rows: rows)
    return w.section("Layers")
  }

  private func forwardSection(_ format: NumberFormat, _ notation: Notation) -> LayerSection {
    var w = LayerSectionWriter(format: format, notation: notation)
    w.tensor(
      LayerSymbols.math("a⁰", "a^{0}"), samples[tracedSample].input, network.inputShape,
      sequence: network.inputShape.rank == 2)
    for s in steps {
      w.blank()
      w.equations(LayerEquations.forward(s))
      for t in s.tensors {
        let local = t.offset - network.offsets[s.index]
        let values = Array(s.parameters[local..<(local + t.tensor.count)])
        w.tensor(LayerSymbols.tensor(t.name), values, TensorShape(t.tensor.shape))
      }
      if let rnn = s.layer as? RNNLayer { states(rnn, s, &w) }
      w.tensor(
        LayerSymbols.quantity(s.output), s.outputValues, s.layer.outputShape,
        sequence: s.layer.outputShape.rank == 2)
      if let lstm = s.layer as? LSTMLayer { gates(lstm, s, &w) }
    }
    return w.section("Forward pass (sample \(tracedSample))")
  }

  private func costSection(_ format: NumberFormat, _ notation: Notation) -> LayerSection {
    var w = LayerSectionWriter(format: format, notation: notation)
    let output = LayerSymbols.quantity(network.outputQuantity(of: network.layers.count - 1))
    w.tensor(
      .plain("y"), samples[tracedSample].target, TensorShape([samples[tracedSample].target.count]))
    let cost = network.cost.function
    let (ai, yi) = (LayerSymbols.indexed(output, "i"), LayerSymbols.math("y[i]", "y[i]"))
    let n = samples[tracedSample].target.count
    w.equations([
      DerivationEquation(
        .plain("C"),
        [
          cost.formula(output: output, target: .plain("y"), outputEntry: ai, targetEntry: yi),
          w.number(sampleCost),
        ],
        comment: .words(
          "sample \(tracedSample)" + (cost.formulaUsesOutputCount ? ", n = \(n)" : ""))),
      DerivationEquation(
        LayerSymbols.math("C̄", "\\bar{C}"),
        [
          LayerSymbols.math(
            "(1/\(samples.count)) Σₛ Cₛ", "\\frac{1}{\(samples.count)} \\sum_{s} C_{s}"),
          w.number(meanCost),
        ],
        comment: .words(
          "the mean over the \(samples.count) " + (samples.count == 1 ? "sample" : "samples"))),
    ])
    if fused == nil, let last = steps.last, let g = last.outputGradient {
      w.equations([
        DerivationEquation(
          LayerSymbols.gradient(ai), [cost.gradientFormula],
          comment: .words("with a and y the output and the target"))
      ])
      w.tensor(LayerSymbols.gradient(output), g, last.layer.outputShape)
    }
    if let f = fused {
      w.paragraph([
        .text(
          "\(f.name) with \(network.cost.name): the cost is computed from the \(f.name)'s "
            + "input, so its gradient there is "),
        .math(output + .minus + .plain("y")), .text(" directly."),
      ])
    }
    return w.section("Cost")
  }

  private func meanGradientSection(_ format: NumberFormat, _ notation: Notation) -> LayerSection {
    var w = LayerSectionWriter(format: format, notation: notation)
    for t in network.tensorSlots {
      w.tensor(
        LayerSymbols.meanGradient(LayerSymbols.tensor(t.name)), Array(gradients[t.range]),
        TensorShape(t.tensor.shape))
    }
    return w.section(
      "Gradients of the mean cost over \(samples.count) "
        + (samples.count == 1 ? "sample" : "samples"))
  }

  /// The check: gradcheck's text report (tensors named as the other sections name them),
  /// and for the math formats the same rule, table, notes on kinks and summary as blocks.
  private func checkSection(_ report: LayerCheckReport, _ format: NumberFormat) -> LayerSection {
    var check = report
    check.superscriptsDenseLayers = false
    var w = LayerSectionWriter(format: format)
    let text = check.text().split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    let sci = NumberFormat(digits: 2)
    w.add(
      [],
      .paragraph([
        .text("Each entry of the gradient against the central difference "),
        .math(
          LayerSymbols.math(
            "(C̄(θ + ε) − C̄(θ − ε)) / 2ε",
            "\\frac{\\bar{C}(\\theta + \\varepsilon) - \\bar{C}(\\theta - \\varepsilon)}{2\\varepsilon}"
          )),
        .text(" with "),
        .math(LayerSymbols.math("ε = ", "\\varepsilon = ") + w.number(check.epsilon)),
        .text(
          ", rtol \(NumberFormat.scientific(check.tolerance.rtol, digits: 2)), atol "
            + "\(NumberFormat.scientific(check.tolerance.atol, digits: 2))."),
      ]))
    // As in the text table, a tensor whose every entry is a kink has no error to show.
    let error = { (t: TensorCheckSummary, e: Double) -> [DerivationInline] in
      t.checked > t.kinks ? [.math(LayerSymbols.math(sci.string(e), sci.latex(e)))] : [.text("—")]
    }
    let header = [
      "tensor", "shape", "checked", "failed", "kinks", "max |analytic - difference|",
      "max relative",
    ]
    w.add(
      Self.trimmed(text),
      .table(
        DerivationTable(
          header: header.map { [DerivationInline.text($0)] },
          rows: check.tensors.map { t in
            [
              [.math(LayerSymbols.tensor(t.name))],
              [.math(LayerSymbols.shape(TensorShape(t.shape)))],
              [.math(.plain("\(t.checked)"))], [.math(.plain("\(t.failures)"))],
              [.math(.plain("\(t.kinks)"))], error(t, t.maxAbsoluteError),
              error(t, t.maxRelativeError),
            ]
          }, numeric: [false, false, true, true, true, true, true])))
    if let tie = check.tieSentence { w.add([], .paragraph([.text(tie)])) }
    if let kinks = check.kinkSentence(style: .plain) { w.add([], .paragraph([.text(kinks)])) }
    let verdict: String
    if let d = check.directional, check.parametersChecked == 0 {
      verdict = CheckReportLayout.directionalVerdict(d, style: .plain).joined(separator: " ")
    } else {
      verdict = check.verdictSentence(style: .plain)
    }
    w.add([], .verdict(passed: check.passed, [.text(verdict)]))
    return w.section("Check by central differences")
  }
}
