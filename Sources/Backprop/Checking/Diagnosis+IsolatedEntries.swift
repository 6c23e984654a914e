extension Diagnosis {
  /// A few entries wrong and the rest right: at most
  /// `DiagnosisThreshold.isolatedEntriesMinimumAllowance` or a tenth of the judged entries,
  /// and not all of them.
  static func isolatedEntriesFinding(_ e: Evidence, wrongIndices: [ParameterIndex])
    -> DiagnosisFinding?
  {
    let judgedCount = e.judged.count
    let allowance = max(DiagnosisThreshold.isolatedEntriesMinimumAllowance, judgedCount / 10)
    guard wrongIndices.count <= allowance && wrongIndices.count < judgedCount else { return nil }
    return DiagnosisFinding(
      cause: .isolatedEntries, confidence: DiagnosisThreshold.isolatedEntriesConfidence,
      detail: .isolatedEntries(wrong: wrongIndices, judged: judgedCount), example: e.exampleFacts,
      entries: wrongIndices)
  }
}
