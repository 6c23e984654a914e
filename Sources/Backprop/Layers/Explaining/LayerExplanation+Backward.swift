import TextSupport

extension LayerExplanation {
  private typealias S = LayerSymbols

  /// The backward pass, last layer first: each layer's equations with shapes, its local
  /// Jacobian, the worked details of its kind, and its gradients.
  func backwardSection(_ format: NumberFormat, notation: Notation) -> LayerSection {
    var w = LayerSectionWriter(format: format, notation: notation)
    let first = S.gradient(S.quantity(steps[0].output))
    w.paragraph([
      .text("Each gradient is written in the shape of its quantity (a column for a vector, "),
      .text("like the errors of Docs/Conventions.md), so "), .math(first),
      .text(" below stands for "), .math(S.transposed(.parens(first))), .text("."),
    ])
    for s in steps.reversed() {
      w.subheading("Layer \(s.number), \(s.layer.spec)")
      w.equations(LayerEquations.backward(s, fused: fused))
      jacobian(s, &w, notation: notation)
      if let conv = s.layer as? Conv2DLayer, let g = s.outputGradient {
        convolution(conv, s, g, &w)
      }
      if let pool = s.layer as? MaxPoolLayer, let g = s.outputGradient {
        routing(pool, s, g, &w)
      }
      if let rnn = s.layer as? RNNLayer, let g = s.outputGradient,
        rnn.units * rnn.steps <= Self.maximumStepsShown
      {
        through(
          RecurrentBackward(rnn, input: s.inputValues, parameters: s.parameters, outputGradient: g),
          lstm: false, &w)
      }
      if let lstm = s.layer as? LSTMLayer, let g = s.outputGradient,
        lstm.units * lstm.steps <= Self.maximumStepsShown
      {
        through(
          RecurrentBackward(
            lstm, input: s.inputValues, parameters: s.parameters, outputGradient: g), lstm: true, &w
        )
      }
      w.tensor(
        S.gradient(S.quantity(s.input)), s.inputGradient, s.layer.inputShape,
        sequence: s.layer.inputShape.rank == 2)
      for t in s.tensors {
        let local = t.offset - network.offsets[s.index]
        w.tensor(
          S.gradient(S.tensor(t.name)),
          Array(s.parameterGradients[local..<(local + t.tensor.count)]),
          TensorShape(t.tensor.shape))
      }
    }
    return w.section("Backward pass (sample \(tracedSample)), last layer first")
  }

  /// The most units × steps whose steps through time are printed.
  static let maximumStepsShown = 40

