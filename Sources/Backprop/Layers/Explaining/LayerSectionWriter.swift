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

  /// The section titled `title`.
  func section(_ title: String) -> LayerSection {
    LayerSection(title: title, lines: lines, blocks: blocks)
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
    _ name: MathText, _ v: [Double], _ shape: TensorShape, sequence: Bool = false
  ) {
    lines += Self.tensorLines(name.text(notation), v, shape, format, sequence: sequence)
    guard v.count <= Self.maximumShown else {
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
    sequence: Bool = false
  ) -> [String] {
    guard v.count <= maximumShown else {
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
}
