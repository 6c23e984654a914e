extension DerivationBlock {
  /// The block as LaTeX lines: `\subsubsection*` subheadings, `\noindent` prose with `$…$`
  /// inline math, a bold note and verdict, `align*` displays broken to the page width
  /// (see `TexLayout.pageAlignedLines(_:)`) and centred `tabular` tables.
  ///
  /// A display or table still wider than the page is set in a smaller size.
  func latex(_ tex: TexLayout, style: DerivationBlockStyle) -> [String] {
    func inline(_ items: [DerivationInline]) -> String { Self.latex(items, style: style) }
    switch self {
    case .subheading(let s):
      return ["\\subsubsection*{" + TexLayout.escapeLatex(style.latexProse(s)) + "}"]
    case .paragraph(let items): return ["\\noindent " + inline(items)]
    case .note(let items): return ["\\noindent\\textbf{Note.} " + inline(items)]
    case .verdict(_, let items): return ["\\noindent\\textbf{" + inline(items) + "}"]
    case .equations(let lines): return Self.sized(tex.pageAlignedLines(lines))
    case .matrices(let display): return Self.sized(tex.pageMatrices(display))
    case .table(let table): return Self.latex(table, style: style)
    }
  }

  /// Prose escaped for LaTeX and formulas as `$…$`.
  private static func latex(_ items: [DerivationInline], style: DerivationBlockStyle) -> String {
    items.map {
      switch $0 {
      case .text(let s): return TexLayout.escapeLatex(style.latexProse(s))
      case .math(let m): return style.omitsEmptyMath && m.latex.isEmpty ? "" : "$" + m.latex + "$"
      }
    }.joined()
  }

  /// An `align*` display of `lines`, in a smaller size when it is still wider than the
  /// page (a matrix cannot be broken).
  private static func sized(_ lines: [String]) -> [String] {
    let display = ["\\begin{align*}"] + lines + ["\\end{align*}"]
    guard let size = TexLayout.sizeCommand(for: lines) else { return display }
    return ["{" + size] + display + ["}"]
  }

  /// `table` as centred `tabular`s between rules, in a smaller size when wide; a
  /// `tabular` cannot break across pages, so each holds at most `TexLayout.rowsPerTable`
  /// rows under the repeated header.
  private static func latex(_ table: DerivationTable, style: DerivationBlockStyle) -> [String] {
    func inline(_ items: [DerivationInline]) -> String { latex(items, style: style) }
    let spec = table.numeric.map { $0 ? "r" : "l" }.joined()
    let cells = ([table.header] + table.rows).map { $0.map(inline) }
    let size = TexLayout.sizeCommand(width: TexLayout.tableWidth(cells))
    let rowsPerTable = TexLayout.rowsPerTable
    var out: [String] = []
    var start = 0
    repeat {
      let rows = table.rows[start..<min(table.rows.count, start + rowsPerTable)]
      if start > 0 { out.append("") }
      out += ["\\begin{center}" + (size ?? ""), "\\begin{tabular}{\(spec)}", "\\hline"]
      out.append(table.header.map(inline).joined(separator: " & ") + " \\\\")
      out.append("\\hline")
      for row in rows { out.append(row.map(inline).joined(separator: " & ") + " \\\\") }
      out += ["\\hline", "\\end{tabular}", "\\end{center}"]
      start += rowsPerTable
    } while start < table.rows.count
    return out
  }
}
