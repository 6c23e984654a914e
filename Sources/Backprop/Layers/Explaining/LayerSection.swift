import TextSupport

/// One part of a layered network's explanation (the layers, the forward pass, …): a title,
/// its text lines (indented by 3 columns, within 80) and the same content as document
/// blocks for the Markdown and LaTeX formats.
struct LayerSection: Sendable {
  /// The title such as "Forward pass (sample 0)".
  var title: String
  /// The text lines.
  var lines: [String]
  /// The blocks: equations, matrices, tables and prose.
  var blocks: [DerivationBlock]
}

extension LayerExplanation {
  /// `text` with every symbol spelled in plain ASCII, as the dense derivation's `--ascii`
  /// spells them: superscripts as `^1`, `∂` as `d`, `Σ` as `sum`, `⊙` as `(.)`, `×` as `x`.
  ///
  /// - Complexity: O(n) in the length of `text`.
  public static func ascii(_ text: String) -> String {
    var out = ""
    var inSuperscript = false
    for c in text {
      if let digit = superscripts[c] {
        out += (inSuperscript ? "" : "^") + digit
        inSuperscript = true
        continue
      }
      inSuperscript = false
      if c.isASCII {
        out.append(c)
      } else if let spelled = spellings[c] {
        out += spelled
      } else {
        out += "?"
      }
    }
    return out
  }

  /// `line` without the spaces at its end.
  static func withoutTrailingSpaces(_ line: String) -> String {
    var line = Substring(line)
    while line.last == " " { line = line.dropLast() }
    return String(line)
  }

  /// `line` spelled in ASCII, wrapped again within 80 columns at its own indentation when
  /// the spelling made it longer.
  static func asciiLines(_ line: String) -> [String] {
    let spelled = ascii(line)
    guard spelled.count > 80 else { return [spelled] }
    let lead = spelled.prefix { $0 == " " }.count
    return WordWrap.lines(
      String(spelled.dropFirst(lead)), prefix: String(repeating: " ", count: lead),
      indent: lead + 2, keepingSpaces: true)
  }

  /// The superscript digits and signs.
  private static let superscripts: [Character: String] = [
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁻": "-",
  ]

  /// The ASCII spelling of each other non-ASCII character the explanation writes.
  private static let spellings: [Character: String] = [
    "∂": "d", "Σ": "sum", "⊙": "(.)", "ᵀ": "^T", "×": "x", "→": "->", "←": "<-", "−": "-",
    "·": "*", "⋆": "corr", "δ": "delta", "σ": "sigma", "′": "'", "⟨": "<", "⟩": ">", "…": "...",
    "≈": "~", "â": "a", "■": "#", "θ": "theta", "‖": "||", "√": "sqrt", "≤": "<=", "≥": ">=",
    "±": "+-", "₀": "_0", "₁": "_1", "₂": "_2", "₃": "_3", "₄": "_4", "₅": "_5", "₆": "_6",
    "₇": "_7", "₈": "_8", "₉": "_9", "•": "*", "ε": "eps", "η": "eta", "λ": "lambda",
    "°": " deg", "✓": "ok", "✗": "x", "⌊": "floor(", "⌋": ")", "⌈": "ceil(", "⌉": ")",
    "C̄": "C_mean", "’": "'", "“": "\"", "”": "\"", "—": "--", "–": "-",
  ]
}
