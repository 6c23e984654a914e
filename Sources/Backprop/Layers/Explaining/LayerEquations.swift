/// The equations of each layer kind, forward and backward, in the network's names and with
/// the shapes of the sizes given.
///
/// Gradients are written shaped like their quantity (a column for a vector): `∂C/∂z¹`
/// stands for its transpose, as `Docs/Conventions.md` writes δ.
enum LayerEquations {
  private typealias S = LayerSymbols

  /// `(a×b)`.
  private static func p(_ s: TensorShape) -> MathText { .parens(S.columnShape(s)) }

  /// The forward equations of `step`, each with its shapes.
  static func forward(_ s: LayerExplanation.Step) -> [DerivationEquation] {
    let (x, y) = (S.quantity(s.input), S.quantity(s.output))
    let l = s.number
    let (xs, ys) = (s.layer.inputShape, s.layer.outputShape)
    switch s.layer.spec {
    case .dense:
      let w = TensorShape([ys.count, xs.count])
      return [
        DerivationEquation(
          y, [S.tensor("W\(l)") + .space + x + .plus + S.tensor("b\(l)")],
          comment: p(w) + p(xs) + .plus + p(ys) + S.arrow + S.columnShape(ys))
      ]
    case .conv(_, _, _, let stride, let padding):
      guard let conv = s.layer as? Conv2DLayer else { return [] }
      let (r, c) = (offset("y", stride, conv.padTop), offset("x", stride, conv.padLeft))
      let kernel = TensorShape([conv.filters, conv.channels, conv.kernelHeight, conv.kernelWidth])
      return [
        DerivationEquation(
          S.indexed(y, "f,y,x"),
          [
            S.tensor("b\(l)", "f") + .plus + S.sum("c") + S.sum("i") + S.sum("j")
              + S.tensor("K\(l)", "f,c,i,j") + .dot
              + S.indexed(x, "c, " + r.0 + "+i" + r.1 + ", " + c.0 + "+j" + c.1)
          ],
          comment: x + S.math(" ", "\\ ") + p(xs) + S.math(", ", ",\\ ") + S.tensor("K\(l)")
            + S.math(" ", "\\ ") + p(kernel) + S.math(", ", ",\\ ") + S.tensor("b\(l)")
            + S.math(" ", "\\ ") + .parens(.plain("\(conv.filters)")) + S.arrow
            + S.shape(ys)
            + (padding == .same
              ? MathText.words(", zeros around the input") : MathText.plain("")))
      ]
    case .maxPool(let k, let st):
      let (r, c) = (offset("y", st, 0), offset("x", st, 0))
      return [
        DerivationEquation(
          S.indexed(y, "c,y,x"),
          [
            S.math("max_(0≤i,j<\(k)) ", "\\max_{0\\le i,j<\(k)} ")
              + S.indexed(x, "c, " + r.0 + "+i, " + c.0 + "+j")
          ], comment: p(xs) + S.arrow + S.shape(ys))
      ]
    case .avgPool(let k, let st):
      let (r, c) = (offset("y", st, 0), offset("x", st, 0))
      return [
        DerivationEquation(
          S.indexed(y, "c,y,x"),
          [
            S.math("(1/\(k * k)) ", "\\frac{1}{\(k * k)} ") + S.sum("i") + S.sum("j")
              + S.indexed(x, "c, " + r.0 + "+i, " + c.0 + "+j")
          ], comment: p(xs) + S.arrow + S.shape(ys))
      ]
    case .flatten:
      let d = xs.dimensions
      let index = d.count == 3 ? "(c·\(d[1]) + y)·\(d[2]) + x" : "t·\(d.last ?? 1) + k"
      let latexIndex = index.replacing("·", with: "\\cdot ")
      return [
        DerivationEquation(
          y + S.math("[" + index + "]", "[" + latexIndex + "]"),
          [S.indexed(x, d.count == 3 ? "c,y,x" : "t,k")],
          comment: p(xs) + S.arrow + S.columnShape(ys) + .words(", read row by row"))
      ]
    case .activation(let f):
      if f == .softmax {
        return [
          DerivationEquation(
            S.indexed(y, "i"),
            [
              S.math(
                "e^(\(x.unicode)[i]) / Σₖ e^(\(x.unicode)[k])",
                "\\frac{e^{\(x.latex)[i]}}{\\sum_{k} e^{\(x.latex)[k]}}")
            ], comment: p(xs) + S.arrow + S.columnShape(ys))
        ]
      }
      return [
        DerivationEquation(
          y, [f.function.symbol + .parens(x)],
          comment: p(xs) + S.arrow + S.columnShape(ys) + .words(", element-wise"))
      ]
    case .rnn:
      return recurrentForward(s, lstm: false)
    case .lstm:
      return recurrentForward(s, lstm: true)
    }
  }

