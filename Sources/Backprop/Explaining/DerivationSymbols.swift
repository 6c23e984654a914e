/// The symbols a derivation writes, each in its three spellings (Unicode, ASCII, LaTeX):
/// the quantities of a layer (`aˡ`, `zˡ`, `Wˡ`, `bˡ`, `δˡ`), the cost and target, the
/// activation functions of the network, Jacobians, shapes and printed numbers.
///
/// One value serves every section, so that a symbol is spelled the same everywhere.
struct DerivationSymbols {
  /// The network whose activation functions are named.
  let network: Network
  /// How numbers print.
  let format: NumberFormat

  // MARK: Numbers

  /// A number as the derivation prints it.
  func number(_ x: Double) -> MathText {
    let s = format.string(x)
    return MathText(s, ascii: s, latex: format.latex(x))
  }

  /// A number in a product, parenthesised when negative.
  func factor(_ x: Double) -> MathText { x < 0 ? .parens(number(x)) : number(x) }

  // MARK: Quantities of a layer

  /// `aˡ` (`x` is `a⁰`), with optional subscripts such as `["j"]`.
  func activation(_ l: Int, _ indices: [String] = []) -> MathText {
    l == 0 && indices.isEmpty ? .layer("a", 0) : .layer("a", l, sub: indices)
  }
  /// `zˡ`, the weighted input.
  func preActivation(_ l: Int, _ indices: [String] = []) -> MathText {
    .layer("z", l, sub: indices)
  }
  /// `Wˡ`.
  func weights(_ l: Int, _ indices: [String] = []) -> MathText { .layer("W", l, sub: indices) }
  /// `bˡ`.
  func biases(_ l: Int, _ indices: [String] = []) -> MathText { .layer("b", l, sub: indices) }
  /// `δˡ`, the error ∂C/∂zˡ.
  func delta(_ l: Int, _ indices: [String] = []) -> MathText {
    .delta(String(l), sub: indices)
  }
  /// `(δˡ)ᵀ`, the row ∂C/∂zˡ (δˡ itself is a column).
  func deltaRow(_ l: Int) -> MathText { .parens(delta(l)) + .transpose }
  /// The parameter `p`: `Wˡⱼₖ` or `bˡⱼ`.
  func parameter(_ p: ParameterIndex) -> MathText {
    switch p.kind {
    case .weight(let j, let k): return weights(p.layer, [String(j), String(k)])
    case .bias(let j): return biases(p.layer, [String(j)])
    }
  }

  /// `y`, the target.
  let target = MathText.plain("y")
  /// `C`, the cost of one sample.
  let cost = MathText.plain("C")
  /// ∇ₐC, the gradient of the cost with respect to the output activation.
  var costGradient: MathText { MathText("∇ₐC", ascii: "grad_a C", latex: "\\nabla_{a} C") }
  /// Cₛ, the cost of sample s.
  var sampleCost: MathText { MathText("Cₛ", ascii: "C_s", latex: "C_{s}") }
  /// C̄, the mean cost over the samples.
  var meanCost: MathText { MathText("C̄", ascii: "C_mean", latex: "\\bar{C}") }

  // MARK: Activation functions

  /// The name of `activation` as a function symbol, such as σ, tanh or relu.
  func functionName(_ activation: Activation) -> MathText { activation.function.symbol }

  /// Layer `l`'s activation applied to `argument`, for example `σ(z²)`.
  func function(_ l: Int, _ argument: MathText) -> MathText {
    functionName(network.activation(l)) + .parens(argument)
  }

  /// The derivative of layer `l`'s activation applied to `argument`, for example `σ′(z²)`.
  func functionDerivative(_ l: Int, _ argument: MathText) -> MathText {
    let name = functionName(network.activation(l))
    return MathText(name.unicode + "′", ascii: name.ascii + "'", latex: name.latex + "'")
      + .parens(argument)
  }

  /// The local Jacobian ∂aˡ/∂zˡ of layer `l` in terms of aˡ, as its activation writes it
  /// (`diag(a) − a aᵀ` for softmax).
  func localJacobian(_ l: Int) -> MathText { network.activation(l).function.derivativeInA }

  // MARK: Shapes

  /// `→ ` in all spellings, before a resulting shape.
  var arrow: MathText { MathText(" → ", ascii: " -> ", latex: " \\to ") }

  /// `(n×1)`, the shape of a column of `n` entries.
  func columnShape(_ n: Int) -> MathText { .parens(.shape(n, 1)) }

  /// A size symbol `n_l`, `n_L`, `n_(l+1)`, `n_(l-1)` in text (a superscript would read as
  /// a power), `n_{l+1}` in LaTeX, as `Docs/Conventions.md` writes it.
  func size(_ index: String) -> MathText {
    let plain = index.replacing("−", with: "-")
    let text = index.count == 1 ? "n_" + plain : "n_(" + plain + ")"
    return MathText(text, ascii: text, latex: "n_{" + plain + "}")
  }

  /// The × of a symbolic shape: spaced in ASCII (`n_l x 1`), where an unspaced `x` would run
  /// into the size symbols (`n_lxn_(l-1)`); numeric shapes stay `2x1`.
  var times: MathText { MathText("×", ascii: " x ", latex: "\\times ") }

  /// A symbolic shape `r×c` without parentheses, for example `n_l×n_(l-1)`.
  func bareShape(_ rows: MathText, _ columns: MathText) -> MathText { rows + times + columns }

  /// A symbolic shape `(r×c)`, for the generic equations.
  func shape(_ rows: MathText, _ columns: MathText) -> MathText {
    .parens(bareShape(rows, columns))
  }

  // MARK: Jacobians and chains

  /// ∂y/∂x of a library Jacobian in all spellings.
  func jacobian(_ j: Jacobian) -> MathText {
    MathText(
      j.name(.unicode), ascii: j.name(.ascii),
      latex: "\\frac{\\partial " + latex(j.output) + "}{\\partial " + latex(j.input) + "}")
  }

  /// The symbol of a chain factor, with `= Wˡ` after ∂zˡ/∂aˡ⁻¹ (a dense factor that is
  /// the weight matrix).
  func chainFactor(_ j: Jacobian) -> MathText {
    if case .dense = j.structure, case .preActivation(let lz) = j.output.kind,
      case .activation = j.input.kind
    {
      return jacobian(j) + .equals + weights(lz)
    }
    return jacobian(j)
  }

  /// The factors of `chain` as a product of Jacobian symbols.
  func chain(_ chain: ChainRule) -> MathText {
    MathText.joined(chain.factors.map(jacobian), separator: .dot)
  }

  /// The shapes of the factors of `chain`, for example `(1×2)·(2×2)`.
  func chainShapes(_ chain: ChainRule) -> MathText {
    MathText(
      chain.shapes(.unicode), ascii: chain.shapes(.ascii),
      latex: chain.factors.map { "\($0.rows)\\times \($0.columns)" }.joined(separator: " \\cdot "))
  }

  /// A quantity in LaTeX, for example `a^{2}`.
  private func latex(_ q: Quantity) -> String {
    switch q.kind {
    case .cost: return "C"
    case .activation(let l): return "a^{\(l)}"
    case .preActivation(let l): return "z^{\(l)}"
    case .weights(let l): return "W^{\(l)}"
    case .biases(let l): return "b^{\(l)}"
    }
  }
}
