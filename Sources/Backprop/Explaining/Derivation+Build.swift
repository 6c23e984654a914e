extension Derivation {
  /// Builds the derivation of backpropagation for `network` on `samples`.
  ///
  /// Every number comes from the library: `forward(_:)`, `backward(_:target:)`,
  /// `chainRule(forDeltaOf:trace:target:)` and its `prefixValues()`, `weightGradients`,
  /// `gradients(over:)`, `Cost.gradient`, `Cost.fusedOutputDelta(z:a:target:outputActivation:)`
  /// and the local Jacobians `Activation.jacobian(layer:z:a:)` (whose entries are the factors
  /// of the index form and of the paths); the check uses the Checking library's
  /// `GradientCheck.check` (central differences of the cost, gradcheck's tolerance rule and
  /// kink detection). The only arithmetic done here is what the text shows being done with
  /// those numbers: the product along each path and the sum over the paths, Σᵢ yᵢ, and the
  /// largest difference between the general chain and the fused output error.
  /// - Throws: `NetworkError` when the samples do not fit or an option is out of range.
  /// - Complexity: O(m · P) for the passes (P parameters, m samples), plus 2 · c cost
  ///   evaluations for c checked parameters.
  public static func explain(
    _ network: Network, samples: [Sample], options: ExplainOptions = ExplainOptions()
  ) throws(NetworkError) -> Derivation {
    guard !samples.isEmpty else {
      throw NetworkError(field: "samples", message: "expected at least one sample, found none")
    }
    for (s, sample) in samples.enumerated() {
      try network.validate(sample, field: "samples[\(s)]")
    }
    guard (0..<samples.count).contains(options.tracedSample) else {
      throw NetworkError(
        field: "--sample",
        message: "expected a sample from 0 to \(samples.count - 1), found \(options.tracedSample)")
    }
    if let l = options.layer, !(1...network.depth).contains(l) {
      throw NetworkError(
        field: "--layer", message: "expected a layer from 1 to \(network.depth), found \(l)")
    }
    let builder = DerivationBuilder(network: network, samples: samples, options: options)
    return builder.build()
  }
}

/// Builds the sections of a derivation. Internal: the document is the public result.
struct DerivationBuilder {
  typealias M = MathText
  let net: Network
  let samples: [Sample]
  let options: ExplainOptions
  let fmt: NumberFormat
  let tracedSample: Int
  let forward: [ForwardTrace]
  let backward: [BackwardTrace]
  let gradients: Gradients
  let summarizesMatrices: Bool
  let listsEveryParameter: Bool

  init(network: Network, samples: [Sample], options: ExplainOptions) {
    net = network
    self.samples = samples
    self.options = options
    fmt = options.numberFormat
    tracedSample = options.tracedSample
    var f: [ForwardTrace] = []
    var b: [BackwardTrace] = []
    for s in samples {
      let t = network.forward(s.input)
      f.append(t)
      b.append(network.backward(t, target: s.target))
    }
    forward = f
    backward = b
    gradients = network.gradients(over: samples)
    summarizesMatrices = (network.sizes.max() ?? 0) > options.summarizeAbove
    listsEveryParameter = network.parameterCount <= options.listParametersUpTo
  }

  var depthL: Int { net.depth }
  var trace: ForwardTrace { forward[tracedSample] }
  var back: BackwardTrace { backward[tracedSample] }
  var sample: Sample { samples[tracedSample] }
  var layers: [Int] { options.layer.map { [$0] } ?? Array(1...depthL) }

  // MARK: - Symbols

  func num(_ x: Double) -> M {
    let s = fmt.string(x)
    return M(s, ascii: s, latex: fmt.latex(x))
  }
  /// A number in a product, parenthesised when negative.
  func factor(_ x: Double) -> M { x < 0 ? .parens(num(x)) : num(x) }
  func a(_ l: Int, _ i: [String] = []) -> M {
    l == 0 && i.isEmpty ? .layer("a", 0) : .layer("a", l, sub: i)
  }
  func z(_ l: Int, _ i: [String] = []) -> M { .layer("z", l, sub: i) }
  func w(_ l: Int, _ i: [String] = []) -> M { .layer("W", l, sub: i) }
  func b(_ l: Int, _ i: [String] = []) -> M { .layer("b", l, sub: i) }
  func d(_ l: Int, _ i: [String] = []) -> M { .delta(String(l), sub: i) }
  let y = M.plain("y")
  let costSymbol = M.plain("C")
  func t(_ s: String) -> DerivationInline { .text(s) }
  func m(_ x: M) -> DerivationInline { .math(x) }
  func column(_ v: [Double]) -> Matrix { Matrix(column: v) }
  func row(_ v: [Double]) -> Matrix { Matrix(rows: 1, columns: v.count, storage: v) }
  func colShape(_ n: Int) -> M { .parens(.shape(n, 1)) }

  func fname(_ act: Activation) -> M { act.function.symbol }

  /// `→ n×1` in all spellings.
  var arrow: M { M(" → ", ascii: " -> ", latex: " \\to ") }

  /// A size symbol `nˡ`, `nᴸ`, `nˡ⁺¹`, `nˡ⁻¹` (`n_l`, `n_(l+1)` in ASCII).
  func n(_ sup: String) -> M {
    let u = MathText.unicodeSuperscript(sup) ?? "^(" + sup + ")"
    let simple = sup.count == 1
    return M(
      "n" + u, ascii: simple ? "n_" + sup : "n_(" + sup + ")",
      latex: "n_{" + sup.replacing("−", with: "-") + "}")
  }

  /// A symbolic shape `(r×c)`, for the generic equations.
  func gshape(_ r: M, _ c: M) -> M {
    .parens(r + M("×", ascii: "x", latex: "\\times ") + c)
  }

  func f(_ l: Int, _ arg: M) -> M { fname(net.activation(l)) + .parens(arg) }
  func fPrime(_ l: Int, _ arg: M) -> M {
    let n = fname(net.activation(l))
    return M(n.unicode + "′", ascii: n.ascii + "'", latex: n.latex + "'") + .parens(arg)
  }

  /// ∂y/∂x of a library Jacobian in all spellings.
  func jacobianSymbol(_ j: Jacobian) -> M {
    M(
      j.name(.unicode), ascii: j.name(.ascii),
      latex: "\\frac{\\partial " + qLatex(j.output) + "}{\\partial " + qLatex(j.input) + "}")
  }

  /// ∇ₐC, the gradient of the cost with respect to the output activation.
  var gradC: M { M("∇ₐC", ascii: "grad_a C", latex: "\\nabla_{a} C") }

  /// Cₛ, the cost of sample s.
  var sampleCost: M { M("Cₛ", ascii: "C_s", latex: "C_{s}") }

  /// C̄, the mean cost over the samples.
  var meanCost: M { M("C̄", ascii: "C_mean", latex: "\\bar{C}") }

  /// The symbol of a chain factor, with `= Wˡ` after ∂zˡ/∂aˡ⁻¹ (a dense factor that is
  /// the weight matrix).
  func factorLabel(_ j: Jacobian) -> M {
    if case .dense = j.structure, case .preActivation(let lz) = j.output.kind,
      case .activation = j.input.kind
    {
      return jacobianSymbol(j) + .equals + w(lz)
    }
    return jacobianSymbol(j)
  }

  /// The library's local Jacobian ∂aˡ/∂zˡ of the traced sample: diagonal f′(zˡ) for an
  /// element-wise activation, `diag(a) − a aᵀ` (its diagonal computed without cancellation)
  /// for softmax, so that products of its entries agree with δ.
  func activationJacobian(_ l: Int) -> Jacobian {
    net.activation(l).jacobian(layer: l, z: trace.z[l], a: trace.a[l])
  }