  /// The local Jacobian: its name, shape and structure; in full when small (zeros as `·`,
  /// so a convolution's band shows), and its pattern of non-zeros when sparse.
  private func jacobian(_ s: Step, _ w: inout LayerSectionWriter, notation: Notation) {
    let name = S.math(
      "∂\(s.output.symbol())/∂\(s.input.symbol())",
      "\\frac{\\partial \(S.quantity(s.output).latex)}{\\partial \(S.quantity(s.input).latex)}")
    guard let j = s.jacobian else {
      let text =
        "Local Jacobian \(name.unicode): \(s.layer.outputShape.count)×"
        + "\(s.layer.inputShape.count), not formed (too large)"
      w.add(
        w.wrap(text, prefix: "   ", indent: 5),
        .paragraph([.text("Local Jacobian "), .math(name), .text(": not formed (too large).")]))
      return
    }
    let structure =
      j.structure.name
      + (j.structure.name == "identity" && s.layer is FlattenLayer ? " (reshaping)" : "")
    let sparse = j.structure.name == "sparse" || j.structure.name == "selection"
    var text = ["   Local Jacobian \(name.unicode): \(j.shapeText()), \(structure)"]
    guard j.rows <= 36 && j.columns <= 72 else {
      w.add(
        text,
        .paragraph([
          .text("Local Jacobian "), .math(name), .text(", "), .math(.shape(j.rows, j.columns)),
          .text(", \(structure) (too large to print)."),
        ]))
      return
    }
    let m = j.matrix
    let f = w.format
    let (zero, nonZero) = notation == .ascii ? (".", "#") : ("·", "■")
    if m.columns <= 6 && m.rows <= 12 {
      for i in 0..<m.rows {
        text.append(
          "     [" + (0..<m.columns).map { f.string(m[i, $0]).leftPadded(to: 12) }.joined() + " ]")
      }
    } else if j.structure.name == "diagonal" {
      let d = (0..<min(m.rows, m.columns)).map { f.string(m[$0, $0]) }
      text += w.wrap(
        "diagonal: [" + d.joined(separator: ", ") + "]", prefix: "     ", indent: 7)
    } else if m.rows <= 36 && m.columns <= 36
      && (j.structure.name == "sparse" || j.structure.name == "dense")
    {
      let cells = (0..<m.rows).map { i in
        (0..<m.columns).map { m[i, $0] == 0 ? zero : f.string(m[i, $0]) }
      }
      let width = (cells.joined().map(\.count).max() ?? 1) + 1
      let perBlock = max(1, 72 / width)
      for start in stride(from: 0, to: m.columns, by: perBlock) {
        let end = min(start + perBlock, m.columns)
        if m.columns > perBlock { text.append("     columns \(start)–\(end - 1):") }
        for row in cells {
          text.append("     [" + row[start..<end].map { $0.leftPadded(to: width) }.joined() + " ]")
        }
      }
    }
    if sparse && m.columns > 6 && m.columns <= 72 && m.rows <= 36 {
      text.append(
        "     non-zeros (\(nonZero)) by row; columns are \(s.input.symbol()) in storage order:")
      for i in 0..<m.rows {
        text.append("     " + (0..<m.columns).map { m[i, $0] == 0 ? zero : nonZero }.joined())
      }
    }
    let block: DerivationBlock
    let headline = [
      DerivationInline.text("Local Jacobian "), .math(name), .text(", "),
      .math(.shape(m.rows, m.columns)), .text(", \(structure)"),
    ]
    if m.columns <= 8 && m.rows <= 36 {
      w.add([], .paragraph(headline + [.text(":")]))
      block = .matrices(DerivationMatrices([.math(name + .equals), .matrix(m)], summarized: false))
    } else if m.columns <= 24 && m.rows <= 36 {
      w.add(
        [], .paragraph(headline + [.text(", its non-zeros by row (columns in storage order):")]))
      let rows = (0..<m.rows).map { i in
        (0..<m.columns).map { m[i, $0] == 0 ? "\\cdot" : "\\bullet" }.joined(separator: " & ")
      }
      block = .equations([
        DerivationEquation(
          name,
          [
            S.math(
              "(pattern)",
              "\\left[\\begin{array}{" + String(repeating: "c", count: m.columns) + "} "
                + rows.joined(separator: " \\\\ ") + " \\end{array}\\right]")
          ])
      ])
    } else {
      block = .paragraph(headline + [.text(" (too wide to print here; the text format shows it).")])
    }
    w.add(text, block)
  }

