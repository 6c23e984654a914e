extension Diagnosis {
  /// The weight gradients right and at least `DiagnosisThreshold.biasWrongShare` of the
  /// biases (or `DiagnosisThreshold.biasWrongMinimum` of them) wrong.
  static func biasFinding(_ e: Evidence, wrongIndices: [ParameterIndex]) -> DiagnosisFinding? {
    let weightsRight = !wrongIndices.contains { $0.isWeight }
    guard weightsRight && e.judged.contains(where: { $0.isWeight }) else { return nil }
    let checkedBiases = e.judged.filter { !$0.isWeight }.count
    let share = Double(wrongIndices.count) / Double(max(checkedBiases, 1))
    guard
      share >= DiagnosisThreshold.biasWrongShare
        || wrongIndices.count >= DiagnosisThreshold.biasWrongMinimum
    else { return nil }
    let layers = Set(wrongIndices.map(\.layer)).sorted()
    let confidence =
      DiagnosisThreshold.biasConfidenceBase + DiagnosisThreshold.biasConfidenceRange * min(1, share)
    return DiagnosisFinding(
      cause: .bias, confidence: confidence,
      detail: .bias(layers: layers, ratio: sharedRatio(wrongIndices, e)), example: e.exampleFacts,
      entries: wrongIndices)
  }

  /// The ratio given / right the wrong entries share, if they share one.
  private static func sharedRatio(_ wrong: [ParameterIndex], _ e: Evidence) -> Double? {
    let ratios = wrong.compactMap { i -> Double? in
      e.truth[i] == 0 ? nil : e.analytic[i] / e.truth[i]
    }
    guard let first = ratios.first, ratios.allSatisfy({ isFactor($0, near: first) }) else {
      return nil
    }
    return first
  }
}
