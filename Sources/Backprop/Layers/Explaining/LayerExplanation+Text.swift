import TextSupport

extension LayerExplanation {
  /// The explanation as text within 80 columns.
  ///
  /// The layers with shapes, the forward pass
  /// (equations and numbers), the cost, the backward pass layer by layer (equations, the
  /// local Jacobian with its structure, the pool's routing, the LSTM's gates and cell-state
  /// chain, the numbers), the gradients of the mean cost, and the finite-difference check.
  /// With `.ascii` notation every symbol is spelled in plain ASCII (`z^1`, `dC/da^0`, `sum`).
  public func text(
    format: NumberFormat = NumberFormat(digits: 6), notation: Notation = .unicode
  ) -> String {
    var lines = WordWrap.lines(headline)
    for (i, section) in sections(format: format, notation: notation).enumerated() {
      lines += ["", "\(i + 1). \(section.title)"] + section.lines
    }
    if notation == .ascii { lines = lines.flatMap(Self.asciiLines) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One sentence naming the network, the cost, the samples and the traced sample.
  var headline: String {
    "Backpropagation through \(network.architecture); cost \(network.cost.name), the "
      + "mean over \(samples.count) " + (samples.count == 1 ? "sample" : "samples")
      + "; sample \(tracedSample) traced"
  }

  /// The explanation's parts in order, each a title and its lines (indented by 3 columns,
  /// within 80), as every format shows them.
  func sections(format: NumberFormat, notation: Notation = .unicode) -> [LayerSection] {
    var parts: [LayerSection] = []
    var lines: [String] = []
    for s in steps {
      let params = s.tensors.map { "\($0.name) \(TensorShape($0.tensor.shape))" }
      lines += WordWrap.lines(
        "\(s.number)  \(s.layer.spec)".padded(to: 23) + "\(s.input.symbol()) "
          + "\(s.layer.inputShape) → \(s.output.symbol()) \(s.layer.outputShape)"
          + (params.isEmpty ? "" : "   " + params.joined(separator: ", ")), prefix: "   ",
        indent: 26, keepingSpaces: true)
    }
    parts.append(LayerSection(title: "Layers", lines: lines))
    lines = values(
      "a⁰ = x", samples[tracedSample].input, network.inputShape, format,
      sequence: network.inputShape.rank == 2)
    for s in steps {
      lines.append("")
      lines += LayerEquations.forward(s).flatMap {
        WordWrap.lines($0, prefix: "   ", indent: 5, keepingSpaces: true)
      }
      lines += values(
        s.output.symbol(), s.outputValues, s.layer.outputShape, format,
        sequence: s.layer.outputShape.rank == 2)
      if let lstm = s.layer as? LSTMLayer { lines += gates(lstm, s, format) }
    }
    parts.append(LayerSection(title: "Forward pass (sample \(tracedSample))", lines: lines))
    let target = samples[tracedSample].target.map { format.string($0) }.joined(separator: ", ")
    lines = WordWrap.lines(
      "C = \(network.cost.name)(output, y) with y = [\(target)]: C = "
        + "\(format.string(sampleCost)) for this sample; mean over the samples "
        + format.string(meanCost), prefix: "   ", indent: 5)
    if let f = fused {
      lines += WordWrap.lines(
        "\(f.name) with \(network.cost.name): computed from the \(f.name)'s input, so its "
          + "δ = output − y directly.", prefix: "   ", indent: 5)
    }
    parts.append(LayerSection(title: "Cost", lines: lines))
    lines = []
    for s in steps.reversed() {
      lines.append("")
      lines.append("   Layer \(s.number), \(s.layer.spec):")
      lines += LayerEquations.backward(s).flatMap {
        WordWrap.lines($0, prefix: "   ", indent: 5, keepingSpaces: true)
      }
      lines += jacobianLines(s, format, notation: notation)
      if s.layer is MaxPoolLayer { lines += routing(s) }
      if let lstm = s.layer as? LSTMLayer, let g = s.outputGradient {
        lines += cellChain(lstm, s, g, format)
      }
      lines += values(
        "∂C/∂\(s.input.symbol())", s.inputGradient, s.layer.inputShape, format,
        sequence: s.layer.inputShape.rank == 2)
      for t in s.tensors {
        let local = t.offset - network.offsets[s.index]
        lines += values(
          "∂C/∂\(t.name)", Array(s.parameterGradients[local..<(local + t.tensor.count)]),
          TensorShape(t.tensor.shape), format)
      }
    }
    parts.append(
      LayerSection(
        title: "Backward pass (sample \(tracedSample)), last layer first", lines: lines))
    lines = []
    for t in network.tensorSlots {
      lines += values(
        "∂C/∂\(t.name)", Array(gradients[t.range]), TensorShape(t.tensor.shape), format)
    }
    parts.append(
      LayerSection(
        title: "Gradients of the mean cost over \(samples.count) "
          + (samples.count == 1 ? "sample" : "samples"), lines: lines))
    if let check {
      parts.append(
        LayerSection(
          title: "Check by central differences",
          lines: check.text().split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)))
    }
    return parts
  }

  /// `name = …` with the values laid out by shape (a vector on wrapped lines, an image
  /// channel by channel, a sequence step by step), or a summary when there are many.
  func values(
    _ name: String, _ v: [Double], _ shape: TensorShape, _ f: NumberFormat,
    sequence: Bool = false
  ) -> [String] {
    guard v.count <= 96 else {
      let lo = v.min() ?? 0
      let hi = v.max() ?? 0
      return ["   \(name): \(v.count) numbers (\(shape)) from \(f.string(lo)) to \(f.string(hi))"]
    }
    let numbers = v.map { f.string($0) }
    let rowLength = shape.rank >= 2 ? shape.dimensions[shape.rank - 1] : v.count
    if shape.rank == 1 || rowLength == 0 {
      return WordWrap.lines(
        "\(name) = [" + numbers.joined(separator: ", ") + "]", prefix: "   ", indent: 5)
    }
    var out = ["   \(name) (\(shape)) ="]
    let width = (numbers.map(\.count).max() ?? 1) + 1
    for r in 0..<(v.count / rowLength) {
      let row = numbers[(r * rowLength)..<((r + 1) * rowLength)].map { $0.leftPadded(to: width) }
      let label: String
      if sequence {
        label = "t=\(r + 1)"
      } else if shape.rank == 2 {
        label = "[\(r)]"
      } else {
        // The indices before the last two, at the first row of each block.
        let rows = shape.dimensions[shape.rank - 2]
        let outer = TensorShape(Array(shape.dimensions.dropLast(2)))
        let block = ParameterTensor(stem: "", shape: outer.dimensions, indexNames: [])
        label =
          r % rows == 0
          ? "[" + block.indices(of: r / rows).map(String.init).joined(separator: ",") + "]" : ""
      }
      out += WordWrap.lines(
        label.padded(to: 6) + row.joined(), prefix: "     ", indent: 11, keepingSpaces: true)
    }
    return out
  }

  /// The local Jacobian: its name, shape and structure; in full when narrow, else its
  /// pattern of non-zeros (the convolution's bands) when it fits.
  func jacobianLines(_ s: Step, _ f: NumberFormat, notation: Notation = .unicode) -> [String] {
    guard let j = s.jacobian else {
      return [
        "   Local Jacobian ∂\(s.output.symbol())/∂\(s.input.symbol()): "
          + "\(s.layer.outputShape.count)×\(s.layer.inputShape.count), not formed (too large)"
      ]
    }
    var out = [
      "   Local Jacobian \(j.name()): \(j.shapeText()), \(j.structure.name)"
        + (j.structure.name == "identity" && s.layer is FlattenLayer ? " (reshaping)" : "")
    ]
    if j.columns <= 6 && j.rows <= 12 {
      let m = j.matrix
      for i in 0..<m.rows {
        out.append(
          "     [" + (0..<m.columns).map { f.string(m[i, $0]).leftPadded(to: 12) }.joined() + " ]")
      }
    } else if j.columns <= 72 && j.rows <= 36 {
      let (zero, nonZero): (Character, Character) = notation == .ascii ? (".", "#") : ("·", "■")
      out.append(
        "     non-zeros (\(nonZero)) by row; columns are \(s.input.symbol()) in storage order:")
      for i in 0..<j.rows {
        out.append("     " + String((0..<j.columns).map { j[i, $0] == 0 ? zero : nonZero }))
      }
    }
    return out
  }

  /// Which input each max-pool output routes its gradient to.
  func routing(_ s: Step) -> [String] {
    guard case .selection(_, let picks)? = s.jacobian?.structure else { return [] }
    let shape = s.layer.inputShape.dimensions
    let out = s.layer.outputShape.dimensions
    func position(_ k: Int, _ d: [Int]) -> String {
      "[\(k / (d[1] * d[2])),\(k / d[2] % d[1]),\(k % d[2])]"
    }
    let pairs = picks.enumerated().map {
      "\(position($0.offset, out))←\(position($0.element, shape))"
    }
    if pairs.count > 24 { return ["   Routing: \(pairs.count) windows, each to its largest entry"] }
    return WordWrap.lines(
      "Routing (output ← winning input): " + pairs.joined(separator: " "), prefix: "   ",
      indent: 5)
  }

  /// The LSTM's backward pass step by step: ∂C/∂h_t and ∂C/∂c_t, the chain through the cell
  /// state (for small layers).
  func cellChain(_ lstm: LSTMLayer, _ s: Step, _ g: [Double], _ f: NumberFormat) -> [String] {
    guard lstm.units * lstm.steps <= 40 else { return [] }
    var rows: [String] = []
    _ = lstm.backward(
      s.inputValues, parameters: s.parameters, outputGradient: g, steps: lstm.steps,
      summed: true
    ) { t, dh, dc in
      rows += WordWrap.lines(
        "t=\(t + 1): ∂C/∂h=[" + dh.map { f.string($0) }.joined(separator: ",") + "] ∂C/∂c=["
          + dc.map { f.string($0) }.joined(separator: ",") + "]", prefix: "     ", indent: 10)
    }
    return ["   Through time, last step first (∂C/∂c_t then carries ⊙ f_t to step t − 1):"]
      + rows
  }

  /// The LSTM's gates and states step by step (for small layers).
  func gates(_ lstm: LSTMLayer, _ s: Step, _ f: NumberFormat) -> [String] {
    guard lstm.units * lstm.steps <= 40 else { return [] }
    let run = lstm.run(s.inputValues, s.parameters)
    var out = ["   Gates and states by step:"]
    for (t, step) in run.enumerated() {
      let parts = zip(["i", "f", "g", "o"], step.gates).map { name, v in
        "\(name)=[" + v.map { f.string($0) }.joined(separator: ",") + "]"
      }
      out += WordWrap.lines(
        "t=\(t + 1): " + parts.joined(separator: " ") + " c=["
          + step.c.map { f.string($0) }.joined(separator: ",") + "] h=["
          + step.h.map { f.string($0) }.joined(separator: ",") + "]", prefix: "     ",
        indent: 10)
    }
    return out
  }
}