  /// The convolution's backward pass worked out: the padded gradient, the flipped kernels
  /// and their full correlation; and the filter gradient as a correlation of the input.
  private func convolution(
    _ conv: Conv2DLayer, _ s: Step, _ g: [Double], _ w: inout LayerSectionWriter
  ) {
    let work = ConvolutionBackward(conv, parameters: s.parameters, outputGradient: g)
    let (kh, kw) = (conv.kernelHeight, conv.kernelWidth)
    let (ph, pw) = ConvolutionBackward.paddedSize(conv)
    let y = S.quantity(s.output)
    let x = S.quantity(s.input)
    w.paragraph([
      .text("To the input: pad each "), .math(S.indexed(S.gradient(y), "f")),
      .text(
        " with \(kh - 1) row(s) and \(kw - 1) column(s) of zeros on each side"
          + (conv.stride > 1 ? ", spread out by the stride \(conv.stride)" : "")
          + (conv.padTop > 0 || conv.padLeft > 0 ? ", less the layer's own padding" : "")
          + ", turn each kernel by 180 degrees, and correlate: "),
      .math(
        S.indexed(S.gradient(x), "c,u,v") + .equals + S.sum("f") + S.sum("i") + S.sum("j")
          + S.math(
            "pad[f,u+i,v+j] · rot180(K)[f,c,i,j]",
            "\\operatorname{pad}[f,u+i,v+j] \\cdot \\operatorname{rot180}(K)[f,c,i,j]")),
      .text("."),
    ])
    w.tensor(
      S.math(
        "pad(\(S.gradient(y).unicode))", "\\operatorname{pad}\\left(\(S.gradient(y).latex)\\right)"),
      work.padded, TensorShape([conv.filters, ph, pw]))
    w.tensor(
      S.math("rot180(K\(s.number))", "\\operatorname{rot180}\\left(K^{\(s.number)}\\right)"),
      work.flipped, TensorShape([conv.filters, conv.channels, kh, kw]))
    // One entry worked out: the largest, with the non-zero terms of its windows.
    let (c, u, v) = work.largestInputEntry
    var terms: [MathText] = []
    var sum = 0.0
    for f in 0..<conv.filters {
      for i in 0..<kh {
        for j in 0..<kw {
          let a = work.padded[(f * ph + u + i) * pw + v + j]
          let b = work.flipped[((f * conv.channels + c) * kh + i) * kw + j]
          sum += a * b
          if a != 0 { terms.append(S.factor(a, w) + .dot + S.factor(b, w)) }
        }
      }
    }
    if !terms.isEmpty && terms.count <= 12 {
      w.equations([
        DerivationEquation(
          S.indexed(S.gradient(x), "\(c),\(u),\(v)"),
          [MathText.joined(terms, separator: .plus), w.number(sum)],
          comment: .words("the largest entry: the non-zero terms of its windows"))
      ])
    }
    w.paragraph([
      .text("To the kernel: "), .math(S.gradient(S.tensor("K\(s.number)", "f,c,i,j"))),
      .text(" correlates the layer's input "), .math(S.indexed(x, "c")),
      .text(" with "), .math(S.indexed(S.gradient(y), "f")),
      .text(
        " (the inputs, not the outputs), giving a \(kh)×\(kw) window per filter and channel; "
          + "--param K\(s.number)[f,c,i,j] lists the terms of one entry."),
    ])
  }

  /// Which input each max-pool output routes its gradient to, ties named.
  private func routing(
    _ pool: MaxPoolLayer, _ s: Step, _ g: [Double], _ w: inout LayerSectionWriter
  ) {
    let (picks, ties) = pool.winners(s.inputValues)
    let input = s.layer.inputShape.dimensions
    let output = s.layer.outputShape.dimensions
    func position(_ k: Int, _ d: [Int]) -> String {
      "[\(k / (d[1] * d[2])),\(k / d[2] % d[1]),\(k % d[2])]"
    }
    guard picks.count <= 24 else {
      w.add(
        ["   Routing: \(picks.count) windows, each to its largest entry; \(ties.count) tied"],
        .paragraph([
          .text("Routing: \(picks.count) windows, each to its largest entry; \(ties.count) tied.")
        ]))
      return
    }
    var text = ["   Routing (output ← winning input, the gradient it carries):"]
    var rows: [[MathText]] = []
    for (out, k) in picks.enumerated() {
      let window = pool.windows.window(out)
      let tied = window.filter { $0 != k && s.inputValues[$0] == s.inputValues[k] }
      let note =
        ties.contains(out)
        ? "tie with " + tied.map { position($0, input) }.joined(separator: ", ")
          + ": the first is taken (a kink)" : ""
      text += w.wrap(
        "\(position(out, output)) ← \(position(k, input))   \(w.format.string(g[out]))"
          + (note.isEmpty ? "" : "   " + note), prefix: "     ", indent: 9)
      rows.append([
        .plain(position(out, output)), .plain(position(k, input)), w.number(g[out]),
        note.isEmpty ? .plain("") : .words(note),
      ])
    }
    w.table(
      text: text,
      header: ["output", "winning input", "gradient routed", "tie"].map(DerivationInline.text),
      rows: rows,
      numeric: [false, false, true, false])
  }

