/// Line breaking for the LaTeX renderer, so that displays fit the page.
///
/// The page is the text width of a default `article` (345pt at 10pt): long equations put
/// each step on its own line, long sums break after a `+` with an indented continuation,
/// long matrix displays break before an `=` or `+`, and long tables are split into several
/// tabulars that can go on separate pages.
///
/// Widths are estimated from the LaTeX source with Computer Modern's approximate widths at
/// 10pt (digits 5pt, binary operators with their spacing 12pt, a matrix as its widest row
/// plus column separation); the estimate errs on the wide side.
extension TexLayout {
  /// The widest display line, in points: about 12% under `article`'s 345pt text width (the width estimate errs by up to ~5%).
  static let pageWidth = 305.0

  /// The most rows in one tabular; longer tables are split (a tabular cannot break
  /// across pages).
  static let rowsPerTable = 30

  // MARK: Equations

  /// The lines of an `align*` body for `lines`, broken so that each fits `pageWidth`.
  ///
  /// A line that fits is `lhs &= s₁ = s₂ && comment`, as in `alignedLines(_:)`. Otherwise
  /// each step goes on its own `&= sₖ` line, a step wider than the page breaks before its
  /// top-level `+` and `\cdot` signs (continuations `&\quad + …`), and when the comments do not fit
  /// beside the equations they go on a line of their own.
  func pageAlignedLines(_ lines: [DerivationEquation]) -> [String] {
    let lhsWidth = lines.map { Self.width($0.lhs.latex) }.max() ?? 0
    let commentWidth = lines.compactMap { $0.comment.map { Self.width($0.latex) } }.max() ?? 0
    let equals = Self.width("=")
    let oneLine = lines.map { eq in
      eq.steps.map { Self.width($0.latex) + equals }.reduce(0, +)
    }
    let rhsBudget = Self.pageWidth - lhsWidth
    let commentsBeside =
      commentWidth == 0 || oneLine.allSatisfy { $0 + 2 * Self.quad + commentWidth <= rhsBudget }
    let avail = commentsBeside ? rhsBudget - 2 * Self.quad - commentWidth : rhsBudget
    var out: [String] = []
    for (eq, width) in zip(lines, oneLine) {
      var rows: [String] = []
      if width <= avail {
        rows.append(eq.lhs.latex + " &" + eq.latexSteps)
      } else {
        for (k, step) in eq.steps.enumerated() {
          let pieces = Self.splitSum(step.latex, width: avail - equals)
          for (p, piece) in pieces.enumerated() {
            let sign = eq.latexSign(before: k)
            let lead = p == 0 ? (k == 0 ? eq.lhs.latex + " &" : "&") + sign + " " : "&\\quad "
            rows.append(lead + piece)
          }
        }
      }
      if let c = eq.comment {
        if commentsBeside {
          rows[0] += " && " + c.latex
        } else {
          rows.append("&\\qquad " + c.latex)
        }
      }
      out += rows
    }
    return out.enumerated().map { $0.element + ($0.offset < out.count - 1 ? " \\\\" : "") }
  }

  /// `latex` split before its top-level `+` and `\cdot` signs into pieces of at most
  /// `width` (a term wider than that stays whole); every piece after the first starts with
  /// its operator.
  ///
  /// `\left(` and `\right)` become `\bigl(` and `\bigr)` when the formula is split, since a
  /// `\left … \right` pair cannot span lines.
  static func splitSum(_ latex: String, width: Double) -> [String] {
    // Sums first; a term still too wide is split at its products.
    split(latex, at: [" + "], width: width).flatMap { piece -> [String] in
      guard self.width(piece) > width else { return [piece] }
      let parts = split(piece, at: [" \\cdot "], width: width)
      return parts
    }
  }

  static func split(_ latex: String, at separators: [String], width: Double) -> [String] {
    guard self.width(latex) > width else { return [latex] }
    let source = latex.replacing("\\left(", with: "\\bigl(")
      .replacing("\\right)", with: "\\bigr)")
    guard !source.contains("\\left"), !source.contains("\\right") else { return [latex] }
    // Terms at brace depth 0; each term after the first keeps its operator.
    let operators = separators.map { Array($0) }
    var terms: [String] = []
    var current = ""
    var depth = 0
    let chars = Array(source)
    var i = 0
    scan: while i < chars.count {
      let c = chars[i]
      if c == "{" { depth += 1 }
      if c == "}" { depth -= 1 }
      if depth == 0, !current.isEmpty {
        for op in operators
        where i + op.count <= chars.count && Array(chars[i..<i + op.count]) == op {
          terms.append(current)
          current = String(op.dropFirst())
          i += op.count
          continue scan
        }
      }
      current.append(c)
      i += 1
    }
    terms.append(current)
    guard terms.count > 1 else { return [latex] }
    var pieces: [String] = []
    var line = ""
    for term in terms {
      if line.isEmpty {
        line = term
      } else if self.width(line + " " + term) + (pieces.isEmpty ? 0 : quad) <= width {
        line += " " + term
      } else {
        pieces.append(line)
        line = term
      }
    }
    pieces.append(line)
    return pieces
  }

  // MARK: Font size

