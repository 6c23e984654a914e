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
  ///
  /// Each set is also tried with the dense causes on top (`DenseOverlay`): every gradient
  /// times one factor (fitted by least squares, then named as the sign, the sum over the
  /// samples or a scale) and failing bias tensors given as all zeros left at zero. Each
  /// counts as one more mistake, so a set of k layer mistakes with a factor ranks with sets
  /// of k + 1. The factor is fitted only against every judged entry.
  /// - Complexity: at most 2,324 backward passes over the samples (24 sites: singles, pairs
  ///   and triples), each followed by at most four O(parameters) overlay comparisons; the
  ///   search stops at the first size that no larger set can beat.
  static func explain(
    network: LayeredNetwork, samples: [Sample], analytic: [Double], report: LayerCheckReport
  ) -> [LayerMistakeFinding] {
    // A mistake can only explain failures in what it touches: a sign, its tensor; any
    // other mistake in layer k, the tensors of layers 1 … k.
    let slots = network.tensorSlots
    let failing = Set(report.failedEntries.map(\.tensor))
    let allSites = applicableSites(network).filter { site in
      if site.mistake == .wrongSign { return failing.contains(slots[site.tensor].name) }
      return slots.contains { $0.layerIndex <= site.layer && failing.contains($0.name) }
    }
    // A bias tensor given as zeros is tried as left at zero; its sign cannot matter then.
    let zeroed = zeroedBiasCandidates(network: network, analytic: analytic, failing: failing)
    let sites = allSites.filter { !($0.mistake == .wrongSign && zeroed.contains($0.tensor)) }
    let everyJudged = report.entries.filter { $0.status != .kink }
    var judged = everyJudged
    guard !judged.isEmpty, !sites.isEmpty else { return [] }
    let loose = Tolerance(rtol: 1e-6, atol: 1e-9 * max(1, maxMagnitude(analytic)))
    func agrees(_ g: [Double]) -> Bool {
      judged.allSatisfy { loose.accepts(g[$0.index], analytic[$0.index]) }
    }
    /// The first overlay (fewest mistakes) under which `set` reproduces every judged entry.
    func fit(_ set: [MistakeSite], withFactor: Bool) -> DenseOverlay? {
      let g = gradients(network: network, samples: samples, mistakes: set)
      let candidates = overlays(
        for: g, analytic: analytic, judged: judged.map(\.index), zeroed: zeroed, slots: slots,
        withFactor: withFactor)
      return candidates.first { agrees($0.applied(to: g, slots: slots)) }
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
    // The set with the fewest mistakes, its overlay's counted too; the first on a tie.
    // Sets only grow along `combos`, so the search stops once no later set can do better.
    func search(withFactor: Bool) -> (set: [MistakeSite], overlay: DenseOverlay)? {
      var best: (set: [MistakeSite], overlay: DenseOverlay)?
      for set in combos {
        if let b = best, set.count >= b.set.count + b.overlay.count { break }
        if let overlay = fit(set, withFactor: withFactor) {
          if let b = best, set.count + overlay.count >= b.set.count + b.overlay.count {
            continue
          }
          best = (set, overlay)
        }
      }
      return best
    }
    // A factor is fitted only against every judged entry: on the failing tensors alone a
    // factor could match a lone failing entry by its own ratio.
    var found = search(withFactor: true)
    if found == nil {
      judged = everyJudged.filter { failing.contains($0.tensor) }
      found = search(withFactor: false)
    }
    guard let (best, overlay) = found else { return [] }
    var findings = best.map { finding($0, network: network, agreement: 1) }
    if best.count == 1 {
      let site = best[0]
      let others = sites.filter {
        $0 != site && $0.layer == site.layer
          && fit([$0], withFactor: overlay.factor != 1)?.count == overlay.count
      }
      findings[0].indistinguishableFrom = others.map(\.mistake)
      if site.mistake == .truncatedBPTT
        && !others.contains(where: { $0.mistake == .missingSumOverTime })
        && !slots.contains(where: { $0.layerIndex < site.layer })
      {
        findings[0].indistinguishableFrom.append(.missingSumOverTime)
      }
    }
    findings += Self.findings(of: overlay, network: network, samples: samples.count)
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
