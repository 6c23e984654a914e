import TextSupport

extension Derivation {
  /// A Graphviz graph of the traced sample at the level of layers and vectors: one node per
  /// quantity (x, W^l, b^l, z^l, a^l, y, C) with its value and its gradient, edges in the
  /// direction of the forward pass, which runs top to bottom (`rankdir=TB`), each layer's
  /// W and b beside the activation they multiply.
  ///
  /// Each record stacks its fields (name, value, gradient) one under the other, a matrix one
  /// row per line, so that a 2-3-2 network is a page-sized picture. With several samples the
  /// weight and bias nodes show the gradient of the mean cost, ∂C̄/∂W (labelled `mean`);
  /// the values and gradients of x, z, a and y are the traced sample's (labelled
  /// `sample k`), and the cost node shows that sample's cost and the mean C̄. Render with
  /// `dot -Tsvg`.
  ///
  /// With a mistake (`ExplainOptions.mistake`), each z node adds the traced sample's
  /// mistaken (δˡ)ᵀ and each W and b node its mistaken gradient, every changed entry marked
  /// `*`, and the graph's label names the mistake and the check's verdict, as the text's
  /// tables and check do.
  public func renderDot(_ notation: Notation = .unicode) -> String {
    let d = data
    let net = d.network
    let k = d.tracedSample
    let trace = d.forward[k]
    let back = d.backward[k]
    let sample = d.samples[k]
    let steps = net.weightGradients(trace, back)
    let fmt = numberFormat
    let several = d.samples.count > 1
    let tag = several ? "sample \(k) " : ""
    let gradLabel = tag + (notation == .unicode ? "∂C/∂" : "dC/d")
    let meanGradLabel =
      several ? "mean " + (notation == .unicode ? "∂C̄/∂" : "dC_mean/d") : gradLabel
    let valueLabel = tag + "value"
    func vector(_ v: [Double]) -> String {
      let shown: [String]
      if v.count > 6 {
        shown =
          v.prefix(3).map(fmt.string) + [notation == .unicode ? "…" : "..."] + [
            fmt.string(v[v.count - 1])
          ]
      } else {
        shown = v.map(fmt.string)
      }
      return "[" + shown.joined(separator: ", ") + "]"
    }
    /// `v` with every entry that differs from `right` marked `*` (shown like `vector`).
    func marked(_ v: [Double], right: [Double]) -> String {
      let strings = zip(v, right).map {
        fmt.string($0) + (MistakenBackprop.differ($0, $1) ? "*" : "")
      }
      let shown =
        strings.count > 6
        ? strings.prefix(3) + [notation == .unicode ? "…" : "..."] + [strings[strings.count - 1]]
        : strings[...]
      return "[" + shown.joined(separator: ", ") + "]"
    }
    /// A small matrix one row per line, a large one as its shape and norm; with `right`,
    /// the entries that differ from it marked `*` (a large one's norm when any differs).
    func matrix(_ m: Matrix, right: Matrix? = nil) -> [String] {
      if m.rows > 4 || m.columns > 4 {
        let changed = right.map { r in
          zip(m.storage, r.storage).contains(where: MistakenBackprop.differ)
        }
        return [
          notation.shape(m.rows, m.columns) + ", " + (notation == .unicode ? "‖·‖" : "norm")
            + " = " + fmt.string(m.frobeniusNorm) + (changed == true ? "*" : "")
        ]
      }
      guard let right else { return m.rowArrays.map(vector) }
      return zip(m.rowArrays, right.rowArrays).map { marked($0, right: $1) }
    }
    let mistake = d.mistake
    let withMistake = tag + "with the mistake: "
    func escape(_ s: String) -> String {
      var out = ""
      for c in s {
        if "{}|<>\"\\".contains(c) { out += "\\" }
        out.append(c)
      }
      return out
    }
    /// A record of fields stacked top to bottom (braces, under rankdir=TB), each field's
    /// lines centred.
    func node(_ id: String, _ name: String, _ fields: [[String]], color: String) -> String {
      let label = ([[name]] + fields).map { $0.map(escape).joined(separator: "\\n") }
        .joined(separator: "|")
      return "  \(id) [label=\"{" + label + "}\", fillcolor=\"\(color)\"];"
    }
    var lines = [
      "digraph backprop {",
      "  // " + title + (titleMath.map { $0.text(.ascii).filter { $0 != "^" } } ?? "")
        + " (sample \(k))",
      "  rankdir=TB;",
      "  nodesep=0.25; ranksep=0.3;",
      "  node [shape=record, style=filled, fontname=\"Helvetica\", fontsize=10];",
    ]
    let x = notation.superscript("a", 0)
    let inputGradient = net.weight(1).transposeMultiplied(by: back.delta[1])
    lines.append(
      node(
        "a0", "x = " + x,
        [[valueLabel, vector(trace.a[0])], [gradLabel + x, vector(inputGradient)]],
        color: "#e8f0fe"))
    for l in 1...net.depth {
      let w = notation.superscript("W", l)
      let b = notation.superscript("b", l)
      let z = notation.superscript("z", l)
      let a = notation.superscript("a", l)
      // The parameters' gradients are those of the mean cost (the traced sample's alone
      // when it is the only one).
      let dW = several ? d.gradients.weights[l - 1] : steps[l - 1].weights
      let db = several ? d.gradients.biases[l - 1] : steps[l - 1].biases
      var wFields = [["value"] + matrix(net.weight(l)), [meanGradLabel + w] + matrix(dW)]
      var bFields = [["value", vector(net.bias(l))], [meanGradLabel + b, vector(db)]]
      let deltaRow = "(" + notation.superscript(notation.delta, l) + ")" + notation.transpose
      var zFields = [
        [valueLabel, vector(trace.z[l])],
        [tag + deltaRow + " = " + gradLabel.dropFirst(tag.count) + z, vector(back.delta[l])],
      ]
      if let mistake {
        let label = "with the mistake: " + meanGradLabel
        wFields.append(
          [label + w] + matrix(mistake.gradients.weights[l - 1], right: d.gradients.weights[l - 1]))
        bFields.append(
          [label + b, marked(mistake.gradients.biases[l - 1], right: d.gradients.biases[l - 1])])
        zFields.append(
          [withMistake + deltaRow, marked(mistake.backward[k].delta[l], right: back.delta[l])])
      }
      lines.append(node("W\(l)", w, wFields, color: "#fff4e0"))
      lines.append(node("b\(l)", b, bFields, color: "#fff4e0"))
      lines.append(
        node(
          "z\(l)", z + " = " + w + " " + notation.superscript("a", l - 1) + " + " + b, zFields,
          color: "#ffffff"))
      let upstream =
        l == net.depth
        ? net.cost.gradient(trace.output, target: sample.target)
        : net.weight(l + 1).transposeMultiplied(by: back.delta[l + 1])
      lines.append(
        node(
          "a\(l)", a + " = " + net.activation(l).name + "(" + z + ")",
          [[valueLabel, vector(trace.a[l])], [gradLabel + a, vector(upstream)]],
          color: "#e8f0fe")
      )
    }
    lines.append(node("y", "y", [[valueLabel, vector(sample.target)]], color: "#eeeeee"))
    var costRows = [[valueLabel, fmt.string(net.cost(of: sample))]]
    if several, let mean = d.gradients.cost {
      costRows.append([
        (notation == .unicode ? "C̄" : "C_mean") + " = mean over \(d.samples.count) samples",
        fmt.string(mean),
      ])
    }
    lines.append(node("C", "C (" + net.cost.name + ")", costRows, color: "#fde0e0"))
    // Each layer's W and b sit beside the activation they multiply, not at the top.
    for l in stride(from: 2, through: net.depth, by: 1) {
      lines.append("  { rank=same; a\(l - 1); W\(l); b\(l); }")
    }
    lines.append("  { rank=same; a\(net.depth); y; }")
    for l in 1...net.depth {
      lines.append("  a\(l - 1) -> z\(l);")
      lines.append("  W\(l) -> z\(l);")
      lines.append("  b\(l) -> z\(l);")
      lines.append("  z\(l) -> a\(l);")
    }
    lines.append("  a\(net.depth) -> C;")
    lines.append("  y -> C;")
    if let mistake {
      let check = d.check
      let verdict =
        check.passed
        ? "the check passes"
        : "the check fails: \(check.failureCount) of \(check.entries.count - check.kinkCount) "
          + "checked gradients differ from the central differences"
      // A graph label does not wrap by itself: lines of at most 60 characters.
      let legend = WordWrap.lines(
        "With the mistake " + mistake.name.rawValue + ": each field headed 'with the "
          + "mistake' holds what the buggy program computes, each entry that differs "
          + "from the right value marked *; " + verdict + ".", width: 60)
      lines.append("  label=\"" + legend.joined(separator: "\\n") + "\";")
      lines.append("  labelloc=b;")
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }
}
