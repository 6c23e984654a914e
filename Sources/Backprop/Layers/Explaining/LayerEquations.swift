/// The equations of each layer kind, forward and backward, in the network's names.
enum LayerEquations {
  /// The forward equations of `step`, with shapes.
  static func forward(_ s: LayerExplanation.Step) -> [String] {
    let (x, y) = (s.input.symbol(), s.output.symbol())
    let l = s.number
    let (xs, ys) = (s.layer.inputShape.description, s.layer.outputShape.description)
    switch s.layer.spec {
    case .dense:
      return ["\(y) = W\(l) \(x) + b\(l)      (\(ys)) = (\(ys)×\(xs)) (\(xs)) + (\(ys))"]
    case .conv(_, _, _, let stride, let padding):
      let shift = padding == .valid ? "" : " − p"
      let sy = stride == 1 ? "y" : "\(stride)y"
      let sx = stride == 1 ? "x" : "\(stride)x"
      return [
        "\(y)[f,y,x] = b\(l)[f] + Σ_c Σ_i Σ_j K\(l)[f,c,i,j] · \(x)[c, \(sy)+i\(shift), "
          + "\(sx)+j\(shift)]",
        "  \(x): \(xs)   K\(l): \(s.tensors.first.map { TensorShape($0.tensor.shape).description } ?? "")"
          + "   b\(l): \(s.layer.outputShape.dimensions[0])   \(y): \(ys)"
          + (padding == .same ? "   (same: zeros around \(x))" : ""),
      ]
    case .maxPool(let k, let st):
      return [
        "\(y)[c,y,x] = max over the \(k)×\(k) window of \(x)[c] at (\(st)y, \(st)x)"
          + "      \(xs) → \(ys)"
      ]
    case .avgPool(let k, let st):
      return [
        "\(y)[c,y,x] = (1/\(k * k)) Σ over the \(k)×\(k) window of \(x)[c] at (\(st)y, \(st)x)"
          + "      \(xs) → \(ys)"
      ]
    case .flatten:
      return ["\(y) = \(x) read row by row as a vector      \(xs) → \(ys)"]
    case .activation(let f):
      return f == .softmax
        ? ["\(y)_i = e^(\(x)_i) / Σ_k e^(\(x)_k)      (\(ys))"]
        : ["\(y) = \(f.name)(\(x)) element-wise      (\(ys))"]
    case .rnn:
      return [
        "h_t = tanh(Wx\(l) x_t + Wh\(l) h_(t−1) + b\(l)),  h_0 = 0,  \(y) = h_T",
        "  x_t: \(s.layer.inputShape.dimensions[1])   Wx\(l): \(ys)×\(s.layer.inputShape.dimensions[1])"
          + "   Wh\(l): \(ys)×\(ys)   h_t: \(ys)   T = \(s.layer.inputShape.dimensions[0])",
      ]
    case .lstm:
      return [
        "i_t = σ(Wi\(l) x_t + Ui\(l) h_(t−1) + bi\(l))    f_t = σ(Wf\(l) x_t + Uf\(l) h_(t−1) + bf\(l))",
        "g_t = tanh(Wg\(l) x_t + Ug\(l) h_(t−1) + bg\(l)) o_t = σ(Wo\(l) x_t + Uo\(l) h_(t−1) + bo\(l))",
        "c_t = f_t ⊙ c_(t−1) + i_t ⊙ g_t    h_t = o_t ⊙ tanh(c_t)    c_0 = h_0 = 0,  \(y) = h_T",
        "  x_t: \(s.layer.inputShape.dimensions[1])   W•: \(ys)×\(s.layer.inputShape.dimensions[1])"
          + "   U•: \(ys)×\(ys)   gates, c_t, h_t: \(ys)   T = \(s.layer.inputShape.dimensions[0])",
      ]
    }
  }

  /// The backward equations of `step`: what it does with g = ∂C/∂output.
  static func backward(_ s: LayerExplanation.Step) -> [String] {
    let (x, y) = (s.input.symbol(), s.output.symbol())
    let l = s.number
    let g = "∂C/∂\(y)"
    switch s.layer.spec {
    case .dense:
      return [
        "∂C/∂W\(l) = (\(g)) \(x)ᵀ    ∂C/∂b\(l) = \(g)    ∂C/∂\(x) = W\(l)ᵀ (\(g))"
      ]
    case .conv(_, _, _, let stride, _):
      return [
        "∂C/∂b\(l)[f] = Σ_y Σ_x \(g)[f,y,x]",
        "∂C/∂K\(l)[f,c,i,j] = Σ_y Σ_x \(g)[f,y,x] · \(x)[c, \(stride)y+i, \(stride)x+j]"
          + "   (the inputs)",
        stride == 1
          ? "∂C/∂\(x)[c] = Σ_f (\(g)[f]) ⋆full rot180(K\(l)[f,c])   (a full correlation with "
            + "the flipped kernel, summed over the filters)"
          : "∂C/∂\(x)[c,u,v] = Σ_f Σ \(g)[f,y,x] K\(l)[f,c,i,j] over the terms that read "
            + "\(x)[c,u,v]",
      ]
    case .maxPool:
      return ["∂C/∂\(x) = \(g) routed to each window's largest entry, 0 elsewhere"]
    case .avgPool(let k, _):
      return ["∂C/∂\(x) = \(g)/\(k * k) spread over each window"]
    case .flatten:
      return ["∂C/∂\(x) = \(g) read back in the shape \(s.layer.inputShape)"]
    case .activation(let f):
      return f == .softmax
        ? ["∂C/∂\(x) = \(y) ⊙ (\(g) − ⟨\(g), \(y)⟩)"]
        : ["∂C/∂\(x) = \(g) ⊙ \(f.name)′(\(x))"]
    case .rnn:
      return [
        "dh = ∂C/∂h_T; for t = T … 1: da = dh ⊙ (1 − h_t²);",
        "  ∂C/∂Wx\(l) += da x_tᵀ   ∂C/∂Wh\(l) += da h_(t−1)ᵀ   ∂C/∂b\(l) += da",
        "  ∂C/∂x_t = Wx\(l)ᵀ da;   dh ← Wh\(l)ᵀ da   (the sum over time steps)",
      ]
    case .lstm:
      return [
        "dh = ∂C/∂h_T, dc = 0; for t = T … 1:",
        "  dc += dh ⊙ o_t ⊙ (1 − tanh² c_t)",
        "  dâo = dh ⊙ tanh c_t ⊙ o_t(1 − o_t)   dâi = dc ⊙ g_t ⊙ i_t(1 − i_t)",
        "  dâf = dc ⊙ c_(t−1) ⊙ f_t(1 − f_t)    dâg = dc ⊙ i_t ⊙ (1 − g_t²)",
        "  ∂C/∂W• += dâ• x_tᵀ   ∂C/∂U• += dâ• h_(t−1)ᵀ   ∂C/∂b• += dâ•",
        "  ∂C/∂x_t = Σ W•ᵀ dâ•;   dh ← Σ U•ᵀ dâ•;   dc ← dc ⊙ f_t   (the chain through c)",
      ]
    }
  }
}
