/// Names the most likely mistake behind failing gradients.
///
/// Where the network is known, the gradients each classic mistake would produce are computed
/// (a sign flip, a constant factor, the sum over samples, and backprop with each
/// `BackpropMistake` built in) and compared with the given ones entry by entry, counting only
/// entries where the mistake makes a difference. The per-block pattern covers the rest: only
/// biases wrong, a few isolated entries, or the first layer at which things go wrong.
///
/// The findings are typed (`DiagnosisDetail`); the report renderers word them.
public enum Diagnosis {
  /// What every finding is judged on: the given and the right gradients at the judged
  /// entries, the tolerance for "equal", and the example entry each finding cites.
  struct Evidence {
    let network: Network
    let samples: [Sample]
    /// The gradients being checked.
    let analytic: Gradients
    /// The gradients backprop computes here.
    let truth: Gradients
    /// Every parameter except those the check left as kinks.
    let judged: [ParameterIndex]
    /// `analytic` at `judged`.
    let given: [Double]
    /// `truth` at `judged`.
    let right: [Double]
    /// When two gradients count as equal.
    let match: Tolerance
    /// The entry the findings point at.
    let example: ParameterIndex
    /// That entry with its values, or `.none`.
    let exampleFacts: DiagnosisExample
  }

  /// The findings for a failed `report`, best first (at least one).
  /// - Complexity: O(m · Σ n_l n_(l−1)) per candidate mistake, plus O(entries).
  public static func diagnose(
    network: Network, samples: [Sample], analytic: Gradients, report: CheckReport
  ) -> [DiagnosisFinding] {
    let truth = network.gradients(over: samples)
    // Every parameter, not only the checked ones: when only some entries or directions are
    // checked, the checked entries are a biased few, and the truth is known everywhere.
    // Entries the check left as kinks (unjudged, or a clear re-check agreed) are left out:
    // relu′(0) conventions differ.
    let kinked = Set(report.entries.filter { $0.status == .kink }.map(\.index))
    let judged = network.parameterIndices.filter { !kinked.contains($0) }
    guard !judged.isEmpty else {
      return [DiagnosisFinding(cause: .unknown, confidence: 0, detail: .nothingJudged)]
    }
    let scaleOfTruth = judged.reduce(0) { max($0, abs(truth[$1])) }
    let given = judged.map { analytic[$0] }
    let right = judged.map { truth[$0] }
    let (example, exampleFacts) = exampleEntry(
      report: report, judged: judged, given: given, right: right)
    let match = Tolerance(
      rtol: DiagnosisThreshold.matchRelativeTolerance,
      atol: DiagnosisThreshold.matchAbsolutePerScale * scaleOfTruth
        + DiagnosisThreshold.matchAbsoluteFloor)
    let evidence = Evidence(
      network: network, samples: samples, analytic: analytic, truth: truth, judged: judged,
      given: given, right: right, match: match, example: example, exampleFacts: exampleFacts)

    if let finding = allZeroFinding(evidence) { return [finding] }
    let wrong = judged.indices.filter { !evidence.match.accepts(given[$0], right[$0]) }
    if wrong.isEmpty { return [finiteDifferenceFinding(evidence, report: report)] }
    var findings = factorFindings(evidence) + mistakeFindings(evidence)
    if findings.isEmpty {
      findings = [
        blockFinding(evidence, wrong: wrong) ?? unexplainedFinding(evidence, wrong: wrong)
      ]
    }
    return findings.sorted { $0.confidence > $1.confidence }
  }

  /// The entry the findings cite: the worst failing entry (one with a value on both sides
  /// when there is one; a mistaken formula may have none), else the judged entry farthest
  /// from the truth (`.none` when none differs).
  ///
  /// The cited index of the farthest case is the first judged entry, as it has always been;
  /// the example names the farthest one.
  private static func exampleEntry(
    report: CheckReport, judged: [ParameterIndex], given: [Double], right: [Double]
  ) -> (example: ParameterIndex, facts: DiagnosisExample) {
    let finite = report.failedEntries.filter { $0.analytic.isFinite && $0.numeric.isFinite }
    let candidates = finite.isEmpty ? report.failedEntries : finite
    let worstFailed = candidates.max(by: {
      report.tolerance.excess($0.analytic, $0.numeric)
        < report.tolerance.excess($1.analytic, $1.numeric)
    })
    if let worst = worstFailed {
      return (
        worst.index, .worstFailure(worst.index, analytic: worst.analytic, numeric: worst.numeric)
      )
    }
    if let n = judged.indices.max(by: {
      abs(given[$0] - right[$0]) < abs(given[$1] - right[$1])
    }), given[n] != right[n] {
      return (judged[0], .farthest(judged[n], given: given[n], right: right[n]))
    }
    return (judged[0], .none)
  }

  /// The facts about the network that the findings cite.
  static func facts(_ network: Network) -> NetworkFacts {
    NetworkFacts(depth: network.depth, activations: network.activations)
  }
}
