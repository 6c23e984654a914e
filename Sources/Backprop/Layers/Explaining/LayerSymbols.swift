/// The symbols of a layered explanation, each spelled for text and for LaTeX: quantities
/// (`a⁰`, `z¹`), tensors (`K1`, `Wi1`), gradients (`∂C/∂z¹`) and shapes (`2×4×4`).
enum LayerSymbols {
  /// A formula spelled `unicode` in text and `latex` in LaTeX.
  static func math(_ unicode: String, _ latex: String) -> MathText {
    MathText(unicode, ascii: LayerExplanation.ascii(unicode), latex: latex)
  }

  /// `a⁰`, `z¹`: a quantity of the network.
  static func quantity(_ q: Quantity) -> MathText {
    switch q.kind {
    case .activation(let l): return math(q.symbol(), "a^{\(l)}")
    case .preActivation(let l): return math(q.symbol(), "z^{\(l)}")
    default: return math(q.symbol(), q.symbol(.ascii))
    }
  }

  /// A tensor such as `K1` (`K^{1}`) or `Wi1` (`W_{i}^{1}`), with optional indices.
  static func tensor(_ name: String, _ indices: String = "") -> MathText {
    let digits = name.reversed().prefix { $0.isNumber }.reversed()
    let stem = name.dropLast(digits.count)
    let base = stem.prefix(1)
    let sub = stem.dropFirst()
    let subscripted: String = sub.isEmpty ? "" : "_{" + String(sub) + "}"
    let bracket: String = indices.isEmpty ? "" : "[" + indices + "]"
    let latex: String = String(base) + subscripted + "^{" + String(digits) + "}" + bracket
    return math(name + bracket, latex)
  }

  /// `q` with indices: `z¹[f,y,x]`.
  static func indexed(_ q: MathText, _ indices: String) -> MathText {
    q + math("[\(indices)]", "[" + indices.replacing("−", with: "-") + "]")
  }

  /// `Σ_i `: a sum over `index`.
  static func sum(_ index: String) -> MathText {
    math("Σ_" + index + " ", "\\sum_{" + index + "} ")
  }

  /// `∂C/∂q`.
  static func gradient(_ q: MathText) -> MathText { .derivative(.plain("C"), q) }

  /// `∂C̄/∂q`: of the mean cost.
  static func meanGradient(_ q: MathText) -> MathText {
    MathText(
      "∂C̄/∂" + q.unicode, ascii: "d(mean C)/d" + q.ascii,
      latex: "\\frac{\\partial \\bar{C}}{\\partial " + q.latex + "}")
  }

  /// A shape such as `2×4×4`.
  static func shape(_ s: TensorShape) -> MathText {
    math(
      s.dimensions.map(String.init).joined(separator: "×"),
      s.dimensions.map(String.init).joined(separator: "\\times "))
  }

  /// A shape as a column: `2×1` for a vector, else the shape itself.
  static func columnShape(_ s: TensorShape) -> MathText {
    s.rank == 1 ? .shape(s.count, 1) : shape(s)
  }

  /// ` → `.
  static let arrow = math(" → ", " \\to ")
  /// `qᵀ`, braced in LaTeX so that a superscript may precede it.
  static func transposed(_ q: MathText) -> MathText {
    MathText(q.unicode + "ᵀ", ascii: q.ascii + "^T", latex: "{" + q.latex + "}^{\\top}")
  }
}
