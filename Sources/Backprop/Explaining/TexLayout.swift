/// Shared LaTeX layout for the Markdown and LaTeX renderers: aligned equations, matrices
/// (summarized with dots when large) and escaping of prose.
///
/// The LaTeX renderer's line breaking to the page width is in `TexLayout+PageWidth.swift`,
/// the width estimate in `TexScanner.swift`.
struct TexLayout {
  /// How numbers print.
  let format: NumberFormat
  /// A summarized matrix keeps all rows (columns) when it has at most this many; otherwise
  /// the first three, a row (column) of dots and the last.
  let summaryLimit = 6

  /// The lines of an `aligned`/`align*` body: `lhs &= s₁ = s₂ && comment \\`.
  func alignedLines(_ lines: [DerivationEquation]) -> [String] {
    lines.enumerated().map { (n, eq) in
      var s = eq.lhs.latex + " &" + eq.latexSteps
      if let c = eq.comment { s += " && " + c.latex }
      return s + (n < lines.count - 1 ? " \\\\" : "")
    }
  }

  /// A number for LaTeX: `1.5e-05` becomes `1.5\times 10^{-5}`.
  func number(_ x: Double) -> String { format.latex(x) }

  /// A `bmatrix`, with `\cdots`, `\vdots`, `\ddots` and a caption when summarized; the
  /// entries flagged in `marks` (row-major) are `\boxed`.
  func matrix(_ m: Matrix, summarized: Bool, marks: [Bool]? = nil) -> String {
    let cutRows = summarized && m.rows > summaryLimit
    let cutColumns = summarized && m.columns > summaryLimit
    let rows: [Int?] = cutRows ? [0, 1, 2, nil, m.rows - 1] : (0..<m.rows).map { $0 }
    let columns: [Int?] = cutColumns ? [0, 1, 2, nil, m.columns - 1] : (0..<m.columns).map { $0 }
    let body = rows.map { i in
      columns.map { j -> String in
        switch (i, j) {
        case (let i?, let j?):
          let flag = marks.map { $0[i * m.columns + j] } ?? false
          return flag ? "\\boxed{" + number(m[i, j]) + "}" : number(m[i, j])
        case (nil, nil): return "\\ddots"
        case (nil, _): return "\\vdots"
        case (_, nil): return "\\cdots"
        }
      }.joined(separator: " & ")
    }.joined(separator: " \\\\ ")
    var s = "\\begin{bmatrix} " + body + " \\end{bmatrix}"
    if cutRows || cutColumns {
      s +=
        "_{\(m.rows)\\times \(m.columns),\\ \\lVert\\cdot\\rVert = " + number(m.frobeniusNorm) + "}"
    }
    return s
  }

  /// Formulas and matrices side by side.
  func matrices(_ display: DerivationMatrices) -> String {
    display.items.enumerated().map { (n, item) in
      switch item {
      case .math(let m): return m.latex.explainTrimmed(" ")
      case .matrix(let x): return matrix(x, summarized: display.summarized, marks: display.marks[n])
      }
    }.joined(separator: " ")
  }

  /// Escapes Markdown's special characters in prose.
  static func escapeMarkdown(_ s: String, inTable: Bool) -> String {
    var out = ""
    for c in s {
      switch c {
      case "*", "_", "`", "\\", "$": out += "\\" + String(c)
      case "|" where inTable: out += "\\|"
      default: out.append(c)
      }
    }
    return out
  }

  /// Escapes LaTeX's special characters in prose.
  static func escapeLatex(_ s: String) -> String {
    var out = ""
    for c in s {
      switch c {
      case "\\": out += "\\textbackslash{}"
      case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(c)
      case "^": out += "\\^{}"
      case "~": out += "\\~{}"
      case ">": out += "\\textgreater{}"
      case "<": out += "\\textless{}"
      // `--` would set an en dash: an option such as `--samples` keeps its two hyphens.
      case "-" where out.last == "-": out += "{}-"
      default: out.append(c)
      }
    }
    return out
  }
}

extension String {
  /// The string without leading and trailing `c`.
  func explainTrimmed(_ c: Character) -> String {
    String(drop { $0 == c }.reversed().drop { $0 == c }.reversed())
  }
}

extension DerivationEquation {
  /// `=` or `\approx` before step `n`, for an `aligned` row.
  func latexSign(before n: Int) -> String { approximate && n == 0 ? "\\approx" : "=" }

  /// The steps of an `aligned` row after the `&`: `= s₁ = s₂` (`\approx s₁` first for an
  /// approximation).
  var latexSteps: String {
    steps.enumerated().map { latexSign(before: $0) + " " + $1.latex }.joined(separator: " ")
  }
}
