extension LayerMistakes {
  /// The causes shared with dense networks, by the dense diagnosis's own rules.
  ///
  /// `Diagnosis.factorFindings` and `Diagnosis.biasFinding`, on the layered network's
  /// tensors: one factor across every judged entry (the sign, the sum over the samples, a scale), or
  /// the bias tensors wrong with every other tensor right. Empty when neither fits.
  ///
  /// The judged entries are every parameter except those the check left as kinks; the
  /// right values are the network's backward pass.
  /// - Complexity: one backward pass over the samples, plus O(parameters).
  static func denseCauses(
    network: LayeredNetwork, samples: [Sample], analytic: [Double], report: LayerCheckReport
  ) -> [LayerMistakeFinding] {
    let truth = network.gradients(over: samples)
    let kinked = Set(report.entries.filter { $0.status == .kink }.map(\.index))
    let judged = network.parameters.indices.filter { !kinked.contains($0) }
    guard !judged.isEmpty, truth.count == analytic.count else { return [] }
    let scale = judged.reduce(0) { max($0, abs(truth[$1])) }
    let match = Tolerance(
      rtol: DiagnosisThreshold.matchRelativeTolerance,
      atol: DiagnosisThreshold.matchAbsolutePerScale * scale
        + DiagnosisThreshold.matchAbsoluteFloor)
    let given = judged.map { analytic[$0] }
    let right = judged.map { truth[$0] }
    let wrong = judged.indices.filter { !match.accepts(given[$0], right[$0]) }
    guard !wrong.isEmpty else { return [] }
    let every = "every tensor"
    if let c = Diagnosis.leastSquaresFactor(given: given, right: right, in: Array(judged.indices)) {
      let fits = judged.indices.filter { match.accepts(given[$0], c * right[$0]) }.count
      let share = Double(fits) / Double(judged.count)
      if share >= DiagnosisThreshold.factorFitShare && Diagnosis.differsFromOne(c) {
        return factorFindings(c, share: share, network: network, samples: samples.count)
          .map { LayerMistakeFinding(mistake: $0.0, site: every, agreement: share, cause: $0.1) }
      }
    }
    return biasFinding(
      network: network, judged: judged, wrong: wrong.map { judged[$0] },
      of: (
        analytic, truth
      )
    ).map { [$0] } ?? []
  }

  /// The dense findings of one factor c: the sign (c = −1), the sum over the samples (c = m,
  /// its sentence naming a scale as the alternative) or a scale.
  static func factorFindings(_ c: Double, share: Double, network: LayeredNetwork, samples m: Int)
    -> [(LayerMistake, DiagnosisFinding)]
  {
    if abs(c + 1) < DiagnosisThreshold.factorRelativeTolerance {
      return [(.sign, DiagnosisFinding(cause: .sign, confidence: share, detail: .sign, factor: -1))]
    }
    let outputs = network.outputShape.count
    let output = (network.layers.last as? ActivationLayer)?.activation ?? .identity
    let constant = network.cost.function.lostConstant(outputs: outputs, outputActivation: output)
    // The dense sentence names both fits (the sum over the samples, or the same factor
    // from elsewhere): one finding, not the dense report's separate alternative.
    if m > 1 && abs(c - Double(m)) < DiagnosisThreshold.factorRelativeTolerance * Double(m) {
      return [
        (
          .sumInsteadOfMean,
          DiagnosisFinding(
            cause: .sumInsteadOfMean, confidence: share,
            detail: .sumInsteadOfMean(factor: c, samples: m, constant: constant), factor: c)
        )
      ]
    }
    let name = Diagnosis.factorName(c, outputs: outputs, samples: m)
    return [
      (
        .scale,
        DiagnosisFinding(
          cause: .scale, confidence: share,
          detail: .scale(factor: c, name: name, constant: constant), factor: c)
      )
    ]
  }

  /// The dense bias finding: every wrong entry in a bias tensor (`b1`, `b4`, …) and at
  /// least `DiagnosisThreshold.biasWrongShare` of the judged biases (or
  /// `DiagnosisThreshold.biasWrongMinimum` of them) wrong.
  static func biasFinding(
    network: LayeredNetwork, judged: [Int], wrong: [Int], of values: ([Double], [Double])
  ) -> LayerMistakeFinding? {
    let slots = network.tensorSlots
    func biasSlot(_ i: Int) -> TensorSlot? {
      slots.first { $0.range.contains(i) && $0.tensor.stem == "b" }
    }
    guard wrong.allSatisfy({ biasSlot($0) != nil }),
      judged.contains(where: { biasSlot($0) == nil })
    else { return nil }
    let biases = judged.filter { biasSlot($0) != nil }.count
    let share = Double(wrong.count) / Double(max(biases, 1))
    guard
      share >= DiagnosisThreshold.biasWrongShare
        || wrong.count >= DiagnosisThreshold.biasWrongMinimum
    else { return nil }
    let wrongSlots = slots.filter { slot in wrong.contains { slot.range.contains($0) } }
    let (analytic, truth) = values
    let ratios = wrong.compactMap { truth[$0] == 0 ? nil : analytic[$0] / truth[$0] }
    let ratio =
      ratios.first.flatMap { first in
        ratios.allSatisfy { Diagnosis.isFactor($0, near: first) } ? first : nil
      }
    let confidence =
      DiagnosisThreshold.biasConfidenceBase + DiagnosisThreshold.biasConfidenceRange * min(1, share)
    let cause = DiagnosisFinding(
      cause: .bias, confidence: confidence,
      detail: .bias(layers: wrongSlots.map(\.number), ratio: ratio))
    return LayerMistakeFinding(
      mistake: .bias, site: wrongSlots.map(\.name).joined(separator: ", "),
      agreement: 1 - Double(wrong.count) / Double(judged.count), cause: cause)
  }
}