  /// f′(zˡ) of the traced sample as a column (element-wise activations only).
  func fPrimeColumn(_ l: Int) -> Matrix { column(trace.z[l].map(net.activation(l).derivative)) }

  func qLatex(_ q: Quantity) -> String {
    switch q.kind {
    case .cost: return "C"
    case .activation(let l): return "a^{\(l)}"
    case .preActivation(let l): return "z^{\(l)}"
    case .weights(let l): return "W^{\(l)}"
    case .biases(let l): return "b^{\(l)}"
    }
  }

  func chainMath(_ c: ChainRule) -> M {
    M.joined(c.factors.map(jacobianSymbol), separator: .dot)
  }

  func shapesMath(_ c: ChainRule) -> M {
    M(
      c.shapes(.unicode), ascii: c.shapes(.ascii),
      latex: c.factors.map { "\($0.rows)\\times \($0.columns)" }.joined(separator: " \\cdot "))
  }

  /// A display `label = [matrix]`, or several side by side.
  func display(_ items: [DerivationMatrixItem]) -> DerivationBlock {
    .matrices(DerivationMatrices(items, summarized: summarizesMatrices))
  }

  func labeled(_ label: M, _ matrix: Matrix) -> DerivationBlock {
    display([.math(label + .equals), .matrix(matrix)])
  }

  // MARK: - Document

  func build() -> Derivation {
    var sections: [DerivationSection] = []
    func add(_ title: String, _ blocks: [DerivationBlock], math: M? = nil) {
      sections.append(
        DerivationSection(number: sections.count + 1, title: title, titleMath: math, blocks: blocks)
      )
    }
    add("Network", networkSection())
    add("Notation", notationSection())
    let check = runCheck()
    if let p = options.parameter {
      add("Forward pass", forwardSection(layers: Array(1...depthL)))
      add("Cost", costSection())
      add("Paths from the cost to ", parameterSection(p), math: paramMath(p))
    } else {
      add("Forward pass", forwardSection(layers: layers))
      add("Cost", costSection())
      add("Backward pass", backwardSection())
      add("Gradients", gradientSection())
    }
    add("Check", checkSection(check))
    let data = DerivationData(
      network: net, samples: samples, tracedSample: tracedSample, forward: forward,
      backward: backward, gradients: gradients, check: check)
    var suffix = ""
    if let l = options.layer { suffix += ", layer \(l)" }
    if let p = options.parameter { suffix += ", parameter " + p.name(.ascii).filter { $0 != "^" } }
    return Derivation(
      title: Self.title(sizes: net.sizes, suffix: suffix), sections: sections, data: data,
      numberFormat: fmt)
  }

  /// The widest title, so that the title and its rule fit 80 columns.
  static let titleWidth = 80

  /// "Backpropagation through a 2,3,2 network" + `suffix`; when that is wider than
  /// `titleWidth`, the sizes are abbreviated to the first few and the last with the count,
  /// as in "a 1,1,1,...,1 network (32 layer sizes)".
  static func title(sizes: [Int], suffix: String) -> String {
    let all = sizes.map(String.init)
    let full = "Backpropagation through a \(all.joined(separator: ",")) network" + suffix
    if full.count <= titleWidth { return full }
    var best = ""
    for keep in 1..<max(2, all.count - 1) {
      let shown = all.prefix(keep).joined(separator: ",") + ",...," + (all.last ?? "")
      let candidate =
        "Backpropagation through a \(shown) network (\(all.count) layer sizes)" + suffix
      if candidate.count > titleWidth { break }
      best = candidate
    }
    if best.isEmpty {
      best = "Backpropagation through a network of \(all.count) layer sizes" + suffix
    }
    return best
  }

  // MARK: 1. Network

  func networkSection() -> [DerivationBlock] {
    var rows: [[[DerivationInline]]] = [
      [[t("0 (input)")], [t(String(net.sizes[0]))], [t("-")], [t("-")]]
    ]
    for l in 1...depthL {
      rows.append([
        [t(String(l) + (l == depthL ? " (output)" : ""))], [t(String(net.sizes[l]))],
        [t(net.activation(l).name)],
        [t(String(Network.parameterCount(sizes: [net.sizes[l - 1], net.sizes[l]])))],
      ])
    }
    let table = DerivationTable(
      header: [[t("layer")], [t("size")], [t("activation")], [t("parameters")]], rows: rows,
      numeric: [false, true, false, true])
    var blocks: [DerivationBlock] = [
      .paragraph([
        t("Layer sizes " + net.sizes.map(String.init).joined(separator: ", ") + " (input first): "),
        m(M.plain("L") + .equals + .plain(String(depthL))),
        t(" layers after the input, \(net.parameterCount) parameters, cost \(net.cost.name)."),
      ]),
      .table(table),
    ]
    if fmt.digits < 4 {
      blocks.append(
        .note([
          t(
            "Numbers are printed rounded to \(fmt.digits) significant "
              + (fmt.digits == 1 ? "digit" : "digits")
              + "; every result is computed in full precision, so redoing a product or sum from "
              + "the printed numbers may give a slightly different last digit.")
        ]))
    }
    if samples.count > 1 {
      blocks.append(
        .paragraph([
          t(
            "There are \(samples.count) samples. The cost and the gradients are the mean over "
              + "all of them; the numbers below trace sample \(tracedSample) (counting from 0).")
        ]))
    }
    return blocks
  }

  // MARK: 2. Notation

  func notationSection() -> [DerivationBlock] {
    var rows: [[[DerivationInline]]] = []
    func add(_ sym: M, _ shape: M, _ meaning: String) {
      rows.append([[m(sym)], [m(shape)], [t(meaning)]])
    }
    add(M("x = a⁰", ascii: "x = a^0", latex: "x = a^{0}"), .shape(net.sizes[0], 1), "input")
    for l in 1...depthL {
      let n = net.sizes[l]
      let p = net.sizes[l - 1]
      add(w(l), .shape(n, p), "weights into layer \(l); W[j,k] joins k to j")
      add(b(l), .shape(n, 1), "biases of layer \(l)")
      add(z(l), .shape(n, 1), "weighted input W a + b of layer \(l)")
      add(a(l), .shape(n, 1), "activation f(z) of layer \(l)")
      add(d(l), .shape(n, 1), "error dC/dz of layer \(l)")
    }
    add(y, .shape(net.sizes[depthL], 1), "target")
    add(costSymbol, .shape(1, 1), "cost of one sample, " + net.cost.name)
    return [
      .table(
        DerivationTable(
          header: [[t("symbol")], [t("shape")], [t("meaning")]], rows: rows,
          numeric: [false, false, false])),
      .paragraph([
        t("Vectors are columns. A Jacobian "), m(.derivative(y, .plain("x"))),
        t(" has one row per entry of y and one column per entry of x (numerator layout), so "),
        m(.derivative(costSymbol, z(1))), t(" is a row. Indices count from 0, as in "),
        m(w(2, ["1", "0"])), t("."),
      ]),
    ]
  }

  // MARK: 3. Forward pass

