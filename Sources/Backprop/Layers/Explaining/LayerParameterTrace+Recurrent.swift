/// The terms of a recurrent weight's gradient: a sum over the time steps.
extension LayerParameterTrace {
  /// The products δ_t[i] · x_t[j] (input weights `Wx`, `W•`) or δ_t[i] · h_(t−1)[j]
  /// (recurrent weights `Wh`, `U•`), t = 1 … T, whose sum is ∂C/∂θ for the traced sample, with
  /// the symbols of the two factors; `nil` for biases and for other layers.
  ///
  /// δ_t is the step's δ of back-propagation through time (`RecurrentBackward`); h_0 = 0, so
  /// the first step's recurrent term is 0. `k` is the parameter's index among the layer's
  /// own parameters.
  /// - Complexity: one backward pass through the layer's steps, O(T·n·(n + F)).
  static func recurrentTerms(
    _ step: LayerExplanation.Step, outputGradient g: [Double], parameter k: Int
  ) -> (terms: [(gradient: Double, input: Double, at: String)], names: (String, String))? {
    guard let r = RecurrentBackward(step, outputGradient: g) else { return nil }
    let x = step.inputValues
    let p = step.parameters
    let (n, f, steps): (Int, Int, Int)
    let hidden: [[Double]]
    // The gate (0 for an RNN), its name and the gate's first parameter.
    var gate = 0
    var gateName = ""
    if let rnn = step.layer as? RNNLayer {
      (n, f, steps) = (rnn.units, rnn.features, rnn.steps)
      hidden = rnn.states(x, p)
    } else if let lstm = step.layer as? LSTMLayer {
      (n, f, steps) = (lstm.units, lstm.features, lstm.steps)
      hidden = lstm.run(x, p).map(\.h)
      gate = k / (n * f + n * n + n)
      gateName = ["i", "f", "g", "o"][gate]
    } else {
      return nil
    }
    let within = k - gate * (n * f + n * n + n)
    let chronological = r.steps.sorted { $0.t < $1.t }
    guard chronological.count == steps else { return nil }
    let delta = "δ\(gateName)_t"
    if within < n * f {
      let (i, j) = (within / f, within % f)
      let terms = chronological.map { s in
        (gradient: s.deltas[gate][i], input: x[(s.t - 1) * f + j], at: "t=\(s.t)")
      }
      return (terms, ("\(delta)[\(i)]", "x_t[\(j)]"))
    }
    if within < n * f + n * n {
      let (i, j) = ((within - n * f) / n, (within - n * f) % n)
      let terms = chronological.map { s in
        (gradient: s.deltas[gate][i], input: s.t > 1 ? hidden[s.t - 2][j] : 0, at: "t=\(s.t)")
      }
      return (terms, ("\(delta)[\(i)]", "h_(t−1)[\(j)]"))
    }
    return nil
  }
}
