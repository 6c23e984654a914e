extension DerivationBlock {
  /// The block as Markdown lines: `###` subheadings, prose with `$…$` inline math, a quoted
  /// note, a bold verdict, `$$…$$` displays (`aligned` equations, `bmatrix` matrices) and
  /// pipe tables.
  func markdown(_ tex: TexLayout, style: DerivationBlockStyle) -> [String] {
    func inline(_ items: [DerivationInline], inTable: Bool = false) -> String {
      Self.markdown(items, inTable: inTable, style: style)
    }
    switch self {
    case .subheading(let s): return ["### " + s]
    case .paragraph(let items): return [inline(items)]
    case .note(let items): return ["> **Note.** " + inline(items)]
    case .verdict(_, let items): return ["**" + inline(items) + "**"]
    case .equations(let lines):
      return ["$$", "\\begin{aligned}"] + tex.alignedLines(lines) + ["\\end{aligned}", "$$"]
    case .matrices(let display): return ["$$", tex.matrices(display), "$$"]
    case .table(let table):
      var out = [
        "| " + table.header.map { inline($0, inTable: true) }.joined(separator: " | ") + " |",
        "|" + table.numeric.map { $0 ? " ---: |" : " --- |" }.joined(),
      ]
      for row in table.rows {
        out.append("| " + row.map { inline($0, inTable: true) }.joined(separator: " | ") + " |")
      }
      return out
    }
  }

  /// Prose escaped for Markdown and formulas as `$…$`; in a table cell, `|` is escaped
  /// (`\vert` in a formula) so that it does not end the cell.
  private static func markdown(
    _ items: [DerivationInline], inTable: Bool, style: DerivationBlockStyle
  ) -> String {
    items.map {
      switch $0 {
      case .text(let s): return TexLayout.escapeMarkdown(s, inTable: inTable)
      case .math(let m):
        if style.omitsEmptyMath && m.latex.isEmpty { return "" }
        let body = inTable ? m.latex.replacing("|", with: "\\vert ") : m.latex
        return "$" + body + "$"
      }
    }.joined()
  }
}