  func forwardSection(layers: [Int]) -> [DerivationBlock] {
    var lines: [DerivationEquation] = []
    for l in layers {
      let n = net.sizes[l]
      let p = net.sizes[l - 1]
      lines.append(
        DerivationEquation(
          z(l), [w(l) + .space + a(l - 1) + .plus + b(l)],
          comment: .parens(.shape(n, p)) + colShape(p) + .plus + colShape(n)
            + arrow + .shape(n, 1)))
      let act = net.activation(l)
      lines.append(
        DerivationEquation(
          a(l), [f(l, z(l))],
          comment: colShape(n) + arrow + .shape(n, 1)
            + (act.isElementwise
              ? .words(", element-wise")
              : .words(", each ") + a(l, ["i"]) + .words(" uses all of ") + z(l))))
    }
    var blocks: [DerivationBlock] = [.equations(lines)]
    blocks.append(.subheading("Numbers (sample \(tracedSample))"))
    for l in layers {
      if summarizesMatrices {
        blocks.append(labeled(w(l), net.weight(l)))
        blocks.append(labeled(a(l - 1), column(trace.a[l - 1])))
        blocks.append(labeled(b(l), column(net.bias(l))))
        blocks.append(labeled(z(l), column(trace.z[l])))
      } else {
        blocks.append(
          display([
            .math(z(l) + .equals), .matrix(net.weight(l)), .matrix(column(trace.a[l - 1])),
            .math(M.plus), .matrix(column(net.bias(l))), .math(.equals),
            .matrix(column(trace.z[l])),
          ]))
      }
      blocks.append(
        display([.math(a(l) + .equals + f(l, z(l)) + .equals), .matrix(column(trace.a[l]))]))
    }
    return blocks
  }

  // MARK: 4. Cost

  func costFormula() -> M {
    let aL = a(depthL)
    let ai = a(depthL, ["i"])
    let yi = M.symbol("y", sub: ["i"])
    switch net.cost {
    case .quadratic:
      return M("½‖", ascii: "1/2 |", latex: "\\tfrac{1}{2}\\lVert ") + aL + .minus + y
        + M("‖²", ascii: "|^2", latex: "\\rVert^{2}") + .equals
        + M("½ ", ascii: "1/2 ", latex: "\\tfrac{1}{2}") + .sum("i") + .parens(ai + .minus + yi)
        + M("²", ascii: "^2", latex: "^{2}")
    case .mse:
      return M("(1/n) ", ascii: "(1/n) ", latex: "\\frac{1}{n}") + .sum("i")
        + .parens(ai + .minus + yi) + M("²", ascii: "^2", latex: "^{2}")
    case .crossEntropy:
      return M("−", ascii: "-", latex: "-") + .sum("i")
        + M("[", latex: "\\left[") + yi + M(" ln ", latex: " \\ln ") + ai + .plus
        + .parens(M.plain("1") + .minus + yi) + M(" ln", latex: " \\ln")
        + .parens(M.plain("1") + .minus + ai) + M("]", latex: "\\right]")
    case .categoricalCrossEntropy:
      return M("−", ascii: "-", latex: "-") + .sum("i") + yi + M(" ln ", latex: " \\ln ") + ai
    }
  }

  func costSection() -> [DerivationBlock] {
    var blocks: [DerivationBlock] = [
      .equations([
        DerivationEquation(
          costSymbol, [costFormula()],
          comment: a(depthL) + M(", ") + y + M(": ") + colShape(net.sizes[depthL]) + arrow
            + .shape(1, 1)
            + (net.cost == .mse
              ? M(", n = \(net.sizes[depthL])", latex: ",\\ n = \(net.sizes[depthL])") : M("")))
      ]),
      .subheading("Numbers (sample \(tracedSample))"),
      labeled(y, column(sample.target)),
      .equations([
        DerivationEquation(costSymbol, [num(net.cost(of: sample))])
      ]),
    ]
    if samples.count > 1, let mean = gradients.cost {
      blocks.append(
        .paragraph([
          t("Mean over the \(samples.count) samples: "),
          m(
            meanCost + .equals
              + M("(1/m) ", latex: "\\frac{1}{m}")
              + .sum("s") + sampleCost + .equals + num(mean)),
          t(", a scalar ("), m(.shape(1, 1)), t(") like each "),
          m(sampleCost), t("."),
        ]))
    }
    return blocks
  }

  // MARK: 5. Backward pass

  func chain(_ l: Int) -> ChainRule {
    net.chainRule(forDeltaOf: l, trace: trace, target: sample.target)
  }

  /// The recursion for δ^l (l < L) as a column: `(W^(l+1))ᵀ δ^(l+1) ⊙ f′(z^l)` for an
  /// element-wise activation, `(∂a^l/∂z^l)ᵀ (W^(l+1))ᵀ δ^(l+1)` for softmax.
  func recursion(_ l: Int) -> M { d(l) + .equals + recursionRHS(l) }

  /// The right-hand side of `recursion(l)`.
  func recursionRHS(_ l: Int) -> M {
    let up = M.parens(w(l + 1)) + .transpose + .space + d(l + 1)
    if net.activation(l).isElementwise { return up + .hadamard + fPrime(l, z(l)) }
    return .parens(.derivative(a(l), z(l))) + .transpose + .space + up
  }

  /// The shapes of `recursion(l)`, e.g. `(3×2)(2×1) ⊙ (3×1) → 3×1`.
  func recursionShapes(_ l: Int) -> M {
    let n = net.sizes[l]
    let up = M.parens(.shape(n, net.sizes[l + 1])) + colShape(net.sizes[l + 1])
    let to = arrow + .shape(n, 1)
    if net.activation(l).isElementwise { return up + .hadamard + colShape(n) + to }
    return .parens(.shape(n, n)) + up + to
  }

  func backwardSection() -> [DerivationBlock] {
    var blocks: [DerivationBlock] = []
    if options.view.includes(.jacobian) { blocks += jacobianForm() }
    if options.view.includes(.index) { blocks += indexForm() }
    if options.view.includes(.matrix) { blocks += matrixForm() }
    for l in layers.reversed() { blocks += layerNumbers(l) }
    return blocks
  }

  func jacobianForm() -> [DerivationBlock] {
    var blocks: [DerivationBlock] = [
      .subheading("Chain rule as a product of Jacobians"),
      .paragraph([
        t("Each error "), m(.delta("l")), t(" = "),
        m(.derivative(costSymbol, .symbol("z", sup: "l"))),
        t(
          " is the product of the local Jacobians on the way from the cost down to that layer, "
            + "read left to right (outermost first)."),
      ]),
    ]
    for l in layers.reversed() {
      let c = chain(l)
      let last = c.factors[c.factors.count - 1]
      var lines = [
        DerivationEquation(d(l), [.derivative(costSymbol, z(l)), chainMath(c)])
      ]
      lines.append(
        DerivationEquation(
          M("shapes", latex: "\\text{shapes}"),
          [shapesMath(c) + arrow + .shape(1, last.columns)]))
      blocks.append(.equations(lines))
      let diagonal = c.factors.filter {
        if case .diagonal = $0.structure { return true }
        if case .identity = $0.structure { return true }
        return false
      }
      var text: [DerivationInline] = []
      if diagonal.isEmpty {
        text.append(t("No factor is diagonal"))
      } else {
        text.append(t("Diagonal (element-wise activation): "))
        for (n, j) in diagonal.enumerated() {
          if n > 0 { text.append(t(", ")) }
          text.append(m(jacobianSymbol(j)))
        }
      }
      let dense = c.factors.filter {
        if case .dense = $0.structure { return true } else { return false }
      }
      if !dense.isEmpty {
        text.append(t("; dense: "))
        for (n, j) in dense.enumerated() {
          if n > 0 { text.append(t(", ")) }
          text.append(m(factorLabel(j)))
        }
      }
      text.append(t("."))
      blocks.append(.paragraph(text))
      if l < depthL {
        blocks.append(
          .paragraph([
            t("The first \(c.factors.count - 2) factors are "), m(d(l + 1)),
            t(" (a row), so "),
            m(
              d(l) + .equals + d(l + 1) + .dot + w(l + 1) + .dot
                + jacobianSymbol(c.factors[c.factors.count - 1])),
            t("; as a column this is the recursion "),
            m(recursion(l)),
            t(net.activation(l).isElementwise ? "." : " (softmax has a dense Jacobian)."),
          ]))
      }
    }
    return blocks
  }

