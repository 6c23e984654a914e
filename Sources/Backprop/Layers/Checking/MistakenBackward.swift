/// Backward passes with a named mistake made: the hypotheses of `LayerMistakes`, and the
/// way tests rebuild buggy gradient files.
public enum MistakenBackward {
  /// Layer `layer`'s VJP with `mistakes` made (the correct VJP when none applies).
  /// - Parameters:
  ///   - layer: The layer.
  ///   - x: Its input.
  ///   - output: The layer's output at `x`, after its activation when one follows (the
  ///     filter-gradient-from-outputs mistake reads it).
  ///   - p: Its parameters.
  ///   - g: ∂C/∂output.
  ///   - mistakes: The mistakes to make.
  ///   - preActivation: The layer's own output, before the activation that follows it (the
  ///     pre-activation variants read it); `output` when `nil`.
  /// - Returns: ∂C/∂input and ∂C/∂p with the mistakes made.
  public static func backward(
    _ layer: any Layer, x: [Double], output: [Double], p: [Double], g: [Double],
    mistakes: Set<LayerMistake>, preActivation: [Double]? = nil
  ) -> LayerVJP {
    if mistakes.isEmpty { return layer.backward(x, parameters: p, outputGradient: g) }
    if let conv = layer as? Conv2DLayer {
      var mistakes = mistakes
      var output = output
      // The pre-activation variants: the same mistakes, reading z.
      for (pre, post) in [
        (
          LayerMistake.filterGradientFromPreActivationOutputs,
          LayerMistake.filterGradientFromOutputs
        ),
        (.filterGradientFromOwnPreActivationOutputs, .filterGradientFromOwnOutputs),
      ] where mistakes.contains(pre) {
        mistakes.remove(pre)
        mistakes.insert(post)
        output = preActivation ?? output
      }
      return convolution(conv, x: x, output: output, p: p, g: g, mistakes: mistakes)
    }
    if let dense = layer as? DenseLayer, mistakes.contains(.transpose) {
      return transposed(dense, x: x, p: p, g: g)
    }
    if let act = layer as? ActivationLayer, mistakes.contains(.derivativeOverwritesGradient) {
      // δ = f′(z): the incoming gradient replaced by ones before the product.
      let ones = [Double](repeating: 1, count: g.count)
      return act.backward(x, parameters: p, outputGradient: ones)
    }
    let through = mistakes.contains(.truncatedBPTT) ? 1 : Int.max
    let summed = !mistakes.contains(.missingSumOverTime)
    if let rnn = layer as? RNNLayer {
      return rnn.backward(
        x, parameters: p, outputGradient: g, steps: min(through, rnn.steps), summed: summed)
    }
    if let lstm = layer as? LSTMLayer {
      return lstm.backward(
        x, parameters: p, outputGradient: g, steps: min(through, lstm.steps), summed: summed)
    }
    return layer.backward(x, parameters: p, outputGradient: g)
  }

  /// A convolution's VJP with its mistakes.
  static func convolution(
    _ conv: Conv2DLayer, x: [Double], output: [Double], p: [Double], g: [Double],
    mistakes: Set<LayerMistake>
  ) -> LayerVJP {
    let (kh, kw) = (conv.kernelHeight, conv.kernelWidth)
    let flipped = mistakes.contains(.flippedKernel)
    let flipsKernelGradient = flipped || mistakes.contains(.flippedKernelInKernelGradient)
    let flipsInputGradient = flipped || mistakes.contains(.flippedKernelInInputGradient)
    let convolved = mistakes.contains(.kernelGradientAsConvolution)
    // The filter gradient's "input": the layer's outputs laid over the input's positions
    // (zero where the output has no entry), channel c read from output channel c mod F, or
    // with the own-output variant every channel of filter f from output channel f.
    let fromOutputs = mistakes.contains(.filterGradientFromOutputs)
    let fromOwn = mistakes.contains(.filterGradientFromOwnOutputs)
    func laidOver(_ channel: (Int) -> Int) -> [Double] {
      let (h, w) = (conv.height, conv.width)
      let (ho, wo) = (conv.outputHeight, conv.outputWidth)
      var out = x
      for c in 0..<conv.channels {
        let f = channel(c)
        for u in 0..<h {
          for v in 0..<w {
            out[(c * h + u) * w + v] = u < ho && v < wo ? output[(f * ho + u) * wo + v] : 0
          }
        }
      }
      return out
    }
    let source = fromOutputs ? laidOver { $0 % conv.filters } : x
    // Per filter for the own-output variant.
    let ownSources = fromOwn ? (0..<conv.filters).map { f in laidOver { _ in f } } : []
    var dp = [Double](repeating: 0, count: conv.parameterCount)
    var dx = [Double](repeating: 0, count: x.count)
    let plane = conv.outputHeight * conv.outputWidth
    let kernelCount = conv.kernelCount
    for (out, gi) in g.enumerated() { dp[kernelCount + out / plane] += gi }
    // dx[c,u,v] keeps only the last filter's terms when the sum over filters is missing
    // (or only the first filter's).
    var lastFilter = [Int](repeating: -1, count: x.count)
    var firstFilter = [Int](repeating: -1, count: x.count)
    let (ho, wo) = (conv.outputHeight, conv.outputWidth)
    conv.forEachTerm { out, input, k in
      // Flipping maps (i, j) to (kh − 1 − i, kw − 1 − j) inside the same filter and channel.
      let ij = k % (kh * kw)
      let fk = k - ij + (kh - 1 - ij / kw) * kw + (kw - 1 - ij % kw)
      let f = out / plane
      // A true convolution of the input with g reads g turned by 180° in its plane.
      let gOut =
        convolved
        ? g[f * plane + (ho - 1 - (out % plane) / wo) * wo + (wo - 1 - out % wo)] : g[out]
      dp[flipsKernelGradient ? fk : k] +=
        gOut * (fromOwn ? ownSources[f][input] : source[input])
      if mistakes.contains(.missingSumOverFilters) && f != lastFilter[input] {
        dx[input] = 0
        lastFilter[input] = f
      }
      if firstFilter[input] < 0 { firstFilter[input] = f }
      if mistakes.contains(.missingSumOverFiltersFirstKept) && f != firstFilter[input] { return }
      dx[input] += g[out] * p[flipsInputGradient ? fk : k]
    }
    return LayerVJP(input: dx, parameters: dp)
  }

  /// A dense layer's VJP with W in place of Wᵀ in its input gradient: defined for a square
  /// W only (the correct VJP otherwise).
  static func transposed(_ dense: DenseLayer, x: [Double], p: [Double], g: [Double])
    -> LayerVJP
  {
    let right = dense.backward(x, parameters: p, outputGradient: g)
    let (n, m) = (g.count, x.count)
    guard n == m else { return right }
    var dx = [Double](repeating: 0, count: m)
    for i in 0..<n {
      for j in 0..<m { dx[i] += p[i * m + j] * g[j] }
    }
    return LayerVJP(input: dx, parameters: right.parameters)
  }
}
