/// A long short-term memory layer over a sequence of T steps of F features, n cells.
///
/// The equations:
///
///     i_t = σ(Wi x_t + Ui h_(t−1) + bi)      input gate
///     f_t = σ(Wf x_t + Uf h_(t−1) + bf)      forget gate
///     g_t = tanh(Wg x_t + Ug h_(t−1) + bg)   cell candidate
///     o_t = σ(Wo x_t + Uo h_(t−1) + bo)      output gate
///     c_t = f_t ⊙ c_(t−1) + i_t ⊙ g_t,   h_t = o_t ⊙ tanh(c_t),   h_0 = c_0 = 0
///
/// Output h_T. Parameters, gate by gate in the order i, f, g, o: `W•` (n × F), `U•`
/// (n × n), `b•` (n).
public struct LSTMLayer: Layer {
  /// T, F and n.
  public let steps: Int, features: Int, units: Int

  /// The gates, in parameter order.
  static let gates = ["i", "f", "g", "o"]

  /// Creates the layer.
  public init(steps: Int, features: Int, units: Int) {
    self.steps = steps
    self.features = features
    self.units = units
  }

  /// `lstm n`.
  public var spec: LayerSpec { .lstm(units: units) }
  /// T×F.
  public var inputShape: TensorShape { .sequence(steps: steps, features: features) }
  /// The vector h_T.
  public var outputShape: TensorShape { .vector(units) }
  /// The parameter layout: gate by gate in the order i, f, g, o.
  var layout: RecurrentLayout {
    RecurrentLayout(
      features: features, units: units,
      gates: LSTMLayer.gates.map { .init(input: "W" + $0, recurrent: "U" + $0, bias: "b" + $0) })
  }
  /// `Wi`, `Ui`, `bi`, `Wf`, `Uf`, `bf`, `Wg`, `Ug`, `bg`, `Wo`, `Uo`, `bo`.
  public var tensors: [ParameterTensor] { layout.tensors }

  /// One step's gates and states.
  struct Step<T: NetworkScalar> {
    /// i, f, g, o (after their functions), each n numbers.
    var gates: [[T]]
    /// c_t and h_t.
    var c: [T], h: [T]
  }

  /// Every step, t = 1 … T (index t − 1).
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  @_specialize(where T == Complex)
  func run<T: NetworkScalar>(_ x: [T], _ p: [T]) -> [Step<T>] {
    let (n, f) = (units, features)
    let layout = self.layout
    var h = [T](repeating: T(0), count: n)
    var c = h
    var out: [Step<T>] = []
    for t in 0..<steps {
      var gates: [[T]] = []
      for (q, _) in LSTMLayer.gates.enumerated() {
        let (base, u, b) = layout.offsets(gate: q)
        gates.append(
          (0..<n).map { i in
            var s = p[b + i]
            for k in 0..<f { s = s + p[base + i * f + k] * x[t * f + k] }
            for j in 0..<n { s = s + p[u + i * n + j] * h[j] }
            return q == 2 ? T.tanh(s) : Activation.sigmoid.value(s)
          })
      }
      c = (0..<n).map { gates[1][$0] * c[$0] + gates[0][$0] * gates[2][$0] }
      h = (0..<n).map { gates[3][$0] * T.tanh(c[$0]) }
      out.append(Step(gates: gates, c: c, h: h))
    }
    return out
  }

  /// h_T.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  @_specialize(where T == Complex)
  public func forward<T: NetworkScalar>(_ x: [T], parameters p: [T], kinks: inout KinkRecord)
    -> [T]
  {
    run(x, p).last?.h ?? []
  }

  /// Back-propagation through time.
  ///
  /// With dh = ∂C/∂h_t and dc = ∂C/∂c_t from later steps,
  /// for t = T … 1: dc += dh ⊙ o ⊙ (1 − tanh² c_t); the gates' pre-activation gradients
  /// are dh ⊙ tanh c_t ⊙ o(1 − o), dc ⊙ g ⊙ i(1 − i), dc ⊙ c_(t−1) ⊙ f(1 − f),
  /// dc ⊙ i ⊙ (1 − g²); each da gives ∂C/∂W• += da x_tᵀ, ∂C/∂U• += da h_(t−1)ᵀ,
  /// ∂C/∂b• += da; then dh ← Σ U•ᵀ da and dc ← dc ⊙ f (the chain through the cell state).
  public func backward(_ x: [Double], parameters p: [Double], outputGradient g: [Double])
    -> LayerVJP
  {
    backward(x, parameters: p, outputGradient: g, steps: steps, summed: true)
  }

  /// The backward pass through the last `through` steps only (`steps` for full BPTT), with
  /// the parameter gradients summed over the steps or (`summed: false`, a mistake) each
  /// step's overwriting the previous.
  func backward(
    _ x: [Double], parameters p: [Double], outputGradient g: [Double], steps through: Int,
    summed: Bool, record: ((Int, [Double], [Double]) -> Void)? = nil
  ) -> LayerVJP {
    let (n, f) = (units, features)
    let layout = self.layout
    let run = self.run(x, p)
    var dp = [Double](repeating: 0, count: parameterCount)
    var dx = [Double](repeating: 0, count: x.count)
    var dh = g
    var dc = [Double](repeating: 0, count: n)
    let zero = [Double](repeating: 0, count: n)
    for t in stride(from: steps - 1, through: max(steps - through, 0), by: -1) {
      if !summed { for i in dp.indices { dp[i] = 0 } }
      let s = run[t]
      let (gi, gf, gg, go) = (s.gates[0], s.gates[1], s.gates[2], s.gates[3])
      let cPrev = t > 0 ? run[t - 1].c : zero
      let hPrev = t > 0 ? run[t - 1].h : zero
      var da = [[Double]](repeating: zero, count: 4)
      for i in 0..<n {
        let tc = Double.tanh(s.c[i])
        dc[i] += dh[i] * go[i] * (1 - tc * tc)
        da[0][i] = dc[i] * gg[i] * gi[i] * (1 - gi[i])
        da[1][i] = dc[i] * cPrev[i] * gf[i] * (1 - gf[i])
        da[2][i] = dc[i] * gi[i] * (1 - gg[i] * gg[i])
        da[3][i] = dh[i] * tc * go[i] * (1 - go[i])
      }
      var next = zero
      for q in 0..<4 {
        let (base, u, b) = layout.offsets(gate: q)
        for i in 0..<n {
          let d = da[q][i]
          for k in 0..<f {
            dp[base + i * f + k] += d * x[t * f + k]
            dx[t * f + k] += p[base + i * f + k] * d
          }
          for j in 0..<n {
            dp[u + i * n + j] += d * hPrev[j]
            next[j] += p[u + i * n + j] * d
          }
          dp[b + i] += d
        }
      }
      record?(t, dh, dc)
      for i in 0..<n { dc[i] *= gf[i] }
      dh = next
    }
    return LayerVJP(input: dx, parameters: dp)
  }

  /// ∂h_T/∂x, n × T·F, dense (one backward pass per row).
  public func jacobian(_ x: [Double], parameters p: [Double], output: Quantity, input: Quantity)
    -> Jacobian
  {
    Jacobian(
      of: output, withRespectTo: input,
      .dense(rowsByBackward(self, x, p, outputs: units)))
  }
}