  func indexForm() -> [DerivationBlock] {
    let zl = M.symbol("z", sup: "l", sub: ["j"])
    let dl = M.delta("l", sub: ["j"])
    let dk = M.delta("l+1", sub: ["k"])
    let dm = M.delta("l+2", sub: ["m"])
    let wkj = M.symbol("W", sup: "l+1", sub: ["k", "j"])
    let wmk = M.symbol("W", sup: "l+2", sub: ["m", "k"])
    let fz = M.fPrime + .parens(zl)
    let fzk = M.fPrime + .parens(.symbol("z", sup: "l+1", sub: ["k"]))
    let zk = M.symbol("z", sup: "l+1", sub: ["k"])
    return [
      .subheading("Index form"),
      .paragraph([
        t(
          "Neuron j of layer l reaches the cost only through every neuron k of layer l+1, so "
            + "the chain rule sums over k:")
      ]),
      .equations([
        DerivationEquation(
          dl,
          [
            M.sum("k") + .derivative(costSymbol, zk) + .space
              + .derivative(zk, .symbol("a", sup: "l", sub: ["j"]))
              + .space + .derivative(.symbol("a", sup: "l", sub: ["j"]), zl),
            M.sum("k") + dk + .space + wkj + .space + fz,
          ])
      ]),
      .paragraph([
        t(
          "Unrolled to the cost, this is a sum over every path j -> k -> m -> ... -> C of "
            + "the product of the local derivatives along it. Swapping the order of the sums, "
            + "so that the sums over the layers above l+1 are done first, groups each inner sum "
            + "into the error of layer l+1:")
      ]),
      .equations([
        DerivationEquation(
          dl,
          [
            M.sum("k") + M.sum("m") + dm + .space + wmk + .space + fzk + .space + wkj + .space + fz,
            M.sum("k") + M("[", latex: "\\Big[") + M.sum("m") + dm + .space + wmk + .space + fzk
              + M("]", latex: "\\Big]") + .space + wkj + .space + fz,
            M.sum("k") + dk + .space + wkj + .space + fz,
          ])
      ]),
      .paragraph([
        t("At the output, "),
        m(
          .delta("L", sub: ["j"]) + .equals + M.sum("i")
            + .derivative(costSymbol, .symbol("a", sup: "L", sub: ["i"]))
            + .space
            + .derivative(.symbol("a", sup: "L", sub: ["i"]), .symbol("z", sup: "L", sub: ["j"]))),
        t("; for an element-wise activation only the term with i equal to j survives."),
      ]),
    ]
  }

  func matrixForm() -> [DerivationBlock] {
    let aL = M.symbol("a", sup: "L")
    let zL = M.symbol("z", sup: "L")
    let zl = M.symbol("z", sup: "l")
    return [
      .subheading("Matrix form (BP1-BP4)"),
      .equations([
        DerivationEquation(
          .delta("L"),
          [
            .parens(.derivative(aL, zL)) + .transpose + .space + gradC,
            gradC + .hadamard + M.fPrime + .parens(zL),
          ],
          comment: .words("BP1 ") + gshape(n("L"), n("L")) + .transpose
            + gshape(n("L"), .plain("1"))
            + arrow + n("L") + M("×1", ascii: "x1", latex: "\\times 1")),
        DerivationEquation(
          .delta("l"),
          [
            .parens(.parens(.symbol("W", sup: "l+1")) + .transpose + .space + .delta("l+1"))
              + .hadamard + M.fPrime + .parens(zl)
          ],
          comment: .words("BP2 ") + gshape(n("l"), n("l+1")) + gshape(n("l+1"), .plain("1"))
            + .hadamard + gshape(n("l"), .plain("1"))),
        DerivationEquation(
          .derivative(costSymbol, .symbol("b", sup: "l")), [.delta("l")],
          comment: .words("BP3 ") + gshape(n("l"), .plain("1"))),
        DerivationEquation(
          .derivative(costSymbol, .symbol("W", sup: "l")),
          [.delta("l") + .space + .parens(.symbol("a", sup: "l-1")) + .transpose],
          comment: .words("BP4 ") + gshape(n("l"), .plain("1")) + gshape(.plain("1"), n("l-1"))
            + arrow + n("l") + M("×", ascii: "x", latex: "\\times ") + n("l-1")),
      ]),
      .paragraph([
        t(
          "The second form of BP1 and the element-wise product in BP2 hold for an "
            + "element-wise activation f; for softmax "), m(.derivative(aL, zL)),
        t(" is dense and BP2 becomes "),
        m(
          .parens(.derivative(.symbol("a", sup: "l"), zl)) + .transpose + .space
            + .parens(.symbol("W", sup: "l+1")) + .transpose + .space + .delta("l+1")),
        t(". Here "), m(n("l")), t(" is the size of layer l."),
      ]),
    ]
  }

  /// `diag(a) − a aᵀ`, the Jacobian of softmax.
  var softmaxJacobianFormula: M {
    M("diag(a) − a aᵀ", ascii: "diag(a) - a a^T", latex: "\\operatorname{diag}(a) - a a^{\\top}")
  }

  /// Whether the output layer has a fused error (sigmoid with cross-entropy, softmax with
  /// categorical cross-entropy), which backprop computes without the general chain.
  var hasFusedOutputDelta: Bool { net.cost.isFused(with: net.activation(depthL)) }

  func layerNumbers(_ l: Int) -> [DerivationBlock] {
    var blocks: [DerivationBlock] = [.subheading("Layer \(l) (sample \(tracedSample))")]
    if options.layer != nil && l < depthL {
      blocks.append(
        .paragraph([
          t("From the layer above (see --layer \(l + 1)), "), m(d(l + 1)),
          t(" is the prefix of the chain:"),
        ]))
      blocks.append(labeled(d(l + 1), column(back.delta[l + 1])))
    }
    let c = chain(l)
    let prefixes = c.prefixValues()
    let chainProduct = prefixes[c.factors.count - 1]
    if options.view.includes(.jacobian) { blocks += jacobianNumbers(l, c, product: chainProduct) }
    if options.view.includes(.matrix) { blocks += matrixNumbers(l) }
    if options.view.includes(.index) && listsEveryParameter {
      blocks.append(.equations(indexNumbers(l)))
    }
    blocks.append(labeled(d(l), column(back.delta[l])))
    if l == depthL && hasFusedOutputDelta {
      blocks += simplification(c, general: chainProduct)
    }
    return blocks
  }

  /// The factors of `c` that are new at layer `l` (∂C/∂aᴸ and ∂aᴸ/∂zᴸ at the top, else
  /// W and ∂a/∂z), then the chain's product.
  func jacobianNumbers(_ l: Int, _ c: ChainRule, product: [Double]) -> [DerivationBlock] {
    let fresh = l == depthL ? Array(c.factors) : Array(c.factors.suffix(2))
    var blocks = fresh.map { labeled(factorLabel($0), $0.matrix) }
    blocks.append(
      display([
        .math(M("chain product", latex: "\\text{chain product}") + .equals),
        .matrix(row(product)),
      ]))
    return blocks
  }

