extension LayeredNetwork {
  /// The outputs of every layer for `input`: `values[0]` is the input, `values[k + 1]` the
  /// output of layer k.
  /// - Complexity: one forward pass.
  public func trace(_ input: [Double]) -> [[Double]] {
    var values = [input]
    for (k, layer) in layers.enumerated() {
      values.append(layer.forward(values[k], parameters: slice(parameters, layer: k)))
    }
    return values
  }

  /// The last layer's activation when it forms a fused pair with the cost (softmax with
  /// categorical cross-entropy, sigmoid with cross-entropy): the cost is then computed from
  /// the activation's input, as the dense networks do.
  var fusedActivation: Activation? {
    guard let last = layers.last as? ActivationLayer, cost.isFused(with: last.activation)
    else { return nil }
    return last.activation
  }

  /// The cost of one sample with parameters `theta`, in any scalar type; records the kinks'
  /// branches in `kinks`.
  /// - Complexity: one forward pass.
  public func cost<T: NetworkScalar>(
    parameters theta: [T], sample: Sample, kinks: inout KinkRecord
  ) -> T {
    cost(
      from: 0, input: sample.input.map(T.init), sample: sample,
      parameters: { slice(theta, layer: $0) }, kinks: &kinks)
  }

  /// The cost of one sample from layer k on.
  ///
  /// `x` is layer k's input, or (with `output`) layer k's output is given and only the
  /// layers after it run. `parameters(j)` gives layer j's parameters.
  func cost<T: NetworkScalar>(
    from k: Int, input x: [T], output: [T]? = nil, sample: Sample,
    parameters: (Int) -> [T], kinks: inout KinkRecord
  ) -> T {
    var before = x
    var a = x
    for j in k..<layers.count {
      before = a
      if j == k, let output {
        a = output
      } else {
        a = layers[j].forward(a, parameters: parameters(j), kinks: &kinks)
      }
    }
    if let f = fusedActivation {
      return cost.value(z: before, a: a, outputActivation: f, target: sample.target)
    }
    return cost.value(a: a, target: sample.target)
  }

  /// The mean cost over `samples` with parameters `theta`, in any scalar type.
  /// - Complexity: one forward pass per sample.
  public func cost<T: NetworkScalar>(
    parameters theta: [T], over samples: [Sample], kinks: inout KinkRecord
  ) -> T {
    var total = T(0)
    for s in samples { total = total + cost(parameters: theta, sample: s, kinks: &kinks) }
    return total / T(Double(samples.count))
  }

  /// The mean cost over `samples` at the network's own parameters.
  public func cost(over samples: [Sample]) -> Double {
    var kinks = KinkRecord()
    return cost(parameters: parameters, over: samples, kinks: &kinks)
  }

  /// ∂C/∂θ of one sample's cost, flat like `parameters`, by the layers' backward passes.
  /// - Complexity: one forward and one backward pass.
  public func gradients(of sample: Sample) -> [Double] {
    let values = trace(sample.input)
    var dp = [Double](repeating: 0, count: parameterCount)
    var last = layers.count - 1
    var g: [Double]
    if let f = fusedActivation,
      let delta = cost.fusedOutputDelta(
        z: values[last], a: values[last + 1], target: sample.target, outputActivation: f)
    {
      g = delta
      last -= 1
    } else {
      g = cost.gradient(values[last + 1], target: sample.target)
    }
    for k in stride(from: last, through: 0, by: -1) {
      let vjp = layers[k].backward(
        values[k], parameters: slice(parameters, layer: k), outputGradient: g)
      for (i, d) in vjp.parameters.enumerated() { dp[offsets[k] + i] += d }
      g = vjp.input
    }
    return dp
  }

  /// ∂C/∂θ of the mean cost over `samples`.
  /// - Complexity: one forward and one backward pass per sample.
  public func gradients(over samples: [Sample]) -> [Double] {
    var total = [Double](repeating: 0, count: parameterCount)
    for s in samples {
      for (i, d) in gradients(of: s).enumerated() { total[i] += d }
    }
    let m = Double(samples.count)
    return total.map { $0 / m }
  }

  /// The local Jacobian of layer k at `input` (the layer's input), named by the network's
  /// quantities such as ∂z¹/∂a⁰ for a convolution.
  public func jacobian(layer k: Int, at input: [Double]) -> Jacobian {
    layers[k].jacobian(
      input, parameters: slice(parameters, layer: k), output: outputQuantity(of: k),
      input: inputQuantity(of: k))
  }
}
