extension Derivation {
  /// The derivation as Markdown: headings, pipe tables, `$…$` inline math and `$$…$$`
  /// display math (`aligned` equations, `bmatrix` matrices), ready to paste into a lab.
  public func renderMarkdown() -> String {
    let tex = TexLayout(format: numberFormat)
    var out = ["# " + title + (titleMath.map { "$" + $0.latex + "$" } ?? "")]
    for section in sections {
      out.append("")
      out.append(
        "## \(section.number). \(section.title)"
          + (section.titleMath.map { "$" + $0.latex + "$" } ?? ""))
      for block in section.blocks {
        out.append("")
        out += markdown(block, tex)
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  private func markdownInline(_ items: [DerivationInline], inTable: Bool = false) -> String {
    items.map {
      switch $0 {
      case .text(let s): return TexLayout.escapeMarkdown(s, inTable: inTable)
      case .math(let m):
        let body = inTable ? m.latex.replacing("|", with: "\\vert ") : m.latex
        return "$" + body + "$"
      }
    }.joined()
  }

  private func markdown(_ block: DerivationBlock, _ tex: TexLayout) -> [String] {
    switch block {
    case .subheading(let s): return ["### " + s]
    case .paragraph(let items): return [markdownInline(items)]
    case .note(let items): return ["> **Note.** " + markdownInline(items)]
    case .verdict(_, let items): return ["**" + markdownInline(items) + "**"]
    case .equations(let lines):
      return ["$$", "\\begin{aligned}"] + tex.alignedLines(lines) + ["\\end{aligned}", "$$"]
    case .matrices(let display):
      return ["$$", tex.matrices(display), "$$"]
    case .table(let table):
      var out = [
        "| " + table.header.map { markdownInline($0, inTable: true) }.joined(separator: " | ")
          + " |"
      ]
      out.append("|" + table.numeric.map { $0 ? " ---: |" : " --- |" }.joined())
      for row in table.rows {
        out.append(
          "| " + row.map { markdownInline($0, inTable: true) }.joined(separator: " | ") + " |")
      }
      return out
    }
  }
}
