import TextSupport

/// One parameter of a layered network traced: its value, the terms of its gradient for the
/// traced sample, its gradient per sample and over all, and a central difference.
public struct LayerParameterTrace: Sendable {
  /// The flat index and name such as `K1[0,0,1,2]`.
  public var index: Int, name: String
  /// Its value.
  public var value: Double
  /// For dense weights and kernel entries: the products whose sum is ∂C/∂θ for the traced
  /// sample, as (gradient factor, input factor, where) triples; empty for other tensors.
  public var terms: [(gradient: Double, input: Double, at: String)]
  /// The symbols of the two factors such as (`∂C/∂z¹[0,y,x]`, `a⁰[0,y+1,x+2]`).
  public var factorNames: (String, String)
  /// What the terms run over: `(y,x)` for a kernel entry, `t` for a recurrent weight.
  public var summedOver = "(y,x)"
  /// ∂C_s/∂θ for every sample.
  public var perSample: [Double]
  /// ∂C/∂θ of the mean cost.
  public var gradient: Double
  /// C̄(θ + ε) and C̄(θ − ε) of the mean cost, ε = 1e-5, and their central difference.
  public var costs: (plus: Double, minus: Double), central: Double

  /// Traces parameter `index` of `explanation`'s network.
  public init(_ e: LayerExplanation, index: Int) {
    let net = e.network
    self.index = index
    name = net.parameterName(index)
    value = net.parameters[index]
    perSample = e.samples.map { net.gradients(of: $0)[index] }
    gradient = e.gradients[index]
    let epsilon = 1e-5
    var kinks = KinkRecord()
    var plus = net.parameters
    plus[index] += epsilon
    var minus = net.parameters
    minus[index] -= epsilon
    costs = (
      net.cost(parameters: plus, over: e.samples, kinks: &kinks),
      net.cost(parameters: minus, over: e.samples, kinks: &kinks)
    )
    central = (costs.plus - costs.minus) / (2 * epsilon)
    terms = []
    factorNames = ("", "")
    guard let slot = net.slot(of: index), slot.tensor.shape.count > 1,
      let step = e.steps.first(where: { $0.index == slot.layerIndex }),
      let g = step.outputGradient
    else { return }
    let k = index - slot.offset
    let (y, x) = (step.output.symbol(), step.input.symbol())
    if let recurrent = Self.recurrentTerms(
      step, outputGradient: g, parameter: index - net.offsets[slot.layerIndex])
    {
      (terms, factorNames, summedOver) = (recurrent.terms, recurrent.names, "t")
    } else if let dense = step.layer as? DenseLayer {
      let (i, j) = (k / dense.inputs, k % dense.inputs)
      terms = [(g[i], step.inputValues[j], "")]
      factorNames = ("∂C/∂\(y)[\(i)]", "\(x)[\(j)]")
    } else if let conv = step.layer as? Conv2DLayer, k < conv.kernelCount {
      let idx = slot.tensor.indices(of: k)
      let (f, c, i, j) = (idx[0], idx[1], idx[2], idx[3])
      for oy in 0..<conv.outputHeight {
        for ox in 0..<conv.outputWidth {
          let u = oy * conv.stride + i - conv.padTop
          let v = ox * conv.stride + j - conv.padLeft
          guard u >= 0 && u < conv.height && v >= 0 && v < conv.width else { continue }
          terms.append(
            (
              g[(f * conv.outputHeight + oy) * conv.outputWidth + ox],
              step.inputValues[(c * conv.height + u) * conv.width + v], "[\(oy),\(ox)]"
            ))
        }
      }
      let s = conv.stride == 1 ? "" : "\(conv.stride)"
      let (pt, pl) = (i - conv.padTop, j - conv.padLeft)
      let row = pt == 0 ? "\(s)y" : pt > 0 ? "\(s)y+\(pt)" : "\(s)y\(pt)"
      let column = pl == 0 ? "\(s)x" : pl > 0 ? "\(s)x+\(pl)" : "\(s)x\(pl)"
      factorNames = ("∂C/∂\(y)[\(f),y,x]", "\(x)[\(c),\(row),\(column)]")
    }
  }

  /// The trace as text lines within 80 columns; with `.ascii` notation every symbol is
  /// spelled in plain ASCII before the lines are wrapped.
  public func text(sample: Int, format f: NumberFormat, notation: Notation = .unicode)
    -> [String]
  {
    func wrap(_ s: String, prefix: String, indent: Int) -> [String] {
      WordWrap.lines(
        notation == .ascii ? LayerExplanation.ascii(s) : s, prefix: prefix, indent: indent)
    }
    var out = ["Parameter \(name) = \(f.string(value))"]
    if !terms.isEmpty {
      out += wrap(
        "For sample \(sample), ∂C/∂\(name) = Σ \(factorNames.0) · \(factorNames.1), "
          + "\(terms.count) " + (terms.count == 1 ? "term" : "terms")
          + (terms.count == 1 ? ":" : " over \(summedOver):"),
        prefix: "   ", indent: 5)
      // A negative factor is bracketed: 0.0249975·(-0.152529), never 0.0249975·-0.152529.
      func factor(_ x: Double) -> String { x < 0 ? "(\(f.string(x)))" : f.string(x) }
      let shown = terms.prefix(36).map {
        "\($0.at)" + (($0.at.isEmpty) ? "" : " ") + "\(factor($0.gradient))·\(factor($0.input))"
      }
      out += wrap(
        shown.joined(separator: " + ") + (terms.count > 36 ? " + …" : "") + " = "
          + f.string(terms.reduce(0) { $0 + $1.gradient * $1.input }), prefix: "     ",
        indent: 5)
    }
    out += wrap(
      "Per sample: [" + perSample.map { f.string($0) }.joined(separator: ", ")
        + "]; for the mean cost C̄ over the \(perSample.count) "
        + (perSample.count == 1 ? "sample" : "samples") + ", ∂C̄/∂\(name) = "
        + f.string(gradient), prefix: "   ", indent: 5)
    out += wrap(
      "Central difference, ε = 1e-5: ∂C̄/∂\(name) ≈ (C̄(θ+ε) − C̄(θ−ε)) / 2ε = ("
        + NumberFormat.significant(costs.plus, digits: 15) + " − "
        + NumberFormat.significant(costs.minus, digits: 15) + ") / 2e-5 = \(f.string(central))",
      prefix: "   ", indent: 5)
    return out
  }
}