  /// δˡ in matrix form: BP1 at the output (∇ₐC and f′ or the softmax Jacobian), else the
  /// recursion from (Wˡ⁺¹)ᵀ δˡ⁺¹.
  func matrixNumbers(_ l: Int) -> [DerivationBlock] {
    let act = net.activation(l)
    let nl = net.sizes[l]
    var blocks: [DerivationBlock] = []
    if l == depthL {
      let g = net.cost.gradient(trace.output, target: sample.target)
      blocks.append(labeled(gradC, column(g)))
      if act.isElementwise {
        blocks.append(labeled(fPrime(l, z(l)), fPrimeColumn(l)))
        blocks.append(
          .equations([
            DerivationEquation(
              d(l), [gradC + .hadamard + fPrime(l, z(l))],
              comment: colShape(nl) + .hadamard + colShape(nl) + arrow + .shape(nl, 1))
          ]))
      } else {
        blocks.append(
          .equations([
            DerivationEquation(
              d(l), [.parens(.derivative(a(l), z(l))) + .transpose + .space + gradC],
              comment: .parens(.shape(nl, nl)) + .transpose + colShape(nl) + arrow
                + .shape(nl, 1))
          ]))
        blocks.append(
          .paragraph([
            t("with "), m(.derivative(a(l), z(l)) + .equals + softmaxJacobianFormula),
            t(" (softmax is not element-wise)."),
          ]))
      }
      return blocks
    }
    let up = net.weight(l + 1).transposeMultiplied(by: back.delta[l + 1])
    blocks.append(labeled(.parens(w(l + 1)) + .transpose + .space + d(l + 1), column(up)))
    if act.isElementwise {
      blocks.append(labeled(fPrime(l, z(l)), fPrimeColumn(l)))
    } else {
      blocks.append(
        .paragraph([
          t("Softmax is not element-wise: "),
          m(.derivative(a(l), z(l)) + .equals + softmaxJacobianFormula),
          t(" is a dense "), m(.shape(nl, nl)), t(" matrix."),
        ]))
    }
    blocks.append(
      .equations([DerivationEquation(d(l), [recursionRHS(l)], comment: recursionShapes(l))]))
    return blocks
  }

  /// The fused output error of sigmoid with cross-entropy (δᴸ = aᴸ − y) and of softmax
  /// with categorical cross-entropy (δᴸ = aᴸ Σy − y, which is aᴸ − y only when Σy = 1),
  /// compared with the general chain `general` (∂C/∂aᴸ · ∂aᴸ/∂zᴸ, a row).
  ///
  /// The fused numbers are `Cost.fusedOutputDelta(z:a:target:outputActivation:)`, the form
  /// backprop uses, so they equal δᴸ above.
  func simplification(_ c: ChainRule, general: [Double]) -> [DerivationBlock] {
    let target = sample.target
    guard
      let simple = net.cost.fusedOutputDelta(
        z: trace.z[depthL], a: trace.output, target: target,
        outputActivation: net.activation(depthL))
    else { return [] }
    let softmax = net.activation(depthL) == .softmax
    let total = target.reduce(0, +)
    let pair = softmax ? "softmax with categorical cross-entropy" : "sigmoid with cross-entropy"
    let shapes = M.space + .parens(.shape(net.sizes[depthL], 1))
    var blocks: [DerivationBlock] = []
    let sumY = M("Σᵢ yᵢ", ascii: "sum_i y_i", latex: "\\sum_{i} y_{i}")
    let simpleLabel: M
    if softmax {
      simpleLabel = a(depthL) + .space + .parens(sumY) + .minus + y
      blocks.append(
        .note([
          t("For \(pair) the general chain simplifies: the factors "),
          m(jacobianSymbol(c.factors[0])), t(" and "), m(jacobianSymbol(c.factors[1])),
          t(" multiply out to "), m(d(depthL) + .equals + simpleLabel + shapes),
          t(", which is "), m(a(depthL) + .minus + y),
          t(
            " only when the target sums to 1 (a probability vector); here "),
          m(sumY + .equals + num(total)), t("."),
        ]))
    } else {
      simpleLabel = a(depthL) + .minus + y
      blocks.append(
        .note([
          t("For \(pair) the general chain simplifies: the factors "),
          m(jacobianSymbol(c.factors[0])), t(" and "), m(jacobianSymbol(c.factors[1])),
          t(" multiply out to "), m(d(depthL) + .equals + simpleLabel + shapes), t("."),
        ]))
    }
    blocks.append(labeled(simpleLabel, column(simple)))
    let finite = general.allSatisfy(\.isFinite)
    if finite {
      let diff = zip(simple, general).map { abs($0 - $1) }.max() ?? 0
      blocks.append(
        .paragraph([
          t(
            "The general chain and the simplified form give the same numbers (largest "
              + "difference " + NumberFormat.brief(diff) + ").")
        ]))
    } else {
      blocks.append(
        .paragraph([
          t("The general chain cannot be evaluated here: an output rounds to exactly 0 or 1, so "),
          t("the factor "), m(.derivative(costSymbol, a(depthL))),
          t(" divides by zero and gives nan or inf. The simplified form never divides by "),
          m(a(depthL)), t(" or "), m(M.plain("1") + .minus + a(depthL)),
          t(", and is what backprop uses (the numbers of "), m(d(depthL)), t(" above)."),
        ]))
    }
    return blocks
  }

  /// δᴸⱼ by the fused output error: aᴸⱼ − yⱼ (sigmoid with cross-entropy) or aᴸⱼ Σᵢ yᵢ − yⱼ
  /// (softmax with categorical cross-entropy), with the printed numbers.
  func fusedIndexEquation(_ j: Int) -> DerivationEquation {
    let js = String(j)
    let aj = trace.output[j]
    let yj = sample.target[j]
    let ySym = M.symbol("y", sub: [js])
    let value = back.delta[depthL][j]
    let comment = M(
      "fused form: ∂C/∂a is not finite", ascii: "fused form: dC/da is not finite",
      latex: "\\text{fused form: } \\frac{\\partial C}{\\partial a} \\text{ is not finite}")
    if net.activation(depthL) == .softmax {
      let total = sample.target.reduce(0, +)
      return DerivationEquation(
        d(depthL, [js]),
        [
          a(depthL, [js]) + .space
            + .parens(M("Σᵢ yᵢ", ascii: "sum_i y_i", latex: "\\sum_{i} y_{i}")) + .minus + ySym,
          factor(aj) + .dot + factor(total) + .minus + factor(yj), num(value),
        ], comment: comment)
    }
    return DerivationEquation(
      d(depthL, [js]),
      [a(depthL, [js]) + .minus + ySym, num(aj) + .minus + factor(yj), num(value)],
      comment: comment)
  }

