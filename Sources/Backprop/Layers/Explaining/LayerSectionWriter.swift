import TextSupport

/// Writes one part of a layered explanation twice from the same call: as text lines
/// (indented by 3 columns, within 80) and as document blocks (equations, matrices, tables)
/// for the Markdown and LaTeX formats, so that every format shows the same content.
struct LayerSectionWriter {
  /// How numbers print.
  let format: NumberFormat
  /// How symbols are spelled in text (`.ascii`: before wrapping, so lines stay within 80).
  let notation: Notation
  /// The text lines so far.
  private(set) var lines: [String] = []
  /// The document blocks so far.
  private(set) var blocks: [DerivationBlock] = []
  /// Whether a tensor was summarized by its range (too many numbers to print).
  private(set) var summarized = false

  /// Creates an empty writer.
  init(format: NumberFormat, notation: Notation = .unicode) {
    self.format = format
    self.notation = notation
  }

  /// `s` spelled in the notation and wrapped within 80 columns.
  func wrap(_ s: String, prefix: String, indent: Int, keepingSpaces: Bool = false) -> [String] {
    WordWrap.lines(
      notation == .ascii ? LayerExplanation.ascii(s) : s, prefix: prefix, indent: indent,
      keepingSpaces: keepingSpaces
    ).map { line in
      var line = line
      while line.last == " " { line.removeLast() }
      return line
    }
  }

  /// The section titled `title`, with a note after it when a tensor was summarized.
  func section(_ title: String) -> LayerSection {
    var w = self
    if summarized {
      w.blank()
      w.note(
        "A tensor of more than \(Self.maximumShown) numbers is summarized by its range; "
          + "--format json lists every number (the network's parameters, each layer's "
          + "values and gradients, the gradients of the mean cost).")
    }
    return LayerSection(title: title, lines: w.lines, blocks: w.blocks)
  }

  /// An empty text line (no block).
  mutating func blank() { lines.append("") }

  /// A heading such as `Layer 2, maxpool 2:`.
  mutating func subheading(_ s: String) {
    lines += ["", "   " + s + ":"]
    blocks.append(.subheading(s))
  }

  /// Prose with inline formulas, wrapped.
  mutating func paragraph(_ items: [DerivationInline]) {
    let text = items.map {
      switch $0 {
      case .text(let s): return s
      case .math(let m): return m.unicode
      }
    }.joined()
    lines += wrap(text, prefix: "   ", indent: 5)
    blocks.append(.paragraph(items))
  }

  /// A note: `Note: …` wrapped in text, a note block in the math formats.
  mutating func note(_ s: String) {
    lines += wrap("Note: " + s, prefix: "   ", indent: 5)
    blocks.append(.note([.text(s)]))
  }

  /// Equations, one per line with their shapes after them.
  mutating func equations(_ eqs: [DerivationEquation]) {
    for eq in eqs {
      var s = eq.lhs.unicode
      for (n, step) in eq.steps.enumerated() { s += eq.relation(before: n).unicode + step.unicode }
      if let c = eq.comment { s += "      " + c.unicode }
      lines += wrap(s, prefix: "   ", indent: 5, keepingSpaces: true)
    }
    blocks.append(.equations(eqs))
  }

  /// Text lines and the block that shows the same in the math formats.
  mutating func add(_ text: [String], _ block: DerivationBlock?) {
    lines += text
    if let block { blocks.append(block) }
  }

  /// A table: text rows as given, the same cells as a table block.
  mutating func table(
    text: [String], header: [DerivationInline], rows: [[MathText]], numeric: [Bool]? = nil
  ) {
    add(
      text,
      .table(
        DerivationTable(
          header: header.map { [$0] }, rows: rows.map { $0.map { [.math($0)] } },
          numeric: numeric ?? header.map { _ in false })))
  }

