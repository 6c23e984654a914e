/// The Taylor test (`TaylorTest`) of a layered network: one random unit direction per
/// numbered layer with parameters (K1 and b1 together, Wf2 … bo2 together), and with
/// `perEntry` every entry along its own unit vector; the ladder of steps, the rounding
/// margin and the verdict are `TaylorTest.measure`'s.
///
/// The costs along a layer's direction are full forward passes (`PerturbedCost`), an entry's
/// the incremental ones; a step crosses a kink when a pass takes another branch (a relu's
/// side, a max-pool's winner) than the unperturbed one.
public enum LayeredTaylorTest {
  /// Measures the order of the Taylor remainder of every numbered layer (and entry) of
  /// `network`'s mean cost over `samples`, for the gradients `analytic`.
  /// - Throws: `GradientCheckError` for bad samples, shapes or options, or a forward pass
  ///   that is not finite.
  /// - Complexity: O(`maximumSteps` · m) forward passes per layer; per entry, as many
  ///   incremental evaluations.
  public static func run(
    network: LayeredNetwork, samples: [Sample], analytic: [Double],
    options: TaylorOptions = TaylorOptions(), progress: ((Int, Int) -> Void)? = nil
  ) throws(GradientCheckError) -> TaylorReport {
    try LayeredGradientCheck.validate(
      network: network, samples: samples, analytic: analytic, options: GradientCheckOptions())
    try options.validate()
    let noise = LayeredRoundingScale(network: network, samples: samples)
    let evaluator = PerturbedCost(network: network, samples: samples, precision: .double)
    let central = options.form == .central
    func series(_ d: [(Int, Double)], slope: Double) -> TaylorSeries {
      var parameterNoise = 0.0
      for (i, v) in d { parameterNoise += abs(network.parameters[i] * noise.gradient[i] * v) }
      return TaylorTest.measure(
        options: options, slope: slope, evaluationNoise: noise.evaluation,
        parameterNoise: parameterNoise
      ) { h in
        let (plus, up) = evaluator.change(along: d, by: h)
        guard central else { return (plus, 0, up != .none) }
        let (minus, down) = evaluator.change(along: d, by: -h)
        return (plus, minus, up != .none || down != .none)
      }
    }
    let groups = Dictionary(grouping: network.tensorSlots, by: \.number)
    let numbers = groups.keys.sorted()
    let total = numbers.count + (options.perEntry ? network.parameterCount : 0)
    var rng = SplitMix64(seed: options.seed)
    var layers: [TaylorLayer] = []
    for (n, number) in numbers.enumerated() {
      let indices = (groups[number] ?? []).flatMap { Array($0.range) }
      var v = indices.map { _ in rng.nextGaussian() }
      let norm = Vector.norm(v)
      if norm > 0 { v = v.map { $0 / norm } }
      var slope = 0.0
      for (i, vi) in zip(indices, v) { slope += analytic[i] * vi }
      layers.append(
        TaylorLayer(
          layer: number, parameters: indices.count,
          series: series(Array(zip(indices, v)), slope: slope)))
      progress?(n + 1, total)
    }
    var entries: [TaylorEntry] = []
    if options.perEntry {
      for slot in network.tensorSlots {
        for (k, i) in slot.range.enumerated() {
          entries.append(
            TaylorEntry(
              name: slot.entryName(k), position: slot.tensor.indices(of: k),
              series: series([(i, 1)], slope: analytic[i])))
          if let progress, i % 256 == 255 { progress(numbers.count + i + 1, total) }
        }
      }
    }
    progress?(total, total)
    return TaylorReport(
      form: options.form, sizes: [], architecture: network.architecture.description,
      sampleCount: samples.count, seed: options.seed, cost: network.cost(over: samples),
      layers: layers, entries: entries)
  }
}

/// The rounding scales of a layered network's cost at θ, as `RoundingScale` measures a dense
/// network's: per sample |C_s| + Σ_k Σ_j |g^k_j| M^k_j, with g^k = ∂C/∂(output of layer k)
/// by the library's backward pass and M^k_j the size of what output j sums: the layer run
/// on |input| with |parameters| (|b_j| + Σ |W_jk a_k| for dense and convolution layers, a
/// like scale for recurrent ones), or |output_j| for a layer without parameters.
struct LayeredRoundingScale {
  /// N, the mean over samples.
  let evaluation: Double
  /// The library's gradients of the mean cost, for the rounding of θ + hv.
  let gradient: [Double]

  /// - Complexity: three passes per sample.
  init(network: LayeredNetwork, samples: [Sample]) {
    var total = 0.0
    for sample in samples {
      let values = network.trace(sample.input)
      var kinks = KinkRecord()
      total += abs(network.cost(parameters: network.parameters, sample: sample, kinks: &kinks))
      var (g, last) = network.costGradient(values, target: sample.target)
      for k in stride(from: last, through: 0, by: -1) {
        let layer = network.layers[k]
        let p = network.slice(network.parameters, layer: k)
        let magnitude =
          layer.parameterCount > 0
          ? layer.forward(values[k].map(abs), parameters: p.map(abs)).map(abs)
          : values[k + 1].map(abs)
        for (gj, mj) in zip(g, magnitude) { total += abs(gj) * mj }
        g = layer.backward(values[k], parameters: p, outputGradient: g).input
      }
    }
    evaluation = total / Double(samples.count)
    gradient = network.gradients(over: samples)
  }
}