  /// `s·y` and the padding shift for an index: (`2y`, `−1`).
  private static func offset(_ v: String, _ stride: Int, _ pad: Int) -> (String, String) {
    (stride == 1 ? v : "\(stride)\(v)", pad == 0 ? "" : "−\(pad)")
  }

  /// h_t (and the LSTM's gates) at step t.
  private static func recurrentForward(_ s: LayerExplanation.Step, lstm: Bool)
    -> [DerivationEquation]
  {
    let l = s.number
    let y = S.quantity(s.output)
    let d = s.layer.inputShape.dimensions
    let (steps, features, units) = (d[0], d[1], s.layer.outputShape.count)
    let h = S.math("h_t", "h_{t}")
    let hp = S.math("h_(t−1)", "h_{t-1}")
    let xt = S.math("x_t", "x_{t}")
    let shapes =
      S.math("x_t ", "x_{t}\\ ") + .parens(.shape(features, 1))
      + S.math(", h_t ", ",\\ h_{t}\\ ") + .parens(.shape(units, 1))
      + .words(", t = 1 ... \(steps)")
    guard lstm else {
      return [
        DerivationEquation(
          h,
          [
            S.math("tanh", "\\tanh")
              + .parens(
                S.tensor("Wx\(l)") + .space + xt + .plus + S.tensor("Wh\(l)") + .space + hp
                  + .plus + S.tensor("b\(l)"))
          ],
          comment: .parens(.shape(units, features)) + .parens(.shape(features, 1)) + .plus
            + .parens(.shape(units, units)) + .parens(.shape(units, 1)) + .plus
            + .parens(.shape(units, 1)) + S.arrow + .shape(units, 1)),
        DerivationEquation(
          y, [S.math("h_T", "h_{T}")],
          comment: S.math("h_0 = 0, T = \(steps); ", "h_{0} = 0,\\ T = \(steps);\\ ") + shapes),
      ]
    }
    func gate(_ g: String, _ f: MathText) -> DerivationEquation {
      DerivationEquation(
        S.math(g + "_t", g + "_{t}"),
        [
          f
            + .parens(
              S.tensor("W\(g)\(l)") + .space + xt + .plus + S.tensor("U\(g)\(l)") + .space
                + hp + .plus + S.tensor("b\(g)\(l)"))
        ],
        comment: .parens(.shape(units, features)) + .parens(.shape(features, 1)) + .plus
          + .parens(.shape(units, units)) + .parens(.shape(units, 1)) + .plus
          + .parens(.shape(units, 1)) + S.arrow + .shape(units, 1))
    }
    let sigma = S.math("σ", "\\sigma")
    let tanh = S.math("tanh", "\\tanh")
    return [
      gate("i", sigma), gate("f", sigma), gate("g", tanh), gate("o", sigma),
      DerivationEquation(
        S.math("c_t", "c_{t}"),
        [
          S.math("f_t ⊙ c_(t−1) + i_t ⊙ g_t", "f_{t} \\odot c_{t-1} + i_{t} \\odot g_{t}")
        ], comment: .parens(.shape(units, 1)) + S.arrow + .shape(units, 1)),
      DerivationEquation(
        h, [S.math("o_t ⊙ tanh(c_t)", "o_{t} \\odot \\tanh\\left(c_{t}\\right)")],
        comment: .parens(.shape(units, 1)) + S.arrow + .shape(units, 1)),
      DerivationEquation(
        y, [S.math("h_T", "h_{T}")],
        comment: S.math("c_0 = h_0 = 0, T = \(steps); ", "c_{0} = h_{0} = 0,\\ T = \(steps);\\ ")
          + shapes),
    ]
  }
}
