extension Diagnosis {
  /// Nothing computed: every gradient is exactly zero while the right ones are not.
  static func allZeroFinding(_ e: Evidence) -> DiagnosisFinding? {
    guard e.given.allSatisfy({ $0 == 0 }) && e.right.contains(where: { $0 != 0 }) else {
      return nil
    }
    return DiagnosisFinding(
      cause: .unknown, confidence: DiagnosisThreshold.allZeroConfidence, detail: .allZero,
      example: e.exampleFacts, factor: 0, entries: [e.example])
  }

  /// The gradients agree with backprop everywhere: the finite differences are to blame.
  static func finiteDifferenceFinding(_ e: Evidence, report: CheckReport) -> DiagnosisFinding {
    DiagnosisFinding(
      cause: .unknown, confidence: DiagnosisThreshold.finiteDifferencesConfidence,
      detail: .finiteDifferencesInaccurate(advice(report)), example: e.exampleFacts)
  }

  /// What to try when correct gradients fail the finite differences.
  static func advice(_ report: CheckReport) -> FiniteDifferenceAdvice {
    let method = report.method
    let isDefault =
      report.epsilon
      == (report.precision == .double ? method.defaultEpsilon : method.defaultFloatEpsilon)
    if report.precision == .double && isDefault && !method.isComplex {
      return .useMethod(.complexStep)
    }
    if method.isComplex { return .checkForOverflow }
    return .useDefaultStepOrMethod(.complexStep)
  }

  /// No pattern fits: which blocks are wrong, and the first layer at which things go wrong.
  static func unexplainedFinding(_ e: Evidence, wrong: [Int]) -> DiagnosisFinding {
    let wrongIndices = wrong.map { e.judged[$0] }
    return DiagnosisFinding(
      cause: .unknown, confidence: 0,
      detail: .unexplained(unexplainedPattern(e, wrong: Set(wrongIndices))),
      example: e.exampleFacts, entries: Array(wrongIndices.prefix(DiagnosisThreshold.citedEntries)))
  }

  /// The wrong entries block by block, and the first layer holding one.
  private static func unexplainedPattern(_ e: Evidence, wrong: Set<ParameterIndex>)
    -> UnexplainedPattern
  {
    var blocks: [UnexplainedPattern.WrongBlock] = []
    var firstWrongLayer: Int?
    for l in 1...e.network.depth {
      for isWeight in [true, false] {
        let block = e.judged.filter { $0.layer == l && $0.isWeight == isWeight }
        guard !block.isEmpty else { continue }
        let bad = block.filter { wrong.contains($0) }
        guard !bad.isEmpty else { continue }
        firstWrongLayer = firstWrongLayer ?? l
        let dot = bad.reduce(0) { $0 + e.analytic[$1] * e.truth[$1] }
        let norm = bad.reduce(0) { $0 + e.truth[$1] * e.truth[$1] }
        blocks.append(
          .init(
            block: ParameterBlock(layer: l, isWeight: isWeight), wrong: bad.count,
            judged: block.count, ratio: norm > 0 ? dot / norm : nil))
      }
    }
    let onlyFirst =
      firstWrongLayer == 1 && e.network.depth > 1 && !wrong.contains(where: { $0.layer > 1 })
    return UnexplainedPattern(
      blocks: blocks, firstWrongLayer: firstWrongLayer, onlyFirstLayerWrong: onlyFirst)
  }
}
