extension Diagnosis {
  /// Sign, sum instead of mean, or scale: a single factor c with yours ≈ c × right at
  /// `DiagnosisThreshold.factorFitShare` of the judged entries.
  ///
  /// c = −1 is the sign, c = m the sum over samples (with scale as the alternative), any
  /// other c a scale.
  static func factorFindings(_ e: Evidence) -> [DiagnosisFinding] {
    let (given, right, example) = (e.given, e.right, e.example)
    guard let c = leastSquaresFactor(given: given, right: right, in: Array(e.judged.indices)) else {
      return []
    }
    let fits = e.judged.indices.filter { e.match.accepts(given[$0], c * right[$0]) }.count
    let fraction = Double(fits) / Double(e.judged.count)
    guard fraction >= DiagnosisThreshold.factorFitShare && differsFromOne(c) else { return [] }
    let samples = e.samples.count
    let m = Double(samples)
    if abs(c + 1) < DiagnosisThreshold.factorRelativeTolerance {
      return [
        DiagnosisFinding(
          cause: .sign, confidence: fraction, detail: .sign, example: e.exampleFacts, factor: -1,
          entries: [example])
      ]
    }
    let constant = lostConstant(e.network)
    if m > 1 && abs(c - m) < DiagnosisThreshold.factorRelativeTolerance * m {
      return [
        DiagnosisFinding(
          cause: .sumInsteadOfMean, confidence: fraction,
          detail: .sumInsteadOfMean(factor: c, samples: samples, constant: constant),
          example: e.exampleFacts,
          factor: c, entries: [example]),
        DiagnosisFinding(
          cause: .scale, confidence: DiagnosisThreshold.scaleAlternativeWeight * fraction,
          detail: .scaleAlternative(factor: c, constant: constant), factor: c, entries: [example]
        ),
      ]
    }
    let name = factorName(c, network: e.network, samples: samples)
    return [
      DiagnosisFinding(
        cause: .scale, confidence: fraction,
        detail: .scale(factor: c, name: name, constant: constant), example: e.exampleFacts,
        factor: c, entries: [example])
    ]
  }

  /// The constant a scale mistake most likely lost or added, for the network's cost.
  static func lostConstant(_ network: Network) -> LostConstant {
    network.cost.function.lostConstant(
      outputs: network.sizes[network.depth],
      outputActivation: network.activations[network.depth - 1])
  }
}