  /// The size command for the `align*` display of `lines`: none when it fits
  /// `pageWidth`, else the largest of `\small` … `\tiny` at which it fits (`\tiny` when none
  /// does).
  static func sizeCommand(for lines: [String]) -> String? {
    // Every line is as wide as the widest left side (before `&`) plus its own right side.
    let split = lines.map { line -> (Double, Double) in
      guard let amp = alignmentMark(line) else { return (0, width(line)) }
      return (width(String(line[..<amp])), width(String(line[amp...])))
    }
    let lhs = split.map(\.0).max() ?? 0
    return sizeCommand(width: lhs + (split.map(\.1).max() ?? 0))
  }

  /// The first `&` of `line` outside every environment (a matrix's `&` separate columns).
  static func alignmentMark(_ line: String) -> String.Index? {
    var depth = 0
    var i = line.startIndex
    while i < line.endIndex {
      let rest = line[i...]
      if rest.hasPrefix("\\begin{") {
        depth += 1
      } else if rest.hasPrefix("\\end{") {
        depth -= 1
      } else if rest.hasPrefix("\\&") {
        i = line.index(i, offsetBy: 2)
        continue
      } else if line[i] == "&" && depth == 0 {
        return i
      }
      i = line.index(after: i)
    }
    return nil
  }

  /// The size command at which something `widest` points wide at 10pt fits `pageWidth`
  /// (itself a little under the text width), and column separations shrunk in proportion.
  static func sizeCommand(width widest: Double) -> String? {
    if widest <= pageWidth { return nil }
    // (command, nominal scale, effective width scale): Computer Modern's smaller optical
    // sizes are relatively wider (a digit of cmr7 is 4.0pt, not 0.7 · 5pt).
    let sizes: [(String, Double, Double)] = [
      ("\\small", 0.9, 0.92), ("\\footnotesize", 0.8, 0.85), ("\\scriptsize", 0.7, 0.8),
      ("\\tiny", 0.5, 0.7),
    ]
    let (size, factor, _) = sizes.first { widest * $0.2 <= pageWidth } ?? ("\\tiny", 0.5, 0.7)
    func points(_ x: Double) -> String {
      let tenths = Int((x * 10).rounded())
      return "\(tenths / 10).\(tenths % 10)pt"
    }
    return size + "\\setlength{\\arraycolsep}{\(points(5 * factor))}"
      + "\\setlength{\\tabcolsep}{\(points(6 * factor))}"
  }

  /// The approximate width of a tabular whose cells are `rows` (LaTeX source of each cell,
  /// text with `$…$` math): the widest cell of each column (5pt a character of text, math
  /// as `width(_:)`) plus 12pt of column separation.
  static func tableWidth(_ rows: [[String]]) -> Double {
    var columns: [Double] = []
    for row in rows {
      for (k, cell) in row.enumerated() {
        let w = cell.split(separator: "$", omittingEmptySubsequences: false).enumerated().map {
          $0.offset % 2 == 1 ? width(String($0.element)) : Double($0.element.count) * 5
        }.reduce(0, +)
        if k < columns.count { columns[k] = max(columns[k], w) } else { columns.append(w) }
      }
    }
    return columns.reduce(0, +) + 12 * Double(columns.count)
  }

  // MARK: Matrix displays

  /// The lines of an `align*` body for a matrix display, broken before an `=` or `+` (or
  /// between factors) when the display is wider than `pageWidth`.
  ///
  /// The first line is aligned at its first `=`.
  func pageMatrices(_ display: DerivationMatrices) -> [String] {
    let parts = display.items.enumerated().map { (n, item) -> String in
      switch item {
      case .math(let m): return m.latex.explainTrimmed(" ")
      case .matrix(let x):
        // A matrix wider than the page is summarized, as the text renderer does.
        let marks = display.marks[n]
        let full = matrix(x, summarized: display.summarized, marks: marks)
        return Self.width(full) > Self.pageWidth
          ? matrix(x, summarized: true, marks: marks) : full
      }
    }
    let whole = parts.joined(separator: " ")
    guard Self.width(whole) > Self.pageWidth, parts.count > 1 else { return [whole] }
    // Chunks start at each formula after the first (an operator such as "=" or "+") and at
    // each matrix that follows a matrix (a product's next factor).
    var chunks: [String] = []
    for (k, part) in parts.enumerated() {
      let startsChunk: Bool
      switch (k > 0 ? display.items[k - 1] : nil, display.items[k]) {
      case (.some, .math): startsChunk = true
      case (.some(.matrix), .matrix): startsChunk = true
      default: startsChunk = chunks.isEmpty
      }
      if startsChunk {
        chunks.append(part)
      } else {
        chunks[chunks.count - 1] += " " + part
      }
    }
    // Align at the first "=" of the first chunk.
    var first = chunks.removeFirst()
    if let r = first.range(of: " = ") ?? first.range(of: "=", options: .backwards) {
      first.replaceSubrange(r, with: " &= ")
    } else {
      first = "& " + first
    }
    var lines = [first]
    for chunk in chunks {
      let last = lines[lines.count - 1]
      if Self.width(last + " " + chunk) <= Self.pageWidth {
        lines[lines.count - 1] = last + " " + chunk
      } else if chunk.hasPrefix("=") {
        lines.append("&" + chunk)
      } else {
        lines.append("&\\quad " + chunk)
      }
    }
    return lines.enumerated().map {
      $0.element + ($0.offset < lines.count - 1 ? " \\\\" : "")
    }
  }

  // MARK: Width estimate

  /// A quad, 10pt.
  static let quad = 10.0

  /// The approximate width in points of the math `latex` at 10pt, in display style.
  static func width(_ latex: String) -> Double {
    var scanner = TexScanner(Array(latex))
    return scanner.width(until: nil)
  }
}
