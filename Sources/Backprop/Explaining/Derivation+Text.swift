import TextSupport

extension Derivation {
  /// The derivation as plain text for a terminal, at most `width` columns wide (except
  /// for a matrix row too wide to fit on its own).
  ///
  /// Matrices are drawn with bracket art (`⎡ ⎤ ⎢ ⎥ ⎣ ⎦`, or `[ ]` in ASCII); large ones
  /// show their corners, ellipses, shape and Frobenius norm.
  ///
  /// - Parameters:
  ///   - notation: `.unicode` (W², δ, Σ) or `.ascii` (W^2, d, sum).
  ///   - width: The columns available.
  /// - Returns: The text, every line ending in a newline.
  public func renderText(_ notation: Notation = .unicode, width: Int = 80) -> String {
    let r = TextLayout(notation: notation, width: width, format: numberFormat)
    let heading = title + (titleMath.map { $0.text(notation) } ?? "")
    var lines: [String] = [
      heading, String(repeating: notation == .unicode ? "═" : "=", count: heading.count),
    ]
    for section in sections {
      lines.append("")
      let heading =
        "\(section.number). \(section.title)" + (section.titleMath.map { $0.text(notation) } ?? "")
      lines.append(heading)
      lines.append(String(repeating: notation == .unicode ? "─" : "-", count: heading.count))
      for block in section.blocks {
        lines.append("")
        lines += r.block(block)
      }
    }
    return lines.map { $0.trimmingTrailingSpaces }.joined(separator: "\n") + "\n"
  }
}

extension String {
  fileprivate var trimmingOuterSpaces: String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }

  fileprivate var trimmingTrailingSpaces: String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}

/// Lays out blocks of a derivation as lines of text.
struct TextLayout {
  let notation: Notation
  let width: Int
  let format: NumberFormat
  /// Rows or columns beyond this are elided in summarized matrices.
  let summaryLimit = 6

  func inline(_ items: [DerivationInline]) -> String {
    items.map {
      switch $0 {
      case .text(let s): return s
      case .math(let m): return m.text(notation)
      }
    }.joined()
  }

  func block(_ block: DerivationBlock) -> [String] {
    switch block {
    case .subheading(let s):
      return [s, String(repeating: notation == .unicode ? "┄" : "-", count: s.count)]
    case .paragraph(let items):
      return WordWrap.lines(inline(items), width: width, keepingSpaces: true)
    case .note(let items):
      return WordWrap.lines("Note: " + inline(items), width: width, indent: 6, keepingSpaces: true)
    case .verdict(_, let items):
      return WordWrap.lines(inline(items), width: width, keepingSpaces: true)
    case .equations(let lines):
      return equations(lines)
    case .matrices(let display):
      return matrices(display)
    case .table(let table):
      return self.table(table)
    }
  }

  func equations(_ group: [DerivationEquation]) -> [String] {
    let lhsWidth = group.map { $0.lhs.text(notation).count }.max() ?? 0
    let rendered = group.map { eq -> (String, String?) in
      let lhs = eq.lhs.text(notation).padded(to: lhsWidth)
      let body =
        lhs
        + eq.steps.enumerated().map { eq.relation(before: $0).text(notation) + $1.text(notation) }
        .joined()
      return (body, eq.comment?.text(notation))
    }
    let bodyWidth = rendered.map(\.0.count).max() ?? 0
    let commentWidth = rendered.compactMap { $0.1?.count }.max() ?? 0
    var out: [String] = []
    if bodyWidth + (commentWidth > 0 ? 3 + commentWidth : 0) <= width {
      for (body, comment) in rendered {
        out.append(comment.map { body.padded(to: bodyWidth) + "   " + $0 } ?? body)
      }
      return out
    }
    // Too wide: each equation on its own, steps on separate lines when needed.
    for (eq, (body, comment)) in zip(group, rendered) {
      if body.count + (comment.map { 3 + $0.count } ?? 0) <= width {
        out.append(comment.map { body + "   " + $0 } ?? body)
        continue
      }
      let lhs = eq.lhs.text(notation).padded(to: lhsWidth)
      if body.count <= width {
        out.append(body)
      } else {
        for (n, step) in eq.steps.enumerated() {
          let sign = eq.relation(before: n).text(notation)
          let prefix = (n == 0 ? lhs : String(repeating: " ", count: lhsWidth)) + sign
          out += WordWrap.lines(
            prefix + step.text(notation), width: width, indent: lhsWidth + 5, keepingSpaces: true)
        }
      }
      if let comment { out.append(String(repeating: " ", count: lhsWidth + 3) + comment) }
    }
    return out
  }

