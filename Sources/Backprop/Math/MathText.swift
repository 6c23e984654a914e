import TextSupport

/// A piece of mathematics spelled three ways: Unicode text (`∂C/∂z²`), plain ASCII
/// (`dC/dz^2`) and LaTeX (`\frac{\partial C}{\partial z^{2}}`).
///
/// The derivation document stores every formula as a `MathText`, so each renderer picks
/// the spelling it needs and all formats show the same formula.
public struct MathText: Sendable, Equatable, CustomStringConvertible {
  /// The Unicode spelling.
  public var unicode: String
  /// The ASCII spelling.
  public var ascii: String
  /// The LaTeX spelling (math mode, without `$`).
  public var latex: String

  /// Creates a formula; the ASCII and LaTeX spellings default to the Unicode one.
  public init(_ unicode: String, ascii: String? = nil, latex: String? = nil) {
    self.unicode = unicode
    self.ascii = ascii ?? unicode
    self.latex = latex ?? unicode
  }

  /// The spelling for text output in `notation`.
  public func text(_ notation: Notation) -> String { notation == .unicode ? unicode : ascii }

  /// The Unicode spelling.
  public var description: String { unicode }

  /// Concatenation.
  public static func + (lhs: MathText, rhs: MathText) -> MathText {
    MathText(lhs.unicode + rhs.unicode, ascii: lhs.ascii + rhs.ascii, latex: lhs.latex + rhs.latex)
  }

  /// Appends `rhs`.
  public static func += (lhs: inout MathText, rhs: MathText) { lhs = lhs + rhs }

  /// The formulas joined by `separator`.
  public static func joined(_ parts: [MathText], separator: MathText) -> MathText {
    var out = MathText("")
    for (n, p) in parts.enumerated() {
      if n > 0 { out += separator }
      out += p
    }
    return out
  }

  /// `a, b, c` etc.: the same text in all three spellings (digits, letters, operators).
  public static func plain(_ s: String) -> MathText { MathText(s, ascii: s, latex: s) }

  /// Prose inside a formula: the same words, wrapped in `\text{…}` for LaTeX, with the
  /// characters special to LaTeX text mode (`_ ^ & % # $ { } ~ \`) escaped.
  public static func words(_ s: String) -> MathText {
    MathText(s, ascii: s, latex: "\\text{" + TexLayout.escapeLatex(s) + "}")
  }

  /// A space.
  public static let space = MathText(" ", ascii: " ", latex: " ")
  /// ` = `.
  public static let equals = MathText(" = ", ascii: " = ", latex: " = ")
  /// ` + `.
  public static let plus = MathText(" + ", ascii: " + ", latex: " + ")
  /// ` − `.
  public static let minus = MathText(" − ", ascii: " - ", latex: " - ")
  /// The product dot between Jacobian factors.
  public static let dot = MathText(" · ", ascii: " * ", latex: " \\cdot ")
  /// The Hadamard product.
  public static let hadamard = MathText(" ⊙ ", ascii: " (.) ", latex: " \\odot ")
  /// The transpose mark.
  public static let transpose = MathText("ᵀ", ascii: "^T", latex: "^{\\top}")
  /// ∂.
  public static let partial = MathText("∂", ascii: "d", latex: "\\partial ")
  /// ≈.
  public static let approx = MathText(" ≈ ", ascii: " ~ ", latex: " \\approx ")
  /// f′.
  public static let fPrime = MathText("f′", ascii: "f'", latex: "f'")

  /// A symbol with an optional superscript and subscript: `Wˡ⁺¹`, `W^(l+1)`, `W^{l+1}`.
  ///
  /// Numeric subscripts such as `1,0` print in brackets in text (`W²[1,0]`); letter
  /// subscripts print as subscripts (`wˡⱼₖ`, `w^l_jk`).
  public static func symbol(
    _ base: String, latexBase: String? = nil, asciiBase: String? = nil, sup: String? = nil,
    sub: [String] = []
  ) -> MathText {
    var u = base
    var a = asciiBase ?? base
    var l = latexBase ?? base
    if let sup {
      u += unicodeSuperscript(sup) ?? "^(\(sup))"
      a += isSimple(sup) ? "^" + sup : "^(" + sup + ")"
      l += "^{" + latexIndex(sup) + "}"
    }
    if !sub.isEmpty {
      let numeric = sub.allSatisfy { $0.allSatisfy(\.isNumber) }
      if numeric {
        u += "[" + sub.joined(separator: ",") + "]"
        a += "[" + sub.joined(separator: ",") + "]"
        l += "_{" + sub.joined(separator: ",") + "}"
      } else {
        u += unicodeSubscript(sub.joined()) ?? "_" + sub.joined()
        a += "_" + sub.joined()
        let mixed = sub.count > 1 && sub.contains { $0.allSatisfy(\.isNumber) }
        l += "_{" + sub.joined(separator: mixed ? "," : "") + "}"
      }
    }
    return MathText(u, ascii: a, latex: l)
  }

  /// `δˡ`: the Greek letter δ with a superscript (`delta^l` in ASCII, apart from ∂'s `d`).
  public static func delta(_ sup: String, sub: [String] = []) -> MathText {
    symbol("δ", latexBase: "\\delta", asciiBase: "delta", sup: sup, sub: sub)
  }

  /// A layer superscript: `W²`.
  public static func layer(_ base: String, _ l: Int, sub: [String] = []) -> MathText {
    base == "δ" ? delta(String(l), sub: sub) : symbol(base, sup: String(l), sub: sub)
  }

  /// `∂num/∂den` (text) and `\frac{\partial num}{\partial den}` (LaTeX).
  public static func derivative(_ num: MathText, _ den: MathText) -> MathText {
    MathText(
      "∂" + num.unicode + "/∂" + den.unicode, ascii: "d" + num.ascii + "/d" + den.ascii,
      latex: "\\frac{\\partial " + num.latex + "}{\\partial " + den.latex + "}")
  }

  /// A shape such as `2×3`.
  public static func shape(_ rows: Int, _ columns: Int) -> MathText {
    MathText("\(rows)×\(columns)", ascii: "\(rows)x\(columns)", latex: "\(rows)\\times \(columns)")
  }

  /// A Σ with an index: `Σₖ`, `sum_k`, `\sum_{k}`.
  public static func sum(_ index: String) -> MathText {
    MathText(
      "Σ" + (unicodeSubscript(index) ?? "_" + index) + " ", ascii: "sum_" + index + " ",
      latex: "\\sum_{" + index + "} ")
  }

  /// A parenthesised formula.
  public static func parens(_ m: MathText) -> MathText {
    MathText(
      "(" + m.unicode + ")", ascii: "(" + m.ascii + ")", latex: "\\left(" + m.latex + "\\right)")
  }

  private static func isSimple(_ s: String) -> Bool {
    s.allSatisfy { $0.isLetter || $0.isNumber }
  }

  private static func latexIndex(_ s: String) -> String {
    s.replacing("−", with: "-").replacing("(", with: "").replacing(")", with: "")
  }

  /// Unicode superscripts for digits, `l`, `L`, `+`, `−`; `nil` if a character has none.
  static func unicodeSuperscript(_ s: String) -> String? {
    Superscript.text(s)
  }

  /// Unicode subscripts for digits and `i j k m`; `nil` if a character has none.
  static func unicodeSubscript(_ s: String) -> String? {
    Subscript.text(s)
  }
}