  /// `name = …` laid out by shape (see `tensorLines`) and as matrices: a vector as a
  /// column (a row transposed when long), a sequence as a matrix with one row per time
  /// step, an image channel by channel, a kernel filter by filter.
  mutating func tensor(
    _ name: MathText, _ v: [Double], _ shape: TensorShape, sequence: Bool = false,
    limit: Int = maximumShown
  ) {
    lines += Self.tensorLines(
      name.text(notation), v, shape, format, sequence: sequence, limit: limit)
    guard v.count <= limit else {
      summarized = true
      blocks.append(
        .paragraph([
          .math(name), .text(": \(v.count) numbers ("),
          .math(LayerSymbols.shape(shape)), .text(") from "),
          .math(number(v.min() ?? 0)), .text(" to "), .math(number(v.max() ?? 0)),
        ]))
      return
    }
    let eq = LayerSymbols.math(" = ", " = ")
    if shape.rank <= 1 {
      let long = v.count > 6
      var items: [DerivationMatrixItem] = [.math(name + eq)]
      items.append(
        .matrix(long ? Matrix(rows: 1, columns: v.count, storage: v) : Matrix(column: v)))
      if long { items.append(.math(MathText.transpose)) }
      blocks.append(.matrices(DerivationMatrices(items, summarized: false)))
      return
    }
    let columns = shape.dimensions[shape.rank - 1]
    let rows = shape.dimensions[shape.rank - 2]
    let plane = rows * columns
    let outer = TensorShape(Array(shape.dimensions.dropLast(2)))
    let block = ParameterTensor(stem: "", shape: outer.dimensions, indexNames: [])
    var items: [DerivationMatrixItem] = []
    for k in 0..<max(1, outer.count) {
      let label =
        shape.rank == 2
        ? name
        : LayerSymbols.indexed(name, block.indices(of: k).map(String.init).joined(separator: ","))
      if !items.isEmpty { items.append(.math(LayerSymbols.math(",  ", ",\\quad "))) }
      items.append(.math(label + eq))
      items.append(
        .matrix(
          Matrix(rows: rows, columns: columns, storage: Array(v[(k * plane)..<((k + 1) * plane)]))))
    }
    blocks.append(.matrices(DerivationMatrices(items, summarized: false)))
  }

  /// A number as a formula.
  func number(_ x: Double) -> MathText {
    MathText(format.string(x), ascii: format.string(x), latex: format.latex(x))
  }

  /// A vector as a formula: `[1, 2, 3]` in text, a small column in LaTeX.
  func vector(_ v: [Double]) -> MathText {
    LayerSymbols.math(
      "[" + v.map { format.string($0) }.joined(separator: ", ") + "]",
      "\\left[\\begin{smallmatrix} " + v.map { format.latex($0) }.joined(separator: " \\\\ ")
        + " \\end{smallmatrix}\\right]")
  }

  /// The most numbers a tensor shows (more are summarized by their range).
  static let maximumShown = 96

  /// `name = …` with the values laid out by shape (a vector on wrapped lines, an image
  /// channel by channel, a sequence step by step), or a summary when there are many.
  static func tensorLines(
    _ name: String, _ v: [Double], _ shape: TensorShape, _ f: NumberFormat,
    sequence: Bool = false, limit: Int = maximumShown
  ) -> [String] {
    guard v.count <= limit else {
      let lo = v.min() ?? 0
      let hi = v.max() ?? 0
      return WordWrap.lines(
        "\(name): \(v.count) numbers (\(shape)) from \(f.string(lo)) to \(f.string(hi))",
        prefix: "   ", indent: 5)
    }
    let numbers = v.map { f.string($0) }
    let rowLength = shape.rank >= 2 ? shape.dimensions[shape.rank - 1] : v.count
    if shape.rank <= 1 || rowLength == 0 {
      return WordWrap.lines(
        "\(name) = [" + numbers.joined(separator: ", ") + "]", prefix: "   ", indent: 5)
    }
    var out = ["   \(name) (\(shape)) ="]
    let width = numbers.map(\.count).max() ?? 1
    let rowCount = v.count / rowLength
    let labels = (0..<rowCount).map { r -> String in
      if sequence { return "t=\(r + 1)" }
      if shape.rank == 2 { return "[\(r)]" }
      // The indices before the last two, at the first row of each block.
      let rows = shape.dimensions[shape.rank - 2]
      let outer = TensorShape(Array(shape.dimensions.dropLast(2)))
      let block = ParameterTensor(stem: "", shape: outer.dimensions, indexNames: [])
      return r % rows == 0
        ? "[" + block.indices(of: r / rows).map(String.init).joined(separator: ",") + "]" : ""
    }
    let labelWidth = labels.map(\.count).max() ?? 0
    // A row too long for 80 columns goes on in aligned lines below its first numbers.
    let perLine = max(1, (80 - 5 - labelWidth) / (width + 1))
    for r in 0..<rowCount {
      let row = numbers[(r * rowLength)..<((r + 1) * rowLength)].map { $0.leftPadded(to: width) }
      for start in stride(from: 0, to: row.count, by: perLine) {
        let label = start == 0 ? labels[r] : ""
        out.append(
          LayerExplanation.withoutTrailingSpaces(
            "     " + label.padded(to: labelWidth) + " "
              + row[start..<min(start + perLine, row.count)].joined(separator: " ")))
      }
    }
    return out
  }
}