  // MARK: Matrices

  /// A display within `width` columns: as it is if it fits, else with its matrices
  /// summarized, showing fewer and fewer columns (caption beside, then below) until it fits.
  func matrices(_ display: DerivationMatrices) -> [String] {
    var last: [String] = []
    for keep in [nil, 4, 3, 2, 1] as [Int?] {
      for beside in [true, false] {
        last = matrices(display, captionBeside: beside, keep: keep)
        if last.allSatisfy({ $0.count <= width }) { return last }
      }
    }
    return last
  }

  func matrices(_ display: DerivationMatrices, captionBeside: Bool, keep: Int?) -> [String] {
    let blocks: [[String]] = display.items.enumerated().map { (n, item) in
      switch item {
      case .math(let m): return [m.text(notation).trimmingOuterSpaces]
      case .matrix(let matrix):
        let marks = display.marks[n]
        if let keep {
          return self.matrix(
            matrix, summarized: true, captionBeside: captionBeside, keepColumns: keep,
            marks: marks)
        }
        let art = self.matrix(
          matrix, summarized: display.summarized, captionBeside: captionBeside, marks: marks)
        // A matrix too wide for the page is summarized whatever its size.
        if (art.first?.count ?? 0) > width - 12 && !display.summarized {
          return self.matrix(matrix, summarized: true, captionBeside: captionBeside, marks: marks)
        }
        return art
      }
    }
    // Groups start at a formula, so that `+ [b]` and `= [z]` stay together.
    var groups: [[[String]]] = []
    for (item, block) in zip(display.items, blocks) {
      if case .math = item, !(groups.last?.isEmpty ?? true) {
        groups.append([block])
      } else if groups.isEmpty {
        groups.append([block])
      } else {
        groups[groups.count - 1].append(block)
      }
    }
    func groupWidth(_ g: [[String]]) -> Int {
      g.map { $0.first?.count ?? 0 }.reduce(0, +) + max(g.count - 1, 0)
    }
    // Pack groups into rows; rows after the first are indented under the first formula.
    let indent = max((blocks.first?.first?.count ?? 0) - 1, 0)
    // A group too wide for a row is split before each of its later matrices.
    groups = groups.flatMap { g -> [[[String]]] in
      guard groupWidth(g) + indent > width, g.count > 2 else { return [g] }
      // The matrices of a product are juxtaposed; once split, a dot shows they multiply.
      let times = notation == .unicode ? "·" : "*"
      return [Array(g.prefix(2))] + g.dropFirst(2).map { [[times], $0] }
    }
    var rows: [[[String]]] = []
    var current: [[String]] = []
    for g in groups {
      let used = current.isEmpty ? 0 : groupWidth(current) + 1
      let start = rows.isEmpty ? 0 : indent
      if !current.isEmpty && start + used + groupWidth(g) > width {
        rows.append(current)
        current = g
      } else {
        current += g
      }
    }
    if !current.isEmpty { rows.append(current) }
    var lines: [String] = []
    for (n, row) in rows.enumerated() {
      if n > 0 { lines.append("") }
      let pad = String(repeating: " ", count: n == 0 ? 0 : indent)
      lines += sideBySide(row).map { pad + $0 }
    }
    return lines
  }

  /// Blocks of lines placed side by side, vertically centred, one space apart.
  func sideBySide(_ blocks: [[String]]) -> [String] {
    let height = blocks.map(\.count).max() ?? 0
    var lines = Array(repeating: "", count: height)
    for (n, block) in blocks.enumerated() {
      let w = block.first?.count ?? 0
      let top = (height - block.count) / 2
      for i in 0..<height {
        let piece = (top..<(top + block.count)).contains(i) ? block[i - top] : ""
        lines[i] += (n > 0 ? " " : "") + piece.padded(to: w)
      }
    }
    return lines
  }

