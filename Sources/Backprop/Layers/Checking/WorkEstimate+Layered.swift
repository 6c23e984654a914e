extension WorkEstimate {
  /// A gradient check of a layered network with `options`, counted as
  /// `gradientCheck(sizes:samples:options:)` counts a dense one, in units of one forward
  /// pass over every parameter: a convolution's forward pass reads each filter entry at
  /// every output position, a recurrent layer's each parameter at every time step.
  public static func gradientCheck(
    network: LayeredNetwork, samples: Int, options: GradientCheckOptions
  ) -> WorkEstimate {
    let offsets = options.method.isComplex ? 1 : options.method.offsets.count
    var evaluations = offsets
    if let n = options.directions { evaluations = product([n, offsets]) }
    if let k = options.entriesPerBlock {
      let checked = product([k, network.tensorSlots.count, offsets])
      evaluations = max(1, min(offsets, checked / max(1, network.parameterCount)))
    }
    return layered(
      network, samples: samples, evaluations: product([evaluations, passCost(network)]))
  }

  /// A Taylor test of a layered network with `options`: per numbered layer with parameters,
  /// `evaluationsPerSeries` full forward passes; per entry, as many incremental ones.
  public static func taylor(network: LayeredNetwork, samples: Int, options: TaylorOptions)
    -> WorkEstimate
  {
    let perSeries = options.evaluationsPerSeries
    let layers = product([Set(network.tensorSlots.map(\.number)).count, perSeries])
    let evaluations = options.perEntry ? sum(layers, perSeries) : layers
    return layered(
      network, samples: samples, evaluations: product([evaluations, passCost(network)]))
  }

  /// Four copies of the parameters and every layer's numbers for every sample.
  private static func layered(_ network: LayeredNetwork, samples: Int, evaluations: Int)
    -> WorkEstimate
  {
    let units = network.layers.reduce(network.inputShape.count) { sum($0, $1.outputShape.count) }
    let memory = sum(
      product([4, network.parameterCount]), product([2, samples, units]))
    return WorkEstimate(
      parameters: network.parameterCount, samples: samples, evaluations: evaluations,
      memoryNumbers: memory)
  }

  /// The multiply-adds of one forward pass per parameter, at least 1.
  static func passCost(_ network: LayeredNetwork) -> Int {
    var work = 0
    for layer in network.layers {
      let reads: Int
      switch layer {
      case let conv as Conv2DLayer:
        reads = product([conv.kernelCount, conv.outputHeight, conv.outputWidth])
      case let rnn as RNNLayer: reads = product([rnn.parameterCount, rnn.steps])
      case let lstm as LSTMLayer: reads = product([lstm.parameterCount, lstm.steps])
      default: reads = max(layer.parameterCount, layer.outputShape.count)
      }
      work = sum(work, reads)
    }
    let parameters = max(1, network.parameterCount)
    return max(1, work / parameters + (work % parameters == 0 ? 0 : 1))
  }
}
