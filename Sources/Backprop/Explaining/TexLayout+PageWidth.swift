/// Line breaking for the LaTeX renderer, so that displays fit the text width of a default
/// `article` (345pt at 10pt): long equations put each step on its own line, long sums break
/// after a `+` with an indented continuation, long matrix displays break before an `=` or
/// `+`, and long tables are split into several tabulars that can go on separate pages.
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
        rows.append(eq.lhs.latex + " &= " + eq.steps.map(\.latex).joined(separator: " = "))
      } else {
        for (k, step) in eq.steps.enumerated() {
          let pieces = Self.splitSum(step.latex, width: avail - equals)
          for (p, piece) in pieces.enumerated() {
            let lead = p == 0 ? (k == 0 ? eq.lhs.latex + " &= " : "&= ") : "&\\quad "
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
  /// its operator. `\left(` and `\right)` become `\bigl(` and `\bigr)` when the formula is
  /// split, since a `\left … \right` pair cannot span lines.
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
  /// between factors) when the display is wider than `pageWidth`. The first line is aligned
  /// at its first `=`.
  func pageMatrices(_ display: DerivationMatrices) -> [String] {
    let parts = display.items.map { item -> String in
      switch item {
      case .math(let m): return m.latex.explainTrimmed(" ")
      case .matrix(let x):
        // A matrix wider than the page is summarized, as the text renderer does.
        let full = matrix(x, summarized: display.summarized)
        return Self.width(full) > Self.pageWidth ? matrix(x, summarized: true) : full
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

/// A small scanner that estimates the width of LaTeX math, for `TexLayout.width(_:)`.
struct TexScanner {
  let chars: [Character]
  var i = 0
  /// The last visible character, to tell a unary minus from a binary one.
  var previous: Character? = nil

  init(_ chars: [Character]) { self.chars = chars }

  /// Commands and their widths in points, spacing included.
  static let commandWidths: [String: Double] = [
    "cdot": 7.8, "partial": 5.7, "sigma": 5.7, "delta": 4.4, "theta": 4.7, "sum": 14.4,
    "top": 5.5, "to": 15.5, "times": 12.2, "odot": 12.2, "le": 13.4, "approx": 13.4,
    "quad": 10, "qquad": 20, "cdots": 13.4, "vdots": 3, "ddots": 13.4, "lVert": 5,
    "rVert": 5, "lvert": 2.8, "rvert": 2.8, "Big": 0, "bigl": 0, "bigr": 0, "left": 0,
    "right": 0, "tanh": 17, "ln": 8, "max": 17, "exp": 14, "log": 14, ",": 1.7, " ": 3.3,
    "!": -1.7, ";": 2.8, ":": 2.2, "{": 5, "}": 5, "_": 5, "%": 8.3, "&": 7.8, "#": 8.3,
    "$": 5, "lambda": 5.8, "alpha": 6.4, "epsilon": 4.1,
  ]

  /// The width up to the closing `}` (when `until` is "}") or the end.
  mutating func width(until close: Character?) -> Double {
    var total = 0.0
    while i < chars.count {
      let c = chars[i]
      if let close, c == close {
        i += 1
        return total
      }
      i += 1
      switch c {
      case "\\": total += command()
      case "{": total += width(until: "}")
      case "^", "_": total += 0.7 * script()
      case " ", "&": continue
      case "=":
        total += 13.4
        previous = c
      case "+":
        total += 12.2
        previous = c
      case "-":
        let unary = previous == nil || "({[=&,".contains(previous ?? " ")
        total += unary ? 7.8 : 12.2
        previous = c
      case "(", ")", "[", "]", "|":
        total += 3.9
        previous = c
      case ".", ",", ";", "'":
        total += c == "," ? 4.4 : 2.8
        previous = c
      default:
        total += c.isNumber ? 5 : 5.5
        previous = c
      }
    }
    return total
  }

  /// A sub- or superscript: a braced group or one character (or one command).
  mutating func script() -> Double {
    guard i < chars.count else { return 0 }
    let c = chars[i]
    i += 1
    if c == "{" { return width(until: "}") }
    if c == "\\" { return command() }
    return c.isNumber ? 5 : 5.5
  }

  /// A command after its backslash: fractions, text, matrices, operators.
  mutating func command() -> Double {
    var name = ""
    while i < chars.count, chars[i].isLetter {
      name.append(chars[i])
      i += 1
    }
    if name.isEmpty, i < chars.count {
      name = String(chars[i])
      i += 1
      if name == "\\" { return 0 }
    }
    switch name {
    case "frac":
      let top = group()
      let bottom = group()
      previous = "x"
      return max(top, bottom) + 2
    case "text", "mathrm", "operatorname", "textbf":
      let text = rawGroup()
      previous = "x"
      return Double(text.count) * 5
    case "begin":
      let env = rawGroup()
      if env == "bmatrix" || env == "pmatrix" { return matrix() }
      return 0
    case "end":
      _ = rawGroup()
      return 0
    default:
      if name != "left" && name != "right" && name != "bigl" && name != "bigr" && name != "Big" {
        previous = name == "cdot" || name == "times" ? "=" : "x"
      }
      return Self.commandWidths[name] ?? 8
    }
  }

  /// A braced group's width (or one character's).
  mutating func group() -> Double {
    while i < chars.count, chars[i] == " " { i += 1 }
    guard i < chars.count else { return 0 }
    if chars[i] == "{" {
      i += 1
      return width(until: "}")
    }
    return script()
  }

  /// A braced group's text, unmeasured.
  mutating func rawGroup() -> String {
    guard i < chars.count, chars[i] == "{" else { return "" }
    i += 1
    var depth = 1
    var s = ""
    while i < chars.count {
      let c = chars[i]
      i += 1
      if c == "{" { depth += 1 }
      if c == "}" {
        depth -= 1
        if depth == 0 { break }
      }
      s.append(c)
    }
    return s
  }

  /// A matrix body up to `\end{…}`: the widest entry of each column, with column
  /// separation and brackets, plus a caption subscript when there is one.
  mutating func matrix() -> Double {
    var columns: [Double] = []
    var column = 0
    var cell = ""
    func flush() {
      var sub = TexScanner(Array(cell))
      let w = sub.width(until: nil)
      if column < columns.count {
        columns[column] = max(columns[column], w)
      } else {
        columns.append(w)
      }
      cell = ""
    }
    while i < chars.count {
      if chars[i] == "&" {
        flush()
        column += 1
        i += 1
      } else if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "\\" {
        flush()
        column = 0
        i += 2
      } else if String(chars[i..<min(chars.count, i + 4)]) == "\\end" {
        flush()
        i += 1
        _ = command()
        break
      } else {
        cell.append(chars[i])
        i += 1
      }
    }
    previous = "x"
    return columns.reduce(0, +) + Double(max(0, columns.count - 1)) * 10 + 14
  }
}
