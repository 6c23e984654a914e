/// A fully connected layer, z = W a + b: W is n × m, b has n entries (a vector input).
///
/// Parameters: `W` (n × m, row-major), then `b`.
public struct DenseLayer: Layer {
  /// m, the input size.
  public let inputs: Int
  /// n, the output size.
  public let units: Int

  /// Creates a layer from m inputs to n units.
  public init(inputs: Int, units: Int) {
    self.inputs = inputs
    self.units = units
  }

  /// `dense n`.
  public var spec: LayerSpec { .dense(units: units) }
  /// The vector m.
  public var inputShape: TensorShape { .vector(inputs) }
  /// The vector n.
  public var outputShape: TensorShape { .vector(units) }
  /// `W[i,j]` (n × m) and `b[i]`.
  public var tensors: [ParameterTensor] {
    [
      ParameterTensor(stem: "W", shape: [units, inputs], indexNames: ["i", "j"]),
      ParameterTensor(stem: "b", shape: [units], indexNames: ["i"]),
    ]
  }

  /// z_i = b_i + Σ_j W_ij a_j.
  /// - Complexity: O(n m).
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  @_specialize(where T == Complex)
  public func forward<T: NetworkScalar>(_ x: [T], parameters p: [T], kinks: inout KinkRecord)
    -> [T]
  {
    let m = inputs
    return (0..<units).map { i in
      var s = p[units * m + i]
      for j in 0..<m { s = s + p[i * m + j] * x[j] }
      return s
    }
  }

  /// W[i,j] + s moves z_i by s·a_j; b[i] + s moves z_i by s.
  /// - Complexity: O(n) (the copy).
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  @_specialize(where T == Complex)
  public func perturbedOutput<T: NetworkScalar>(
    _ x: [T], output: [T], parameter k: Int, step: T
  ) -> [T]? {
    var z = output
    let weights = units * inputs
    if k < weights {
      z[k / inputs] = z[k / inputs] + step * x[k % inputs]
    } else {
      z[k - weights] = z[k - weights] + step
    }
    return z
  }

  /// ∂C/∂W = g aᵀ, ∂C/∂b = g, ∂C/∂a = Wᵀ g.
  /// - Complexity: O(n m).
  public func backward(_ x: [Double], parameters p: [Double], outputGradient g: [Double])
    -> LayerVJP
  {
    let m = inputs
    var dp = [Double](repeating: 0, count: units * m + units)
    var dx = [Double](repeating: 0, count: m)
    for i in 0..<units {
      for j in 0..<m {
        dp[i * m + j] = g[i] * x[j]
        dx[j] += p[i * m + j] * g[i]
      }
      dp[units * m + i] = g[i]
    }
    return LayerVJP(input: dx, parameters: dp)
  }

  /// ∂z/∂a = W, dense.
  public func jacobian(_ x: [Double], parameters p: [Double], output: Quantity, input: Quantity)
    -> Jacobian
  {
    let w = Matrix(rows: units, columns: inputs, storage: Array(p[0..<(units * inputs)]))
    return Jacobian(of: output, withRespectTo: input, .dense(w))
  }
}
