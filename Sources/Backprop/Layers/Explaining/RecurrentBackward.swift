/// Back-propagation through time written out step by step, last step first: ∂C/∂h_t, the
/// cell state's ∂C/∂c_t (LSTM), each step's δ (the gradient at the pre-activation of h_t,
/// or of each gate) and ∂C/∂x_t.
///
/// Computed here from the layer's forward states and the incoming gradient, apart from the
/// layer's own vector-Jacobian product, so the two can be compared: the parameter
/// gradients are sums over the steps of δ_t times x_t or h_(t−1).
struct RecurrentBackward: Sendable {
  /// One time step's gradients.
  struct Step: Sendable {
    /// The step t, 1-based.
    var t: Int
    /// ∂C/∂h_t.
    var hidden: [Double]
    /// ∂C/∂c_t (LSTM; empty for an RNN).
    var cell: [Double]
    /// f_t, which ∂C/∂c_t is multiplied by on its way to step t − 1 (LSTM).
    var forget: [Double]
    /// δ_t of the RNN, or δi, δf, δg, δo of the LSTM.
    var deltas: [[Double]]
    /// ∂C/∂x_t.
    var input: [Double]
  }

  /// The steps, t = T first.
  let steps: [Step]

  /// The steps of an explained recurrent layer; `nil` for other layers.
  init?(_ s: LayerExplanation.Step, outputGradient g: [Double]) {
    if let rnn = s.layer as? RNNLayer {
      self.init(rnn, input: s.inputValues, parameters: s.parameters, outputGradient: g)
    } else if let lstm = s.layer as? LSTMLayer {
      self.init(lstm, input: s.inputValues, parameters: s.parameters, outputGradient: g)
    } else {
      return nil
    }
  }

  /// The steps of an Elman layer.
  init(_ rnn: RNNLayer, input x: [Double], parameters p: [Double], outputGradient g: [Double]) {
    let (n, f) = (rnn.units, rnn.features)
    let wh = n * f
    let h = rnn.states(x, p)
    var dh = g
    var out: [Step] = []
    for t in stride(from: rnn.steps - 1, through: 0, by: -1) {
      let delta = (0..<n).map { dh[$0] * (1 - h[t][$0] * h[t][$0]) }
      let dx = (0..<f).map { k in (0..<n).reduce(0.0) { $0 + p[$1 * f + k] * delta[$1] } }
      out.append(Step(t: t + 1, hidden: dh, cell: [], forget: [], deltas: [delta], input: dx))
      dh = (0..<n).map { j in (0..<n).reduce(0.0) { $0 + p[wh + $1 * n + j] * delta[$1] } }
    }
    steps = out
  }

  /// The steps of an LSTM layer.
  init(_ lstm: LSTMLayer, input x: [Double], parameters p: [Double], outputGradient g: [Double]) {
    let (n, f) = (lstm.units, lstm.features)
    let gateSize = n * f + n * n + n
    let run = lstm.run(x, p)
    let zero = [Double](repeating: 0, count: n)
    var dh = g
    var carried = zero
    var out: [Step] = []
    for t in stride(from: lstm.steps - 1, through: 0, by: -1) {
      let s = run[t]
      let (gi, gf, gg, go) = (s.gates[0], s.gates[1], s.gates[2], s.gates[3])
      let cPrevious = t > 0 ? run[t - 1].c : zero
      var dc = zero
      for i in 0..<n {
        let tc: Double = Double.tanh(s.c[i])
        dc[i] = dh[i] * go[i] * (1 - tc * tc) + carried[i]
      }
      var deltas = [[Double]](repeating: zero, count: 4)
      for i in 0..<n {
        let tc: Double = Double.tanh(s.c[i])
        deltas[0][i] = dc[i] * gg[i] * gi[i] * (1 - gi[i])
        deltas[1][i] = dc[i] * cPrevious[i] * gf[i] * (1 - gf[i])
        deltas[2][i] = dc[i] * gi[i] * (1 - gg[i] * gg[i])
        deltas[3][i] = dh[i] * tc * go[i] * (1 - go[i])
      }
      var dx = [Double](repeating: 0, count: f)
      var next = zero
      for (q, d) in deltas.enumerated() {
        let base = q * gateSize
        for i in 0..<n {
          for k in 0..<f { dx[k] += p[base + i * f + k] * d[i] }
          for j in 0..<n { next[j] += p[base + n * f + i * n + j] * d[i] }
        }
      }
      out.append(Step(t: t + 1, hidden: dh, cell: dc, forget: gf, deltas: deltas, input: dx))
      carried = (0..<n).map { dc[$0] * gf[$0] }
      dh = next
    }
    steps = out
  }
}
