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
        out += block.markdown(tex, style: .derivation)
      }
    }
    return out.joined(separator: "\n") + "\n"
  }
}
