extension LayerEquations {
  private typealias S = LayerSymbols

  /// The backward equations of `step`, each with its shapes.
  ///
  /// What the layer does with g = ∂C/∂output. `fused` is the activation whose δ the cost gives directly, when
  /// `step` is that activation.
  static func backward(_ s: LayerExplanation.Step, fused: Activation?) -> [DerivationEquation] {
    let (x, y) = (S.quantity(s.input), S.quantity(s.output))
    let (gx, gy) = (S.gradient(x), S.gradient(y))
    let l = s.number
    let (xs, ys) = (s.layer.inputShape, s.layer.outputShape)
    func p(_ s: TensorShape) -> MathText { .parens(S.columnShape(s)) }
    switch s.layer.spec {
    case .dense:
      let w = TensorShape([ys.count, xs.count])
      return [
        DerivationEquation(
          S.gradient(S.tensor("W\(l)")), [gy + .space + S.transposed(x)],
          comment: p(ys) + .parens(.shape(1, xs.count)) + S.arrow + S.shape(w)),
        DerivationEquation(S.gradient(S.tensor("b\(l)")), [gy], comment: S.columnShape(ys)),
        DerivationEquation(
          gx, [S.transposed(S.tensor("W\(l)")) + .space + gy],
          comment: .parens(.shape(xs.count, ys.count)) + p(ys) + S.arrow + S.columnShape(xs)),
      ]
    case .conv:
      guard let conv = s.layer as? Conv2DLayer else { return [] }
      let window = S.math(
        "\(conv.kernelHeight)×\(conv.kernelWidth)",
        "\(conv.kernelHeight)\\times \(conv.kernelWidth)")
      let plane = S.math(
        "\(conv.outputHeight)×\(conv.outputWidth)",
        "\(conv.outputHeight)\\times \(conv.outputWidth)")
      let padded = ConvolutionBackward.paddedSize(conv)
      // The part of the (padded) input the windows read, and the gradient spread out by
      // the stride.
      let s = conv.stride
      let (sh, sw) = ((conv.outputHeight - 1) * s + 1, (conv.outputWidth - 1) * s + 1)
      let read = S.math(
        "\((sh - 1) + conv.kernelHeight)×\((sw - 1) + conv.kernelWidth)",
        "\((sh - 1) + conv.kernelHeight)\\times \((sw - 1) + conv.kernelWidth)")
      let spread =
        s == 1
        ? plane
        : S.math("\(sh)×\(sw)", "\(sh)\\times \(sw)")
          + .words(" (spread out by the stride \(s))")
      return [
        DerivationEquation(
          S.gradient(S.tensor("b\(l)", "f")), [S.sum("y") + S.sum("x") + S.indexed(gy, "f,y,x")],
          comment: p(ys) + S.arrow + .parens(.plain("\(conv.filters)"))),
        DerivationEquation(
          S.gradient(S.tensor("K\(l)", "f,c")),
          [S.indexed(x, "c") + S.math(" ⋆ ", " \\star ") + S.indexed(gy, "f")],
          comment: .words("the input correlated with the gradient: ") + read
            + S.math(" ⋆ ", " \\star ") + spread + S.arrow + window),
        DerivationEquation(
          S.indexed(gx, "c"),
          [
            S.sum("f") + S.math("pad(", "\\operatorname{pad}\\left(") + S.indexed(gy, "f")
              + S.math(") ⋆ rot180(", "\\right) \\star \\operatorname{rot180}\\left(")
              + S.tensor("K\(l)", "f,c") + S.math(")", "\\right)")
          ],
          comment: .words("a full correlation with the flipped kernel: ")
            + S.math("\(padded.0)×\(padded.1)", "\(padded.0)\\times \(padded.1)")
            + S.math(" ⋆ ", " \\star ") + window + S.arrow
            + S.math("\(conv.height)×\(conv.width)", "\(conv.height)\\times \(conv.width)")),
      ]
    case .maxPool:
      return [
        DerivationEquation(
          S.indexed(gx, "c,u,v"),
          [
            S.sum("y,x") + S.indexed(gy, "c,y,x")
              + S.math(
                " · [(u,v) wins window (y,x)]", " \\cdot [(u,v) \\text{ wins window } (y,x)]")
          ], comment: p(ys) + S.arrow + S.shape(xs))
      ]
    case .avgPool(let k, _):
      return [
        DerivationEquation(
          S.indexed(gx, "c,u,v"),
          [
            S.sum("y,x") + S.indexed(gy, "c,y,x")
              + S.math(
                " / \(k * k) · [(u,v) in window (y,x)]",
                " / \(k * k) \\cdot [(u,v) \\text{ in window } (y,x)]")
          ], comment: p(ys) + S.arrow + S.shape(xs))
      ]
    case .flatten:
      return [
        DerivationEquation(
          gx, [gy + .words(" read back in the shape ") + S.shape(xs)],
          comment: p(ys) + S.arrow + S.shape(xs))
      ]
    case .activation(let f):
      if let fused, fused == f, s.outputGradient == nil {
        return [
          DerivationEquation(
            gx, [y + .minus + .plain("y")],
            comment: .words("\(f.name) with the cross-entropy: its Jacobian cancels, ")
              + p(ys) + .minus + p(ys) + S.arrow + S.columnShape(xs))
        ]
      }
      if f == .softmax {
        return [
          DerivationEquation(
            gx,
            [
              S.math("(diag(", "\\left(\\operatorname{diag}\\left(") + y
                + S.math(") − ", "\\right) - ") + y + S.math(" ", "\\,") + S.transposed(y)
                + S.math(") ", "\\right) ") + gy
            ],
            comment: .parens(.shape(xs.count, ys.count)) + p(ys) + S.arrow + S.columnShape(xs))
        ]
      }
      return [
        DerivationEquation(
          gx,
          [
            gy + .hadamard
              + MathText(
                f.function.symbol.unicode + "′", ascii: f.function.symbol.ascii + "'",
                latex: f.function.symbol.latex + "'") + .parens(x)
          ],
          comment: p(ys) + S.math(" ⊙ ", " \\odot ") + p(xs) + S.arrow + S.columnShape(xs))
      ]
    case .rnn:
      return recurrentBackward(s, lstm: false)
    case .lstm:
      return recurrentBackward(s, lstm: true)
    }
  }