  /// The bracket art of one matrix, each line the same width.
  ///
  /// Summarized matrices keep 4 of their columns (the first 3 and the last) when they have
  /// more than `summaryLimit`; `keepColumns` asks for fewer, to fit the page. An entry
  /// flagged in `marks` (row-major) ends in `*` (is set in `<…>` in ASCII, where `*`
  /// multiplies); the others of a marked matrix are padded alike, so the digits stay aligned.
  func matrix(
    _ m: Matrix, summarized: Bool, captionBeside: Bool, keepColumns: Int? = nil,
    marks: [Bool]? = nil
  ) -> [String] {
    let marked = (marks ?? []).contains(true)
    let cutRows = summarized && m.rows > summaryLimit
    let keep = max(keepColumns ?? 4, 1)
    let cutColumns =
      summarized && (keepColumns == nil ? m.columns > summaryLimit : m.columns > keep)
    let rowIndices: [Int?] = cutRows ? [0, 1, 2, nil, m.rows - 1] : (0..<m.rows).map { $0 }
    let columnIndices: [Int?] =
      !cutColumns
      ? (0..<m.columns).map { $0 }
      : keep == 1 ? [0, nil] : (0..<(keep - 1)).map { $0 } + [nil, m.columns - 1]
    let unicode = notation == .unicode
    let hEllipsis = unicode ? "…" : "..."
    let vEllipsis = unicode ? "⋮" : ":"
    let dEllipsis = unicode ? "⋱" : "."
    var cells: [[String]] = rowIndices.map { i in
      columnIndices.map { j in
        switch (i, j) {
        case (let i?, let j?):
          let s = format.string(m[i, j])
          guard marked else { return s }
          let flag = marks.map { $0[i * m.columns + j] } ?? false
          if notation == .ascii { return flag ? "<" + s + ">" : " " + s + " " }
          return s + (flag ? "*" : " ")
        case (nil, nil): return dEllipsis
        case (nil, _): return vEllipsis
        case (_, nil): return hEllipsis
        }
      }
    }
    if cells.isEmpty { cells = [[]] }
    let widths = (0..<columnIndices.count).map { j in cells.map { $0[j].count }.max() ?? 0 }
    var lines: [String] = []
    for (r, row) in cells.enumerated() {
      let body = zip(row, widths).enumerated().map { (j, pair) -> String in
        let (cell, w) = pair
        // Ellipses are centred, numbers right-aligned.
        if columnIndices[j] == nil || rowIndices[r] == nil {
          let left = (w - cell.count + 1) / 2
          return String(repeating: " ", count: left) + cell.padded(to: w - left)
        }
        return cell.leftPadded(to: w)
      }.joined(separator: "  ")
      let (open, close): (String, String)
      if !unicode || cells.count == 1 {
        (open, close) = ("[", "]")
      } else if r == 0 {
        (open, close) = ("⎡", "⎤")
      } else if r == cells.count - 1 {
        (open, close) = ("⎣", "⎦")
      } else {
        (open, close) = ("⎢", "⎥")
      }
      lines.append(open + " " + body + " " + close)
    }
    if cutRows || cutColumns {
      let caption =
        "  (" + notation.shape(m.rows, m.columns) + ", " + (unicode ? "‖·‖" : "norm") + " = "
        + format.string(m.frobeniusNorm) + ")"
      if captionBeside {
        let mid = (lines.count - 1) / 2
        lines = lines.enumerated().map { (n, line) in
          line + (n == mid ? caption : String(repeating: " ", count: caption.count))
        }
      } else {
        let w = lines.map(\.count).max() ?? 0
        let below = String(caption.dropFirst(2))
        lines.append(below)
        lines = lines.map { $0.padded(to: max(w, below.count)) }
      }
    }
    return lines
  }

  // MARK: Tables

  func table(_ table: DerivationTable) -> [String] {
    let header = table.header.map(inline)
    let rows = table.rows.map { $0.map(inline) }
    let widths = header.indices.map { j in
      ([header[j]] + rows.map { $0[j] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { (j, c) in
        table.numeric[j] ? c.leftPadded(to: widths[j]) : c.padded(to: widths[j])
      }.joined(separator: "  ")
    }
    var out = [line(header)]
    out.append(
      widths.map { String(repeating: notation == .unicode ? "─" : "-", count: $0) }.joined(
        separator: "  "))
    out += rows.map(line)
    return out
  }
}
