/// The mean cost of a layered network with one parameter perturbed, recomputing only what
/// the perturbation touches.
///
/// Every layer's input and output and every kinked layer's branches are cached per sample
/// at the unperturbed parameters. A parameter of layer k leaves layers 1 … k − 1 alone, so
/// their cached outputs are reused; layer k itself uses its shortcut when it has one (a
/// dense weight W[i,j] moves z_i alone, a kernel entry K[f,…] moves channel f alone,
/// `Layer.perturbedOutput`), and the layers after it run forward. A step crossed a kink
/// when those layers' branches differ from the cached ones.
struct IncrementalLayerCost<T: NetworkScalar> {
  let network: LayeredNetwork
  let samples: [Sample]
  /// `values[s][k]`: layer k's input for sample s; `values[s][L]` the output.
  private(set) var values: [[[T]]] = []
  /// `branches[s][k]`: layer k's kink branches for sample s.
  private var branches: [[[Int]]] = []
  /// `onKink[s][k]`: the positions in `branches[s][k]` of units exactly on a kink.
  private var onKink: [[[Int]]] = []
  /// Each layer's parameters in T.
  let parameters: [[T]]
  /// The unperturbed mean cost.
  private(set) var baseCost = T(0)

  init(network: LayeredNetwork, samples: [Sample]) {
    self.network = network
    self.samples = samples
    let theta = network.parameters.map { T($0) }
    let parameters = network.layers.indices.map { network.slice(theta, layer: $0) }
    self.parameters = parameters
    var total = T(0)
    for sample in samples {
      var xs = [sample.input.map(T.init)]
      var bs: [[Int]] = []
      var ks: [[Int]] = []
      for (k, layer) in network.layers.enumerated() {
        var record = KinkRecord()
        xs.append(layer.forward(xs[k], parameters: parameters[k], kinks: &record))
        bs.append(record.branches)
        ks.append(record.onKink)
      }
      var ignored = KinkRecord()
      let last = network.layers.count - 1
      total =
        total
        + network.cost(
          from: last, input: xs[last], output: xs[last + 1], sample: sample,
          parameters: { parameters[$0] }, kinks: &ignored)
      values.append(xs)
      branches.append(bs)
      onKink.append(ks)
    }
    baseCost = total / T(Double(samples.count))
  }

  /// The mean cost with parameter `i` (flat) moved by `step`, and whether the step crossed
  /// a kink (`KinkCrossing`).
  /// - Complexity: per sample, layer k's shortcut or forward pass and the layers after it.
  func cost(perturbing i: Int, by step: T) -> (T, KinkCrossing) {
    guard let k = network.offsets.lastIndex(where: { $0 <= i }), k < network.layers.count
    else { return (baseCost, .none) }
    let local = i - network.offsets[k]
    let layer = network.layers[k]
    var total = T(0)
    var crossed = KinkCrossing.none
    for (s, sample) in samples.enumerated() {
      let x = values[s][k]
      var record = KinkRecord()
      var output =
        layer.perturbedOutput(x, output: values[s][k + 1], parameter: local, step: step)
      if output == nil {
        var p = parameters[k]
        p[local] = p[local] + step
        output = layer.forward(x, parameters: p, kinks: &record)
      }
      let c = network.cost(
        from: k, input: x, output: output, sample: sample, parameters: { parameters[$0] },
        kinks: &record)
      total = total + c
      if crossed != .crossed {
        var expected: [Int] = []
        var tied = Set<Int>()
        for j in k..<network.layers.count {
          for p in onKink[s][j] { tied.insert(expected.count + p) }
          expected += branches[s][j]
        }
        crossed = crossed.combined(
          with: KinkCrossing(record.branches, base: expected, onKink: tied))
      }
    }
    return (total / T(Double(samples.count)), crossed)
  }
}
