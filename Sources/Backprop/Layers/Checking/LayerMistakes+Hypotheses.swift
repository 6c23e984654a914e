/// One applied mistake: which mistake at which layer (or tensor).
struct MistakeSite: Hashable {
  var mistake: LayerMistake
  /// The layer position k.
  var layer: Int
  /// For `wrongSign`: the tensor's slot index.
  var tensor: Int = -1
}

extension LayerMistakes {
  /// Tries every applicable mistake alone, then pairs and triples of them, and returns the
  /// smallest set whose gradients reproduce every judged entry (to 1e-6 relative); none
  /// when no set does.
  static func explain(
    network: LayeredNetwork, samples: [Sample], analytic: [Double], report: LayerCheckReport
  ) -> [LayerMistakeFinding] {
    // A mistake can only explain failures in what it touches: a sign, its tensor; any
    // other mistake in layer k, the tensors of layers 1 … k.
    let slots = network.tensorSlots
    let failing = Set(report.failedEntries.map(\.tensor))
    let sites = applicableSites(network).filter { site in
      if site.mistake == .wrongSign { return failing.contains(slots[site.tensor].name) }
      return slots.contains { $0.layerIndex <= site.layer && failing.contains($0.name) }
    }
    let judged = report.entries.filter { $0.status != .kink }
    guard !judged.isEmpty, !sites.isEmpty else { return [] }
    let loose = Tolerance(rtol: 1e-6, atol: 1e-9 * max(1, maxMagnitude(analytic)))
    func agreement(_ set: [MistakeSite]) -> Double {
      let g = gradients(network: network, samples: samples, mistakes: set)
      let hits = judged.filter { loose.accepts(g[$0.index], analytic[$0.index]) }.count
      return Double(hits) / Double(judged.count)
    }
    var combos: [[MistakeSite]] = sites.map { [$0] }
    // Pairs and triples while the search stays small (at most 24 sites: 2,324 backward
    // passes over the samples).
    if sites.count <= 24 {
      for a in sites.indices {
        for b in (a + 1)..<sites.count { combos.append([sites[a], sites[b]]) }
      }
      for a in sites.indices {
        for b in (a + 1)..<sites.count {
          for c in (b + 1)..<sites.count { combos.append([sites[a], sites[b], sites[c]]) }
        }
      }
    }
    for combo in combos where agreement(combo) == 1 {
      return combo.map { finding($0, network: network, agreement: 1) }
    }
    return []
  }

  static func maxMagnitude(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }

  static func finding(_ s: MistakeSite, network: LayeredNetwork, agreement: Double)
    -> LayerMistakeFinding
  {
    let slots = network.tensorSlots
    let site =
      s.tensor >= 0 && s.tensor < slots.count
      ? slots[s.tensor].name
      : "layer \(network.numbers[s.layer]) (\(network.layers[s.layer].spec))"
    return LayerMistakeFinding(mistake: s.mistake, site: site, agreement: agreement)
  }

  /// Every mistake that can be made in this network, layer by layer.
  static func applicableSites(_ network: LayeredNetwork) -> [MistakeSite] {
    var out: [MistakeSite] = []
    for (k, layer) in network.layers.enumerated() {
      switch layer.spec {
      case .conv:
        out.append(MistakeSite(mistake: .flippedKernel, layer: k))
        out.append(MistakeSite(mistake: .filterGradientFromOutputs, layer: k))
        out.append(MistakeSite(mistake: .filterGradientFromOwnOutputs, layer: k))
        if k > 0 { out.append(MistakeSite(mistake: .missingSumOverFilters, layer: k)) }
      case .rnn, .lstm:
        out.append(MistakeSite(mistake: .missingSumOverTime, layer: k))
        out.append(MistakeSite(mistake: .truncatedBPTT, layer: k))
      case .activation(let f) where f.isElementwise && f != .identity:
        if k > 0 { out.append(MistakeSite(mistake: .derivativeOverwritesGradient, layer: k)) }
      default: break
      }
    }
    for (t, slot) in network.tensorSlots.enumerated() {
      out.append(MistakeSite(mistake: .wrongSign, layer: slot.layerIndex, tensor: t))
    }
    return out
  }

  /// ∂C/∂θ of the mean cost as a backward pass with `mistakes` made.
  static func gradients(network: LayeredNetwork, samples: [Sample], mistakes: [MistakeSite])
    -> [Double]
  {
    var total = [Double](repeating: 0, count: network.parameterCount)
    for sample in samples {
      let values = network.trace(sample.input)
      var (g, last) = network.costGradient(values, target: sample.target)
      for k in stride(from: last, through: 0, by: -1) {
        let p = network.slice(network.parameters, layer: k)
        let here = Set(mistakes.filter { $0.layer == k && $0.mistake != .wrongSign }.map(\.mistake))
        // The layer's output as a student's code keeps it: after its activation, if any.
        let shares = k + 1 < network.layers.count && network.numbers[k + 1] == network.numbers[k]
        let vjp = MistakenBackward.backward(
          network.layers[k], x: values[k], output: values[shares ? k + 2 : k + 1], p: p, g: g,
          mistakes: here)
        for (i, d) in vjp.parameters.enumerated() { total[network.offsets[k] + i] += d }
        g = vjp.input
      }
    }
    let slots = network.tensorSlots
    for m in mistakes where m.mistake == .wrongSign {
      for i in slots[m.tensor].range { total[i] = -total[i] }
    }
    return total.map { $0 / Double(samples.count) }
  }
}
