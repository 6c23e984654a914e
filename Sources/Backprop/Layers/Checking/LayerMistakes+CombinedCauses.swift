/// Dense causes combined with the layers' own mistakes: one factor over every gradient
/// (the sign, the sum over the samples, a scale) and bias gradients left at zero, applied on
/// top of each hypothesis of the layered search.
struct DenseOverlay: Equatable {
  /// The factor every gradient is multiplied by (1: none).
  var factor: Double = 1
  /// The bias tensors (slot indices) whose gradients are left at zero.
  var zeroedBiases: [Int] = []

  /// How many mistakes the overlay adds to a hypothesis.
  var count: Int { (factor == 1 ? 0 : 1) + zeroedBiases.count }

  /// `gradients` with the overlay applied.
  func applied(to gradients: [Double], slots: [TensorSlot]) -> [Double] {
    var out = factor == 1 ? gradients : gradients.map { $0 * factor }
    for t in zeroedBiases { for i in slots[t].range { out[i] = 0 } }
    return out
  }
}

extension LayerMistakes {
  /// The bias tensors that fail and whose given gradients are all exactly zero: candidates
  /// for a bias gradient never computed.
  static func zeroedBiasCandidates(
    network: LayeredNetwork, analytic: [Double], failing: Set<String>
  ) -> [Int] {
    network.tensorSlots.indices.filter { t in
      let slot = network.tensorSlots[t]
      return slot.tensor.stem == "b" && failing.contains(slot.name)
        && slot.range.allSatisfy { analytic[$0] == 0 }
    }
  }

  /// The overlays to try on a hypothesis's gradients `g`, fewest mistakes first: none, the
  /// zeroed biases, each with the least-squares factor between the given gradients and the
  /// hypothesis's over the `judged` entries when that factor is not 1 (`withFactor`).
  /// - Complexity: O(parameters) per overlay, at most four overlays.
  static func overlays(
    for g: [Double], analytic: [Double], judged: [Int], zeroed: [Int], slots: [TensorSlot],
    withFactor: Bool
  ) -> [DenseOverlay] {
    var out: [DenseOverlay] = []
    for biases in zeroed.isEmpty ? [[]] : [[], zeroed] {
      let base = DenseOverlay(factor: 1, zeroedBiases: biases)
      out.append(base)
      guard withFactor else { continue }
      let h = base.applied(to: g, slots: slots)
      // Two entries at least carry the fit, so a lone entry cannot fit by its own ratio.
      guard judged.filter({ h[$0] != 0 }).count >= 2,
        let c = Diagnosis.leastSquaresFactor(given: analytic, right: h, in: judged),
        c.isFinite, abs(c) > DiagnosisThreshold.factorRelativeTolerance,
        Diagnosis.differsFromOne(c)
      else { continue }
      out.append(DenseOverlay(factor: c, zeroedBiases: biases))
    }
    return out.sorted { $0.count < $1.count }
  }

  /// The findings an overlay adds: the factor's dense finding, then the zeroed biases.
  static func findings(
    of overlay: DenseOverlay, network: LayeredNetwork, samples m: Int
  ) -> [LayerMistakeFinding] {
    var out: [LayerMistakeFinding] = []
    if overlay.factor != 1,
      let (mistake, cause) = factorFindings(overlay.factor, share: 1, network: network, samples: m)
        .first
    {
      out.append(
        LayerMistakeFinding(mistake: mistake, site: "every tensor", agreement: 1, cause: cause))
    }
    if !overlay.zeroedBiases.isEmpty {
      let slots = overlay.zeroedBiases.map { network.tensorSlots[$0] }
      let cause = DiagnosisFinding(
        cause: .bias, confidence: 1, detail: .bias(layers: slots.map(\.number), ratio: 0))
      out.append(
        LayerMistakeFinding(
          mistake: .bias, site: slots.map(\.name).joined(separator: ", "), agreement: 1,
          cause: cause))
    }
    return out
  }
}
