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
  /// smallest set whose gradients reproduce every judged entry (to 1e-6 relative); when no
  /// set does, the smallest that reproduces every judged entry of the failing tensors (a
  /// tensor that passes is right whatever the set gives it, as when a student kept one part
  /// of a buggy pass and fixed another: the seed's convolution with a right bias gradient);
  /// none when no set does.
  ///
  /// Mistakes that reproduce the gradients equally well alone are reported together
  /// (`indistinguishableFrom`), as is a recurrent layer's truncated BPTT when no parameter
  /// lies before it: its gradients are then those of a missing sum over time that keeps the
  /// last step.
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
    let everyJudged = report.entries.filter { $0.status != .kink }
    var judged = everyJudged
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
    var fit = combos.first { agreement($0) == 1 }
    if fit == nil {
      judged = everyJudged.filter { failing.contains($0.tensor) }
      fit = combos.first { agreement($0) == 1 }
    }
    guard let best = fit else { return [] }
    var findings = best.map { finding($0, network: network, agreement: 1) }
    if best.count == 1 {
      let site = best[0]
      let others = sites.filter { $0 != site && $0.layer == site.layer && agreement([$0]) == 1 }
      findings[0].indistinguishableFrom = others.map(\.mistake)
      if site.mistake == .truncatedBPTT
        && !others.contains(where: { $0.mistake == .missingSumOverTime })
        && !slots.contains(where: { $0.layerIndex < site.layer })
      {
        findings[0].indistinguishableFrom.append(.missingSumOverTime)
      }
    }
    return findings
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
        var here: [LayerMistake] = [
          .flippedKernel, .flippedKernelInKernelGradient, .kernelGradientAsConvolution,
          .filterGradientFromOutputs, .filterGradientFromOwnOutputs,
        ]
        if network.activationFollows(k) {
          here += [
            .filterGradientFromPreActivationOutputs, .filterGradientFromOwnPreActivationOutputs,
          ]
        }
        // The input gradient matters only with parameters before the layer.
        if k > 0 {
          here += [
            .flippedKernelInInputGradient, .missingSumOverFilters, .missingSumOverFiltersFirstKept,
          ]
        }
        out += here.map { MistakeSite(mistake: $0, layer: k) }
      case .dense(let n):
        let inputs = network.tensorSlots.first { $0.layerIndex == k }?.tensor.shape.last
        if k > 0 && inputs == n { out.append(MistakeSite(mistake: .transpose, layer: k)) }
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
        let shares = network.activationFollows(k)
        let vjp = MistakenBackward.backward(
          network.layers[k], x: values[k], output: values[shares ? k + 2 : k + 1], p: p, g: g,
          mistakes: here, preActivation: values[k + 1])
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

extension LayeredNetwork {
  /// Whether an activation follows layer k in the same layer number (`conv 2 3x3, relu`).
  func activationFollows(_ k: Int) -> Bool {
    k + 1 < layers.count && numbers[k + 1] == numbers[k]
  }
}
