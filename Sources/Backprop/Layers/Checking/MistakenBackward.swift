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
  /// - Returns: ∂C/∂input and ∂C/∂p with the mistakes made.
  public static func backward(
    _ layer: any Layer, x: [Double], output: [Double], p: [Double], g: [Double],
    mistakes: Set<LayerMistake>
  ) -> LayerVJP {
    if mistakes.isEmpty { return layer.backward(x, parameters: p, outputGradient: g) }
    if let conv = layer as? Conv2DLayer {
      return convolution(conv, x: x, output: output, p: p, g: g, mistakes: mistakes)
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
    // dx[c,u,v] keeps only the last filter's terms when the sum over filters is missing.
    var lastFilter = [Int](repeating: -1, count: x.count)
    conv.forEachTerm { out, input, k in
      // Flipping maps (i, j) to (kh − 1 − i, kw − 1 − j) inside the same filter and channel.
      let ij = k % (kh * kw)
      let fk = k - ij + (kh - 1 - ij / kw) * kw + (kw - 1 - ij % kw)
      let kernelIndex = flipped ? fk : k
      dp[kernelIndex] += g[out] * (fromOwn ? ownSources[out / plane][input] : source[input])
      if mistakes.contains(.missingSumOverFilters) {
        let f = out / plane
        if f != lastFilter[input] {
          dx[input] = 0
          lastFilter[input] = f
        }
      }
      dx[input] += g[out] * p[kernelIndex]
    }
    return LayerVJP(input: dx, parameters: dp)
  }
}
