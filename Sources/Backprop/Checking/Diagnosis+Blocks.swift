extension Diagnosis {
  /// The per-block pattern of the wrong entries (indices into `judged`): only biases wrong
  /// (`biasFinding`), whole blocks off by a factor, or a few isolated entries
  /// (`isolatedEntriesFinding`); `nil` when none fits.
  static func blockFinding(_ e: Evidence, wrong: [Int]) -> DiagnosisFinding? {
    let wrongIndices = wrong.map { e.judged[$0] }
    if let finding = biasFinding(e, wrongIndices: wrongIndices) { return finding }
    if let blocks = blockFactors(e, wrong: wrong) {
      return DiagnosisFinding(
        cause: .scale, confidence: DiagnosisThreshold.blockScaleConfidence,
        detail: .blockScale(blocks), example: e.exampleFacts,
        factor: blocks.count == 1 ? blocks[0].factor : nil, entries: wrongIndices)
    }
    return isolatedEntriesFinding(e, wrongIndices: wrongIndices)
  }
}