  /// The steps through time, last first.
  private func through(_ r: RecurrentBackward, lstm: Bool, _ w: inout LayerSectionWriter) {
    func v(_ x: [Double]) -> String {
      "[" + x.map { w.format.string($0) }.joined(separator: ",") + "]"
    }
    var text = [
      lstm
        ? "   Through time, last step first (∂C/∂c_t carries ⊙ f_t to step t − 1):"
        : "   Through time, last step first (∂C/∂h_t carries Whᵀ δ_t to step t − 1):"
    ]
    var rows: [[MathText]] = []
    var gateRows: [[MathText]] = []
    for step in r.steps {
      if lstm {
        text += w.wrap(
          "t=\(step.t): ∂C/∂h=\(v(step.hidden)) ∂C/∂c=\(v(step.cell)) f=\(v(step.forget))",
          prefix: "     ", indent: 10)
        text += w.wrap(
          "δi=\(v(step.deltas[0])) δf=\(v(step.deltas[1])) δg=\(v(step.deltas[2])) "
            + "δo=\(v(step.deltas[3])) ∂C/∂x_t=\(v(step.input))", prefix: "          ", indent: 10)
        rows.append([
          .plain("\(step.t)"), w.vector(step.hidden), w.vector(step.cell), w.vector(step.forget),
        ])
        gateRows.append([.plain("\(step.t)")] + step.deltas.map(w.vector) + [w.vector(step.input)])
      } else {
        text += w.wrap(
          "t=\(step.t): ∂C/∂h=\(v(step.hidden)) δ=\(v(step.deltas[0])) ∂C/∂x_t=\(v(step.input))",
          prefix: "     ", indent: 10)
        rows.append([
          .plain("\(step.t)"), w.vector(step.hidden), w.vector(step.deltas[0]),
          w.vector(step.input),
        ])
      }
    }
    let (dh, dc, dx) = (
      S.gradient(S.math("h_t", "h_{t}")), S.gradient(S.math("c_t", "c_{t}")),
      S.gradient(S.math("x_t", "x_{t}"))
    )
    let header: [MathText] =
      lstm
      ? [.plain("t"), dh, dc, S.math("f_t", "f_{t}")]
      : [.plain("t"), dh, S.math("δ_t", "\\delta_{t}"), dx]
    w.table(text: text, header: header.map(DerivationInline.math), rows: rows)
    if lstm {
      let gateHeader: [MathText] =
        [.plain("t")] + ["i", "f", "g", "o"].map { S.math("δ\($0)_t", "\\delta^{\($0)}_{t}") } + [
          dx
        ]
      w.table(text: [], header: gateHeader.map(DerivationInline.math), rows: gateRows)
    }
  }

  /// The LSTM's gates and states step by step (for small layers).
  func gates(_ lstm: LSTMLayer, _ s: Step, _ w: inout LayerSectionWriter) {
    guard lstm.units * lstm.steps <= Self.maximumStepsShown else { return }
    let run = lstm.run(s.inputValues, s.parameters)
    var text = ["   Gates and states by step:"]
    var rows: [[MathText]] = []
    for (t, step) in run.enumerated() {
      let parts = zip(["i", "f", "g", "o"], step.gates).map { name, v in
        "\(name)=[" + v.map { w.format.string($0) }.joined(separator: ",") + "]"
      }
      text += w.wrap(
        "t=\(t + 1): " + parts.joined(separator: " ") + " c=["
          + step.c.map { w.format.string($0) }.joined(separator: ",") + "] h=["
          + step.h.map { w.format.string($0) }.joined(separator: ",") + "]", prefix: "     ",
        indent: 10)
      rows.append(
        [.plain("\(t + 1)")] + step.gates.map(w.vector) + [w.vector(step.c), w.vector(step.h)])
    }
    w.table(
      text: text,
      header: ["i", "f", "g", "o", "c", "h"].reduce([.math(.plain("t"))]) {
        $0 + [.math(S.math($1 + "_t", $1 + "_{t}"))]
      },
      rows: rows)
  }
}

extension LayerSymbols {
  /// A number in a product, parenthesised when negative.
  static func factor(_ x: Double, _ w: LayerSectionWriter) -> MathText {
    x < 0 ? .parens(w.number(x)) : w.number(x)
  }
}
