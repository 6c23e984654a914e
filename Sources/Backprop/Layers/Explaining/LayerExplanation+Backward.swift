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
      recurrentSteps(s, &w)
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

  /// The most numbers the convolution's padded gradient prints (more are summarized).
  static let maximumPaddedShown = 256

  /// The local Jacobian: its name, shape and structure; in full when small (zeros as `·`,
  /// so a convolution's band shows, in blocks of columns), a diagonal one as its diagonal,
  /// and its pattern of non-zeros when sparse; the same in every format.
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
    let headline = [
      DerivationInline.text("Local Jacobian "), .math(name), .text(", "),
      .math(.shape(j.rows, j.columns)), .text(", \(structure)"),
    ]
    let text = "   Local Jacobian \(name.unicode): \(j.shapeText()), \(structure)"
    guard j.rows <= Self.maximumJacobianRows && j.columns <= Self.maximumPatternColumns else {
      let note =
        " (too large to print: at most \(Self.maximumJacobianRows) rows and "
        + "\(Self.maximumPatternColumns) columns are; --format json lists its entries)"
      w.add(
        w.wrap(text + note, prefix: "   ", indent: 5), .paragraph(headline + [.text(note + ".")]))
      return
    }
    let m = j.matrix
    let f = w.format
    let sparse = j.structure.name == "sparse" || j.structure.name == "selection"
    let full =
      m.columns <= Self.maximumJacobianColumns && j.structure.name != "identity"
      && !(j.structure.name == "selection" && m.columns > 6)
    if j.structure.name == "diagonal" && m.columns > 6 {
      let d = (0..<min(m.rows, m.columns)).map { m[$0, $0] }
      w.add(
        [text]
          + w.wrap(
            "diagonal: [" + d.map { f.string($0) }.joined(separator: ", ") + "]",
            prefix: "     ", indent: 7),
        .paragraph(
          headline + [.text(", its diagonal: ")]
            + d.enumerated().flatMap { k, x in
              (k == 0 ? [] : [DerivationInline.text(", ")]) + [.math(w.number(x))]
            } + [.text(".")]))
    } else if full {
      fullJacobian(m, name: name, headline: headline, text: text, &w, notation: notation)
    } else {
      let note =
        m.columns > Self.maximumJacobianColumns && !sparse
        ? " (printed in full up to \(Self.maximumJacobianColumns) columns; --format json "
          + "lists its entries)" : ""
      w.add(w.wrap(text + note, prefix: "   ", indent: 5), .paragraph(headline + [.text(note)]))
    }
    if sparse && m.columns > 6 { pattern(m, name, s, &w, notation: notation) }
  }

  /// Jacobians with at most this many rows are printed.
  static let maximumJacobianRows = 36
  /// Jacobians with at most this many columns are printed in full.
  static let maximumJacobianColumns = 36
  /// Sparse Jacobians with at most this many columns are printed as their pattern.
  static let maximumPatternColumns = 72

  /// A Jacobian in full, zeros as `·`, in blocks of columns that fit 80 columns of text
  /// (and at most 10 in a LaTeX matrix).
  private func fullJacobian(
    _ m: Matrix, name: MathText, headline: [DerivationInline], text: String,
    _ w: inout LayerSectionWriter, notation: Notation
  ) {
    let f = w.format
    let zero = notation == .ascii ? "." : "·"
    let cells = (0..<m.rows).map { i in
      (0..<m.columns).map { m[i, $0] == 0 ? zero : f.string(m[i, $0]) }
    }
    let width = (cells.joined().map(\.count).max() ?? 1) + 1
    let perBlock = max(1, 72 / width)
    var lines = [text]
    for start in stride(from: 0, to: m.columns, by: perBlock) {
      let end = min(start + perBlock, m.columns)
      if m.columns > perBlock { lines.append("     columns \(start)–\(end - 1):") }
      for row in cells {
        lines.append("     [" + row[start..<end].map { $0.leftPadded(to: width) }.joined() + " ]")
      }
    }
    w.add(lines, .paragraph(headline + [.text(":")]))
    Self.matrixBlocks(
      m, name, columns: min(perBlock, 10), &w,
      cell: { $0 == 0 ? "\\cdot" : f.latex($0) })
  }

  /// A sparse Jacobian's non-zeros by row (`■` and `·`; `#` and `.` in ASCII).
  private func pattern(
    _ m: Matrix, _ name: MathText, _ s: Step, _ w: inout LayerSectionWriter, notation: Notation
  ) {
    let (zero, nonZero) = notation == .ascii ? (".", "#") : ("·", "■")
    var text = [
      "     non-zeros (\(nonZero)) by row; columns are \(s.input.symbol()) in storage order:"
    ]
    for i in 0..<m.rows {
      text.append("     " + (0..<m.columns).map { m[i, $0] == 0 ? zero : nonZero }.joined())
    }
    w.add(
      text,
      .paragraph([
        .text("Its non-zeros by row (columns are "), .math(S.quantity(s.input)),
        .text(" in storage order):"),
      ]))
    Self.matrixBlocks(
      m, S.math("pattern", "\\text{pattern of }" + name.latex), columns: 24, &w,
      cell: { $0 == 0 ? "\\cdot" : "\\bullet" })
  }

  /// `name = [m]` for the math formats, in blocks of at most `columns` columns (labelled
  /// with their columns when there are several), each entry written by `cell`.
  private static func matrixBlocks(
    _ m: Matrix, _ name: MathText, columns: Int, _ w: inout LayerSectionWriter,
    cell: (Double) -> String
  ) {
    for start in stride(from: 0, to: m.columns, by: columns) {
      let end = min(start + columns, m.columns)
      let rows = (0..<m.rows).map { i in
        (start..<end).map { cell(m[i, $0]) }.joined(separator: " & ")
      }
      let label =
        m.columns > columns
        ? name
          + S.math(
            " (columns \(start)–\(end - 1))", "\\ \\text{(columns \(start)--\(end - 1))}")
        : name
      let body = S.math(
        "(matrix)",
        "\\left[\\begin{array}{" + String(repeating: "c", count: end - start) + "} "
          + rows.joined(separator: " \\\\ ") + " \\end{array}\\right]")
      w.add(
        [],
        .matrices(DerivationMatrices([.math(label + .equals), .math(body)], summarized: false)))
    }
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
      work.padded, TensorShape([conv.filters, ph, pw]), limit: Self.maximumPaddedShown)
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
}

extension LayerSymbols {
  /// A number in a product, parenthesised when negative.
  static func factor(_ x: Double, _ w: LayerSectionWriter) -> MathText {
    x < 0 ? .parens(w.number(x)) : w.number(x)
  }
}
