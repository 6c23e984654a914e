extension Diagnosis {
  /// The structural mistakes that backprop with the mistake built in reproduces.
  ///
  /// Each `BackpropMistake` (the missing output derivative, f′(a) for f′(z) with its
  /// variants at the output, the layer's own activations in ∂C/∂W^l, W for Wᵀ in the δ
  /// recursion) is named when it reproduces the given gradients at
  /// `DiagnosisThreshold.mistakeReproductionShare` of the entries overall and of those where
  /// the mistake makes a difference.
  /// - Complexity: O(m · Σ n_l n_(l−1)) per candidate.
  static func mistakeFindings(_ e: Evidence) -> [DiagnosisFinding] {
    let (network, samples) = (e.network, e.samples)
    var candidates: [(BackpropMistake, Gradients)] = []
    for mistake in BackpropMistake.allCases {
      if let g = network.gradients(over: samples, making: mistake) {
        candidates.append((mistake, g))
      }
    }
    // f′(a) in the hidden layers only, the output right (δ^L = a − y written directly); and
    // with a dense output Jacobian (softmax), the Jacobian taken at a instead of at z.
    if network.depth > 1,
      let g = network.gradients(over: samples, making: .derivativeOfActivation, output: .hiddenOnly)
    {
      candidates.append((.derivativeOfActivation, g))
    }
    if !network.activations[network.depth - 1].isElementwise,
      let g = network.gradients(
        over: samples, making: .derivativeOfActivation, output: .jacobianAtActivation)
    {
      candidates.append((.derivativeOfActivation, g))
    }
    var findings: [DiagnosisFinding] = []
    var named = Set<MistakeCause>()
    for (mistake, candidate) in candidates {
      guard let (overall, specific) = reproduction(of: candidate, e) else { continue }
      let share = DiagnosisThreshold.mistakeReproductionShare
      guard overall >= share && specific >= share else { continue }
      guard named.insert(mistake.cause).inserted else { continue }
      findings.append(
        DiagnosisFinding(
          cause: mistake.cause, confidence: overall * specific,
          detail: .backpropMistake(mistake, network: facts(network)), example: e.exampleFacts,
          entries: [e.example]))
    }
    return findings
  }

  /// How well `candidate` reproduces the given gradients: the share of judged entries where
  /// it is defined that agree, and the share among those where it differs from the truth;
  /// `nil` when it is defined nowhere or never differs.
  private static func reproduction(of candidate: Gradients, _ e: Evidence)
    -> (overall: Double, specific: Double)?
  {
    var defined = 0
    var agree = 0
    var discriminating = 0
    var discriminatingAgree = 0
    for (n, index) in e.judged.enumerated() {
      let c = candidate[index]
      guard c.isFinite else { continue }
      defined += 1
      let ok = e.match.accepts(e.given[n], c)
      if ok { agree += 1 }
      if !e.match.accepts(e.right[n], c) {
        discriminating += 1
        if ok { discriminatingAgree += 1 }
      }
    }
    guard discriminating > 0, defined > 0 else { return nil }
    return (
      Double(agree) / Double(defined), Double(discriminatingAgree) / Double(discriminating)
    )
  }
}