  /// δˡⱼ for every neuron j of layer `l` as a sum of products of printed numbers.
  ///
  /// Softmax terms use the entries of the library's `activationJacobian(l)`, so that they
  /// add up to the δ that backprop computed.
  func indexNumbers(_ l: Int) -> [DerivationEquation] {
    let act = net.activation(l)
    let n = net.sizes[l]
    let jacobian = activationJacobian(l)
    if l == depthL {
      let g = net.cost.gradient(trace.output, target: sample.target)
      return (0..<n).map { j in
        let js = String(j)
        let value = back.delta[l][j]
        let finite = (0..<n).allSatisfy { i in
          act.isElementwise
            ? g[j].isFinite && jacobian[j, j].isFinite
            : g[i].isFinite && jacobian[i, j].isFinite
        }
        if hasFusedOutputDelta && !finite {
          // The general factors are not numbers (an output rounded to 0 or 1 inside a
          // logarithm): the fused form backprop uses is the honest equation.
          return fusedIndexEquation(j)
        }
        if act.isElementwise {
          return DerivationEquation(
            d(l, [js]),
            [
              .derivative(costSymbol, a(l, [js])) + .space + fPrime(l, z(l, [js])),
              factor(g[j]) + .dot + factor(jacobian[j, j]), num(value),
            ])
        }
        let terms = (0..<n).map { i in factor(g[i]) + .dot + factor(jacobian[i, j]) }
        return DerivationEquation(
          d(l, [js]),
          [
            M.sum("i") + .derivative(costSymbol, a(l, ["i"])) + .space
              + .derivative(a(l, ["i"]), z(l, [js])),
            M.joined(terms, separator: .plus), num(value),
          ])
      }
    }
    if !act.isElementwise {
      // Softmax: δˡⱼ = Σᵢ ((Wˡ⁺¹)ᵀ δˡ⁺¹)ᵢ ∂aˡᵢ/∂zˡⱼ, a sum over the whole layer.
      let up = net.weight(l + 1).transposeMultiplied(by: back.delta[l + 1])
      let upSym = M.parens(.parens(w(l + 1)) + .transpose + .space + d(l + 1))
      let upEntry = M(
        upSym.unicode + "ᵢ", ascii: upSym.ascii + "_i", latex: upSym.latex + "_{i}")
      return (0..<n).map { j in
        let js = String(j)
        let terms = (0..<n).map { i in factor(up[i]) + .dot + factor(jacobian[i, j]) }
        return DerivationEquation(
          d(l, [js]),
          [
            M.sum("i") + upEntry + .space + .derivative(a(l, ["i"]), z(l, [js])),
            M.joined(terms, separator: .plus), num(back.delta[l][j]),
          ])
      }
    }
    let weights = net.weight(l + 1)
    return (0..<n).map { j in
      let js = String(j)
      let terms = (0..<net.sizes[l + 1]).map { upper in
        factor(back.delta[l + 1][upper]) + .dot + factor(weights[upper, j])
      }
      return DerivationEquation(
        d(l, [js]),
        [
          M.sum("k") + d(l + 1, ["k"]) + .space + w(l + 1, ["k", js]) + .space
            + fPrime(l, z(l, [js])),
          .parens(M.joined(terms, separator: .plus)) + .dot + factor(jacobian[j, j]),
          num(back.delta[l][j]),
        ])
    }
  }

  // MARK: 6. Gradients

  func gradientSection() -> [DerivationBlock] {
    var blocks: [DerivationBlock] = [
      .equations([
        DerivationEquation(
          .derivative(costSymbol, .symbol("W", sup: "l")),
          [.delta("l") + .space + .parens(.symbol("a", sup: "l-1")) + .transpose],
          comment: gshape(n("l"), .plain("1")) + gshape(.plain("1"), n("l-1")) + arrow + n("l")
            + M("×", ascii: "x", latex: "\\times ") + n("l-1")),
        DerivationEquation(
          .derivative(costSymbol, .symbol("b", sup: "l")), [.delta("l")],
          comment: gshape(n("l"), .plain("1"))),
      ]),
      .paragraph([
        t("because "),
        m(
          M.symbol("z", sup: "l", sub: ["j"]) + .equals + M.sum("k")
            + M.symbol("W", sup: "l", sub: ["j", "k"]) + .space
            + M.symbol("a", sup: "l-1", sub: ["k"]) + .plus + M.symbol("b", sup: "l", sub: ["j"])),
        t(": a weight reaches the cost only through its own neuron's z."),
      ]),
      .subheading("Numbers (sample \(tracedSample))"),
    ]
    let steps = net.weightGradients(trace, back)
    for l in layers {
      let step = steps[l - 1]
      let dW = M.derivative(costSymbol, w(l))
      if summarizesMatrices {
        blocks.append(labeled(dW, step.weights))
      } else {
        blocks.append(
          display([
            .math(dW + .equals), .matrix(column(step.delta)), .matrix(row(step.previousActivation)),
            .math(.equals), .matrix(step.weights),
          ]))
      }
      blocks.append(labeled(.derivative(costSymbol, b(l)), column(step.biases)))
    }
    if samples.count > 1 { blocks += meanGradients() }
    if listsEveryParameter {
      blocks.append(.subheading("Every parameter in index form (sample \(tracedSample))"))
      blocks.append(.equations(indexListing(steps)))
    } else {
      blocks.append(
        .note([
          t(
            "The index form of each of the \(net.parameterCount) parameters is left out; it is "
              + "listed for networks of at most \(options.listParametersUpTo) parameters.")
        ]))
    }
    return blocks
  }

  /// ∂C̄/∂Wˡ and ∂C̄/∂bˡ, the means over the samples (the library's `gradients(over:)`).
  func meanGradients() -> [DerivationBlock] {
    var blocks: [DerivationBlock] = []
    blocks.append(.subheading("Mean over the \(samples.count) samples"))
    blocks.append(
      .equations([
        DerivationEquation(
          .derivative(meanCost, .symbol("W", sup: "l")),
          [
            M("(1/m) ", latex: "\\frac{1}{m}") + .sum("s")
              + .derivative(sampleCost, .symbol("W", sup: "l"))
          ],
          comment: .words("each ") + gshape(n("l"), n("l-1")) + .words(", m = \(samples.count)")),
        DerivationEquation(
          .derivative(meanCost, .symbol("b", sup: "l")),
          [
            M("(1/m) ", latex: "\\frac{1}{m}") + .sum("s")
              + .derivative(sampleCost, .symbol("b", sup: "l"))
          ],
          comment: .words("each ") + gshape(n("l"), .plain("1"))),
      ]))
    for l in layers {
      blocks.append(labeled(.derivative(meanCost, w(l)), gradients.weights[l - 1]))
      blocks.append(labeled(.derivative(meanCost, b(l)), column(gradients.biases[l - 1])))
    }
    return blocks
  }

  /// ∂C/∂Wˡⱼₖ = δˡⱼ aˡ⁻¹ₖ and ∂C/∂bˡⱼ = δˡⱼ for every parameter of the shown layers, with the
  /// numbers of the traced sample's `steps`.
  func indexListing(_ steps: [WeightGradient]) -> [DerivationEquation] {
    var lines: [DerivationEquation] = []
    for l in layers {
      let step = steps[l - 1]
      for j in 0..<net.sizes[l] {
        for kk in 0..<net.sizes[l - 1] {
          lines.append(
            DerivationEquation(
              .derivative(costSymbol, w(l, [String(j), String(kk)])),
              [
                d(l, [String(j)]) + .space + a(l - 1, [String(kk)]),
                factor(step.delta[j]) + .dot + factor(step.previousActivation[kk]),
                num(step.weight(row: j, column: kk)),
              ]))
        }
      }
      for j in 0..<net.sizes[l] {
        lines.append(
          DerivationEquation(
            .derivative(costSymbol, b(l, [String(j)])), [d(l, [String(j)]), num(step.biases[j])]))
      }
    }
    return lines
  }

  // MARK: Parameter paths

  /// One path from the cost down to a parameter of layer l, top layer first: at each layer
  /// m from L down to l, `preActivationIndices` holds the neuron whose z the path passes
  /// and `activationIndices` the neuron whose a it passes (the same neuron unless layer m
  /// is softmax).
  struct Path {
    var preActivationIndices: [Int]
    var activationIndices: [Int]
  }

  /// `a · b`, or `Int.max` when that overflows.
  func saturatingProduct(_ a: Int, _ b: Int) -> Int {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? Int.max : product
  }