  /// Back-propagation through time, one step at a time from t = T.
  private static func recurrentBackward(_ s: LayerExplanation.Step, lstm: Bool)
    -> [DerivationEquation]
  {
    let l = s.number
    let x = S.quantity(s.input)
    let d = s.layer.inputShape.dimensions
    let (features, units) = (d[1], s.layer.outputShape.count)
    let n = MathText.shape(units, 1)
    let dh = S.gradient(S.math("h_t", "h_{t}"))
    let col = MathText.parens(n)
    guard lstm else {
      let delta = S.math("δ_t", "\\delta_{t}")
      return [
        DerivationEquation(
          delta, [dh + S.math(" ⊙ (1 − h_t²)", " \\odot \\left(1 - h_{t}^{2}\\right)")],
          comment: col + S.math(" ⊙ ", " \\odot ") + col + S.arrow + n),
        DerivationEquation(
          S.gradient(S.math("h_(t−1)", "h_{t-1}")),
          [S.transposed(S.tensor("Wh\(l)")) + .space + delta],
          comment: .parens(.shape(units, units)) + col + S.arrow + n
            + .words(", the chain to the step before")),
        DerivationEquation(
          S.gradient(S.indexed(x, "t")), [S.transposed(S.tensor("Wx\(l)")) + .space + delta],
          comment: .parens(.shape(features, units)) + col + S.arrow + .shape(features, 1)),
        DerivationEquation(
          S.gradient(S.tensor("Wx\(l)")),
          [S.sum("t") + delta + .space + S.math("x_tᵀ", "x_{t}^{\\top}")],
          comment: .words("summed over the time steps, ") + .shape(units, features)),
        DerivationEquation(
          S.gradient(S.tensor("Wh\(l)")),
          [S.sum("t") + delta + .space + S.math("h_(t−1)ᵀ", "h_{t-1}^{\\top}")],
          comment: .shape(units, units)),
        DerivationEquation(S.gradient(S.tensor("b\(l)")), [S.sum("t") + delta], comment: n),
      ]
    }
    let dc = S.gradient(S.math("c_t", "c_{t}"))
    func delta(_ g: String) -> MathText { S.math("δ" + g + "_t", "\\delta^{" + g + "}_{t}") }
    return [
      DerivationEquation(
        dc,
        [
          dh
            + S.math(
              " ⊙ o_t ⊙ (1 − tanh² c_t) + ",
              " \\odot o_{t} \\odot \\left(1 - \\tanh^{2} c_{t}\\right) + ")
            + S.gradient(S.math("c_(t+1)", "c_{t+1}")) + S.math(" ⊙ f_(t+1)", " \\odot f_{t+1}")
        ], comment: .words("the chain through the cell state, ") + n),
      DerivationEquation(
        S.math("∂c_t/∂c_(t−1)", "\\frac{\\partial c_{t}}{\\partial c_{t-1}}"),
        [S.math("diag(f_t)", "\\operatorname{diag}\\left(f_{t}\\right)")],
        comment: .shape(units, units)),
      DerivationEquation(
        delta("i"), [dc + S.math(" ⊙ g_t ⊙ i_t(1 − i_t)", " \\odot g_{t} \\odot i_{t}(1 - i_{t})")],
        comment: n),
      DerivationEquation(
        delta("f"),
        [dc + S.math(" ⊙ c_(t−1) ⊙ f_t(1 − f_t)", " \\odot c_{t-1} \\odot f_{t}(1 - f_{t})")],
        comment: n),
      DerivationEquation(
        delta("g"),
        [dc + S.math(" ⊙ i_t ⊙ (1 − g_t²)", " \\odot i_{t} \\odot \\left(1 - g_{t}^{2}\\right)")],
        comment: n),
      DerivationEquation(
        delta("o"),
        [
          dh
            + S.math(" ⊙ tanh(c_t) ⊙ o_t(1 − o_t)", " \\odot \\tanh(c_{t}) \\odot o_{t}(1 - o_{t})")
        ],
        comment: n),
      DerivationEquation(
        S.gradient(S.math("h_(t−1)", "h_{t-1}")),
        [
          S.math(
            "Σ_• U•\(l)ᵀ δ•_t", "\\sum_{\\bullet} U_{\\bullet}^{\(l)\\top} \\delta^{\\bullet}_{t}")
        ],
        comment: .parens(.shape(units, units)) + col + S.arrow + n),
      DerivationEquation(
        S.gradient(S.indexed(x, "t")),
        [
          S.math(
            "Σ_• W•\(l)ᵀ δ•_t", "\\sum_{\\bullet} W_{\\bullet}^{\(l)\\top} \\delta^{\\bullet}_{t}")
        ],
        comment: .parens(.shape(features, units)) + col + S.arrow + .shape(features, 1)),
      DerivationEquation(
        S.math(
          "∂C/∂W•\(l), ∂C/∂U•\(l), ∂C/∂b•\(l)",
          "\\frac{\\partial C}{\\partial W_{\\bullet}^{\(l)}},\\ \\frac{\\partial C}{\\partial U_{\\bullet}^{\(l)}},\\ \\frac{\\partial C}{\\partial b_{\\bullet}^{\(l)}}"
        ),
        [
          S.math(
            "Σ_t δ•_t x_tᵀ, Σ_t δ•_t h_(t−1)ᵀ, Σ_t δ•_t",
            "\\sum_{t} \\delta^{\\bullet}_{t} x_{t}^{\\top},\\ \\sum_{t} \\delta^{\\bullet}_{t} h_{t-1}^{\\top},\\ \\sum_{t} \\delta^{\\bullet}_{t}"
          )
        ], comment: .words("summed over the time steps, for each gate")),
    ]
  }
}
