/// An Elman recurrent layer over a sequence of T steps of F features, n tanh units.
///
/// The equation:
///
///     h_t = tanh(Wx x_t + Wh h_(t−1) + b),   h_0 = 0,   output h_T.
///
/// Parameters: `Wx` (n × F), `Wh` (n × n), `b` (n). The backward pass is back-propagation
/// through time: the gradient of h_T flows to every earlier step through Wh.
public struct RNNLayer: Layer {
  /// T, F and n.
  public let steps: Int, features: Int, units: Int

  /// Creates the layer.
  public init(steps: Int, features: Int, units: Int) {
    self.steps = steps
    self.features = features
    self.units = units
  }

  /// `rnn n`.
  public var spec: LayerSpec { .rnn(units: units) }
  /// T×F.
  public var inputShape: TensorShape { .sequence(steps: steps, features: features) }
  /// The vector h_T.
  public var outputShape: TensorShape { .vector(units) }
  /// The parameter layout: one gate.
  var layout: RecurrentLayout {
    RecurrentLayout(
      features: features, units: units, gates: [.init(input: "Wx", recurrent: "Wh", bias: "b")])
  }
  /// `Wx[i,k]`, `Wh[i,j]`, `b[i]`.
  public var tensors: [ParameterTensor] { layout.tensors }

  /// h_1 … h_T (index t − 1), each n numbers.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  @_specialize(where T == Complex)
  func states<T: NetworkScalar>(_ x: [T], _ p: [T]) -> [[T]] {
    let (n, f) = (units, features)
    let (_, wh, b) = layout.offsets(gate: 0)
    var h = [T](repeating: T(0), count: n)
    var out: [[T]] = []
    for t in 0..<steps {
      h = (0..<n).map { i in
        var s = p[b + i]
        for k in 0..<f { s = s + p[i * f + k] * x[t * f + k] }
        for j in 0..<n { s = s + p[wh + i * n + j] * h[j] }
        return T.tanh(s)
      }
      out.append(h)
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
    states(x, p).last ?? []
  }

  /// Back-propagation through time.
  ///
  /// With dh = ∂C/∂h_t, for t = T … 1:
  /// da = dh ⊙ (1 − h_t²); ∂C/∂Wx += da x_tᵀ; ∂C/∂Wh += da h_(t−1)ᵀ; ∂C/∂b += da;
  /// ∂C/∂x_t = Wxᵀ da; dh ← Whᵀ da (for step t − 1).
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
    summed: Bool
  ) -> LayerVJP {
    let (n, f) = (units, features)
    let (_, wh, b) = layout.offsets(gate: 0)
    let h = states(x, p)
    var dp = [Double](repeating: 0, count: parameterCount)
    var dx = [Double](repeating: 0, count: x.count)
    var dh = g
    for t in stride(from: steps - 1, through: max(steps - through, 0), by: -1) {
      if !summed { for i in dp.indices { dp[i] = 0 } }
      let da = (0..<n).map { dh[$0] * (1 - h[t][$0] * h[t][$0]) }
      var next = [Double](repeating: 0, count: n)
      for i in 0..<n {
        for k in 0..<f {
          dp[i * f + k] += da[i] * x[t * f + k]
          dx[t * f + k] += p[i * f + k] * da[i]
        }
        if t > 0 { for j in 0..<n { dp[wh + i * n + j] += da[i] * h[t - 1][j] } }
        for j in 0..<n { next[j] += p[wh + i * n + j] * da[i] }
        dp[b + i] += da[i]
      }
      dh = next
    }
    return LayerVJP(input: dx, parameters: dp)
  }

  /// ∂h_T/∂x, n × T·F, dense: column block t is ∂h_T/∂x_t (one backward pass per row).
  public func jacobian(_ x: [Double], parameters p: [Double], output: Quantity, input: Quantity)
    -> Jacobian
  {
    Jacobian(
      of: output, withRespectTo: input,
      .dense(rowsByBackward(self, x, p, outputs: units)))
  }
}

/// The Jacobian ∂output/∂input of `layer`, row i the backward pass of the unit vector e_i.
/// - Complexity: `outputs` backward passes.
func rowsByBackward(_ layer: some Layer, _ x: [Double], _ p: [Double], outputs: Int) -> Matrix {
  var m = Matrix(rows: outputs, columns: x.count)
  for i in 0..<outputs {
    var e = [Double](repeating: 0, count: outputs)
    e[i] = 1
    let row = layer.backward(x, parameters: p, outputGradient: e).input
    for j in 0..<x.count { m[i, j] = row[j] }
  }
  return m
}