  func paths(to p: ParameterIndex, limit: Int) -> (paths: [Path], count: Int) {
    let l = p.layer
    let j = p.indices[0]
    // Count: each layer above l chooses a z neuron; every softmax layer ≥ l also an a neuron.
    var count = 1
    for layer in l...depthL {
      if layer > l { count = saturatingProduct(count, net.sizes[layer]) }
      if !net.activation(layer).isElementwise { count = saturatingProduct(count, net.sizes[layer]) }
    }
    guard count <= limit else { return ([], count) }
    var result: [Path] = []
    // Walk up from layer l: partial paths are listed bottom-up, then reversed.
    func extend(_ layer: Int, _ zi: Int, _ preActivationIndices: [Int], _ activationIndices: [Int])
    {
      let choices = net.activation(layer).isElementwise ? [zi] : Array(0..<net.sizes[layer])
      for ai in choices {
        if layer == depthL {
          result.append(
            Path(
              preActivationIndices: (preActivationIndices + [zi]).reversed(),
              activationIndices: (activationIndices + [ai]).reversed()))
        } else {
          for next in 0..<net.sizes[layer + 1] {
            extend(layer + 1, next, preActivationIndices + [zi], activationIndices + [ai])
          }
        }
      }
    }
    extend(l, j, [], [])
    return (result, count)
  }

  /// The parameter `p` as a symbol, the input it multiplies (`1` for a bias) as a symbol,
  /// and that input's value in the traced sample.
  func parameterInput(_ p: ParameterIndex) -> (parameter: M, input: M, value: Double) {
    let l = p.layer
    switch p.kind {
    case .weight(let j, let kk):
      return (w(l, [String(j), String(kk)]), a(l - 1, [String(kk)]), trace.a[l - 1][kk])
    case .bias(let j):
      return (b(l, [String(j)]), .plain("1"), 1)
    }
  }

  /// The product of the local derivatives along `path` to `p`, outermost first, numbered
  /// `number`, and its value. `jacobians[m − p.layer]` is `activationJacobian(m)`.
  func pathEquation(
    _ path: Path, number: Int, to p: ParameterIndex, jacobians: [Jacobian],
    outputGradient g: [Double]
  ) -> (equation: DerivationEquation, value: Double) {
    let l = p.layer
    let (pm, _, inputValue) = parameterInput(p)
    var sym: [M] = []
    var nums: [Double] = []
    let top = path.activationIndices[0]
    sym.append(.derivative(costSymbol, a(depthL, [String(top)])))
    nums.append(g[top])
    for (i, layer) in (l...depthL).reversed().enumerated() {
      let ai = path.activationIndices[i]
      let zi = path.preActivationIndices[i]
      sym.append(.derivative(a(layer, [String(ai)]), z(layer, [String(zi)])))
      nums.append(jacobians[layer - l][ai, zi])
      if layer > l {
        let below = path.activationIndices[i + 1]
        sym.append(w(layer, [String(zi), String(below)]))
        nums.append(net.weight(layer)[zi, below])
      }
    }
    sym.append(.derivative(z(l, [String(p.indices[0])]), pm))
    nums.append(inputValue)
    let value = nums.reduce(1, *)
    let equation = DerivationEquation(
      M("path \(number)", latex: "\\text{path } \(number)"),
      [M.joined(sym, separator: .dot), M.joined(nums.map(factor), separator: .dot), num(value)])
    return (equation, value)
  }

  /// Every path to `p` with its product and the sum over the paths, or a note when there
  /// are more than `options.maxListedPaths`.
  func pathListing(to p: ParameterIndex) -> [DerivationBlock] {
    let (list, count) = paths(to: p, limit: options.maxListedPaths)
    guard !list.isEmpty else {
      return [
        .note([
          t(
            (count == Int.max
              ? "There are more paths than a 64-bit integer can count (over 9.2e18)"
              : "There are \(count) paths")
              + ", too many to list one by one (the limit is \(options.maxListedPaths)); the "
              + "recursion below adds them all."
          )
        ])
      ]
    }
    let g = net.cost.gradient(trace.output, target: sample.target)
    let jacobians = (p.layer...depthL).map(activationJacobian)
    let listed = list.enumerated().map { (n, path) in
      pathEquation(path, number: n + 1, to: p, jacobians: jacobians, outputGradient: g)
    }
    let values = listed.map(\.value)
    return [
      .paragraph([
        t("There \(count == 1 ? "is 1 path" : "are \(count) paths") (sample \(tracedSample)):")
      ]),
      .equations(listed.map(\.equation)),
      .equations([
        DerivationEquation(
          .derivative(costSymbol, parameterInput(p).parameter),
          [
            M("Σ over paths", ascii: "sum over paths", latex: "\\sum_{\\text{paths}}"),
            M.joined(values.map(factor), separator: .plus), num(values.reduce(0, +)),
          ])
      ]),
    ]
  }

  func parameterSection(_ p: ParameterIndex) -> [DerivationBlock] {
    let l = p.layer
    let j = p.indices[0]
    let js = String(j)
    let (pm, last, lastValue) = parameterInput(p)
    let isBias = !p.isWeight
    var blocks: [DerivationBlock] = [
      .paragraph([
        m(pm), t(" enters the network only through "), m(z(l, [js])), t(", with "),
        m(
          .derivative(z(l, [js]), pm) + .equals
            + (isBias ? num(1) : last + .equals + num(lastValue))),
        t(
          ". From there every path to the cost passes one neuron of each layer above; "
            + "the chain rule adds the products of the local derivatives along all paths."),
      ])
    ]
    blocks += pathListing(to: p)
    let delta = back.delta[l][j]
    let step = net.weightGradients(trace, back)[l - 1]
    let analytic: Double
    switch p.kind {
    case .weight(let row, let column): analytic = step.weight(row: row, column: column)
    case .bias(let row): analytic = step.biases[row]
    }
    blocks.append(
      .paragraph([
        t(
          "Swapping the sums (adding the paths layer by layer from the top) gives backprop's "
            + (isBias
              ? "answer, the error of the neuron (a bias's input is 1):"
              : "answer, the error of the neuron times the parameter's input:"))
      ]))
    blocks.append(
      .equations([
        isBias
          ? DerivationEquation(.derivative(costSymbol, pm), [d(l, [js]), num(analytic)])
          : DerivationEquation(
            .derivative(costSymbol, pm),
            [d(l, [js]) + .space + last, factor(delta) + .dot + factor(lastValue), num(analytic)])
      ]))
    if samples.count > 1 {
      blocks.append(
        .paragraph([
          t("Mean over the \(samples.count) samples: "),
          m(.derivative(costSymbol, pm) + .equals + num(gradients[p])), t("."),
        ]))
    }
    return blocks
  }

  // MARK: 7. Check

  func checkedParameters() -> (indices: [ParameterIndex], complete: Bool) {
    if let p = options.parameter { return ([p], true) }
    let all = net.parameterIndices.filter { options.layer == nil || $0.layer == options.layer }
    if all.count <= options.checkAllUpTo { return (all, true) }
    var rng = SplitMix64(seed: options.seed)
    var chosen: [ParameterIndex] = []
    for l in layers {
      let inLayer = all.filter { $0.layer == l }
      var picked = Set<Int>()
      let want = min(options.checkSamplePerLayer, inLayer.count)
      while picked.count < want { picked.insert(rng.nextInt(below: inLayer.count)) }
      chosen += picked.sorted().map { inLayer[$0] }
    }
    return (chosen, false)
  }

  /// The check runs the Checking library's `GradientCheck` (central differences), so it
  /// applies gradcheck's rule |a − n| ≤ atol + rtol · max(|a|, |n|) and re-checks entries
  /// whose step crosses a relu kink: a kink whose re-check agrees (or finds no clear step) is
  /// counted apart, one whose every re-check disagrees is a failure.
  func runCheck() -> DerivationCheck {
    let (indices, complete) = checkedParameters()
    // gradcheck's options, with its default atol grown with max(1, |C|) as `run` does.
    let checkOptions = GradientCheck.scaledForCost(
      GradientCheckOptions(
        method: .central, epsilon: options.step, rtol: options.rtol, atol: options.atol,
        seed: options.seed, diagnose: false),
      network: net, samples: samples)
    let results = GradientCheck.check(
      network: net, samples: samples, analytic: gradients, indices: indices,
      options: checkOptions)
    let tolerance = checkOptions.resolvedTolerance
    let entries = results.map(DerivationCheck.Entry.init)
    return DerivationCheck(
      entries: entries, parameterCount: net.parameterCount, isComplete: complete,
      step: checkOptions.resolvedEpsilon, rtol: tolerance.rtol, atol: tolerance.atol)
  }

  func checkSection(_ check: DerivationCheck) -> [DerivationBlock] {
    let hm = M.plain("h")
    let theta = M("θ", ascii: "theta", latex: "\\theta")
    var blocks: [DerivationBlock] = [
      .paragraph([
        t(
          "Each parameter is nudged both ways and the mean cost over all samples recomputed "
            + "by forward passes only (the Checking library, as in gradcheck), without backprop:")
      ]),
      .equations([
        DerivationEquation(
          .derivative(costSymbol, theta),
          [
            M(
              "(C(θ + h) − C(θ − h)) / 2h", ascii: "(C(theta + h) - C(theta - h)) / 2h",
              latex: "\\frac{C(\\theta + h) - C(\\theta - h)}{2h}")
          ],
          comment: hm + .equals
            + M(
              NumberFormat.brief(check.step),
              latex: NumberFormat.latex(NumberFormat.brief(check.step))))
      ]),
    ]
    if !check.isComplete {
      blocks.append(
        .paragraph([
          t(
            "The network has \(check.parameterCount) parameters, so a seeded sample of "
              + "\(options.checkSamplePerLayer) per layer (seed \(options.seed)) is checked.")
        ]))
    }
    blocks.append(checkRule(check))
    blocks.append(checkTable(check))
    var sentence = verdictSentence(check)
    if check.crossedKinkCount > 0 {
      blocks.append(.note([t(kinkNote(check))]))
      if check.kinkCount > 0 {
        sentence +=
          " (\(check.kinkCount) more at \(check.kinkCount == 1 ? "a kink" : "kinks"), "
          + "counted apart.)"
      }
    }
    if let c = gradients.cost, !c.isFinite {
      blocks.append(
        .note([
          t(
            "The cost is not finite (an output reached exactly 0 or 1 inside a logarithm, "
              + "or the numbers overflowed), so its derivatives are not numbers either.")
        ]))
    }
    blocks.append(.verdict(passed: check.passed, [t(sentence)]))
    return blocks
  }

  /// What the kinks are and how each was re-checked, in gradcheck's words.
  func kinkNote(_ check: DerivationCheck) -> String {
    let crossed = check.crossedKinkCount
    let kinks = check.entries.filter(\.kink)
    let agreeing = kinks.filter { $0.passed && $0.recheck?.agrees == true }.count
    let unclear = kinks.filter { $0.passed && $0.recheck?.agrees != true }.count
    let failed = kinks.filter { !$0.passed }.count
    var outcome: [String] = []
    if agreeing > 0 { outcome.append("\(agreeing) agree (kink, re-check ok: counted apart)") }
    if failed > 0 {
      outcome.append("\(failed) disagree (kink, re-check failed: counted as failures)")
    }
    if unclear > 0 { outcome.append("\(unclear) found no clear step (kink, not judged)") }
    return "\(crossed == 1 ? "1 parameter" : "\(crossed) parameters") crossed a kink: nudging "
      + "by h changes which units are active (a relu-type activation has z = 0 within the "
      + "step), so the cost is not differentiable there and the central difference averages "
      + "two one-sided slopes. As in gradcheck, each was re-checked with smaller or one-sided "
      + "steps clear of every kink (either one-sided slope is accepted): "
      + outcome.joined(separator: ", ") + "."
  }

  /// gradcheck's rule |a − n| ≤ atol + rtol · max(|a|, |n|) with the check's tolerances.
  func checkRule(_ check: DerivationCheck) -> DerivationBlock {
    let an = M.plain("a")
    let nn = M.plain("n")
    let bars = { (x: M) -> M in M("|", latex: "\\lvert ") + x + M("|", latex: "\\rvert ") }
    return .paragraph([
      t("An entry is ok when "),
      m(
        bars(an + .minus + nn) + M(" ≤ ", ascii: " <= ", latex: " \\le ")
          + M("atol", latex: "\\mathrm{atol}") + .plus + M("rtol", latex: "\\mathrm{rtol}")
          + M(" · ", ascii: " * ", latex: " \\cdot ")
          + M("max", latex: "\\max") + .parens(bars(an) + M(", ") + bars(nn))),
      t(
        " (a backprop, n central difference), with gradcheck's rtol = "
          + NumberFormat.brief(check.rtol) + " and atol = "
          + NumberFormat.brief(check.atol) + "."),
    ])
  }

  /// One row per checked parameter: backprop, central difference, relative error, status.
  func checkTable(_ check: DerivationCheck) -> DerivationBlock {
    let rows: [[[DerivationInline]]] = check.entries.map { e in
      let status = e.statusLabel
      return [
        [m(paramMath(e.index))], [t(fmt.string(e.analytic))],
        [t(fmt.string(e.numeric))], [t(NumberFormat.brief(e.relativeError))],
        [t(status)],
      ]
    }
    return .table(
      DerivationTable(
        header: [
          [t("parameter")], [t("backprop")], [t("central diff.")], [t("rel. error")], [t("ok")],
        ],
        rows: rows, numeric: [false, true, true, true, false]))
  }

  /// The check's one-line verdict: PASS with what agreed and the largest relative error,
  /// or FAIL with how many judged parameters differ.
  func verdictSentence(_ check: DerivationCheck) -> String {
    let judged = check.entries.count - check.kinkCount
    guard check.passed else {
      let failed = check.failureCount
      let atKinks = check.entries.filter { $0.kink && !$0.passed }.count
      return "FAIL: \(failed) of \(judged) judged parameters differ by more than the tolerance"
        + (atKinks == 0
          ? "." : " (\(atKinks) at \(atKinks == 1 ? "a kink" : "kinks"), re-check failed).")
    }
    if judged == 0 { return "PASS: no parameter could be judged." }
    let what: String
    if judged == 1 {
      what = "the checked parameter agrees"
    } else if check.isComplete && check.kinkCount == 0 {
      what = "all \(judged) checked parameters agree"
    } else if check.isComplete {
      what = "all \(judged) judged parameters agree"
    } else {
      what =
        "all \(judged) \(check.kinkCount == 0 ? "" : "judged ")sampled parameters "
        + "(of \(check.parameterCount)) agree"
    }
    return "PASS: \(what) (largest relative error "
      + "\(NumberFormat.brief(check.maxRelativeError)))."
  }

  func paramMath(_ p: ParameterIndex) -> M {
    switch p.kind {
    case .weight(let j, let kk): return w(p.layer, [String(j), String(kk)])
    case .bias(let j): return b(p.layer, [String(j)])
    }
  }
}
