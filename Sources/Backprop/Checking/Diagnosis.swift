/// The cause identifiers of the diagnosis.
public enum MistakeCause: String, CaseIterable, Sendable {
  /// The gradient is negated.
  case sign
  /// Off by a constant factor.
  case scale
  /// Summed over samples instead of averaged (factor = sample count).
  case sumInsteadOfMean = "sum-instead-of-mean"
  /// f′(z^L) left out at the output.
  case missingOutputDerivative = "missing-output-derivative"
  /// f′ applied to a instead of z.
  case derivativeOfActivation = "derivative-of-activation"
  /// ∂C/∂W^l built from a^l instead of a^(l−1).
  case previousActivation = "previous-activation"
  /// Bias gradients wrong, weights right.
  case bias
  /// W used where Wᵀ belongs in the δ recursion.
  case transpose
  /// A few entries wrong, the rest right.
  case isolatedEntries = "isolated-entries"
  /// None of the above.
  case unknown
}

/// One possible explanation of failing gradients.
public struct DiagnosisFinding: Equatable, Sendable {
  /// The cause.
  public var cause: MistakeCause
  /// How well the explanation fits, 0…1.
  public var confidence: Double
  /// A sentence or two a student understands, pointing at the layer and entry.
  public var message: String
  /// For `scale` and `sum-instead-of-mean`: the factor between given and correct gradients.
  public var factor: Double?
  /// The entries the finding is about (for `isolated-entries` and `bias`), or an example.
  public var entries: [ParameterIndex]

  /// Creates a finding.
  public init(
    cause: MistakeCause, confidence: Double, message: String, factor: Double? = nil,
    entries: [ParameterIndex] = []
  ) {
    self.cause = cause
    self.confidence = confidence
    self.message = message
    self.factor = factor
    self.entries = entries
  }
}

/// Names the most likely mistake behind failing gradients.
///
/// Where the network is known, the gradients each classic mistake would produce are computed
/// (a sign flip, a constant factor, the sum over samples, and backprop with each
/// `BackpropMistake` built in) and compared with the given ones entry by entry, counting only
/// entries where the mistake makes a difference. The per-block pattern covers the rest: only
/// biases wrong, a few isolated entries, or the first layer at which things go wrong.
public enum Diagnosis {
  /// What every finding is judged on: the given and the right gradients at the judged
  /// entries, the tolerance for "equal", and the example entry each message cites.
  private struct Evidence {
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
    /// A sentence about that entry, or empty.
    let exampleText: String
  }

  /// The findings for a failed `report`, best first (at least one).
  /// - Complexity: O(m · Σ n_l n_(l−1)) per candidate mistake, plus O(entries).
  public static func diagnose(
    network: Network, samples: [Sample], analytic: Gradients, report: CheckReport
  ) -> [DiagnosisFinding] {
    let truth = network.gradients(over: samples)
    // Every parameter, not only the checked ones: under --entries or --directional the
    // checked entries are a biased few, and the truth is known everywhere. Entries the check
    // left as kinks (unjudged, or a clear re-check agreed) are left out: relu′(0) conventions
    // differ.
    let kinked = Set(report.entries.filter { $0.status == .kink }.map(\.index))
    let judged = network.parameterIndices.filter { !kinked.contains($0) }
    guard !judged.isEmpty else {
      return [
        DiagnosisFinding(
          cause: .unknown, confidence: 0,
          message: "Every compared entry crossed a kink, so nothing could be judged.")
      ]
    }
    let scaleOfTruth = judged.reduce(0) { max($0, abs(truth[$1])) }
    let given = judged.map { analytic[$0] }
    let right = judged.map { truth[$0] }
    let (example, exampleText) = exampleSentence(
      report: report, judged: judged, given: given, right: right)
    let evidence = Evidence(
      network: network, samples: samples, analytic: analytic, truth: truth, judged: judged,
      given: given, right: right, match: Tolerance(rtol: 1e-4, atol: 1e-6 * scaleOfTruth + 1e-300),
      example: example, exampleText: exampleText)

    if let finding = allZeroFinding(evidence) { return [finding] }
    let wrong = judged.indices.filter { !evidence.match.accepts(given[$0], right[$0]) }
    if wrong.isEmpty { return [finiteDifferenceFinding(evidence, report: report)] }
    var findings = factorFindings(evidence) + mistakeFindings(evidence)
    if findings.isEmpty {
      findings = [blockFinding(evidence, wrong: wrong) ?? unknownFinding(evidence, wrong: wrong)]
    }
    return findings.sorted { $0.confidence > $1.confidence }
  }

  /// The entry the findings cite and a sentence about it: the worst failing entry, else the
  /// judged entry farthest from the truth (no sentence when none differs).
  private static func exampleSentence(
    report: CheckReport, judged: [ParameterIndex], given: [Double], right: [Double]
  ) -> (example: ParameterIndex, text: String) {
    let worstFailed = report.failedEntries.max(by: {
      report.tolerance.excess($0.analytic, $0.numeric)
        < report.tolerance.excess($1.analytic, $1.numeric)
    })
    if let worst = worstFailed {
      return (
        worst.index,
        "Worst entry \(worst.index): analytic \(NumberFormat.scientific(worst.analytic)), "
          + "numeric \(NumberFormat.scientific(worst.numeric))."
      )
    }
    if let n = judged.indices.max(by: {
      abs(given[$0] - right[$0]) < abs(given[$1] - right[$1])
    }), given[n] != right[n] {
      return (
        judged[0],
        "Farthest entry \(judged[n]): yours \(NumberFormat.scientific(given[n])), backprop "
          + "\(NumberFormat.scientific(right[n]))."
      )
    }
    return (judged[0], "")
  }

  /// Nothing computed: every gradient is exactly zero while the right ones are not.
  private static func allZeroFinding(_ e: Evidence) -> DiagnosisFinding? {
    guard e.given.allSatisfy({ $0 == 0 }) && e.right.contains(where: { $0 != 0 }) else {
      return nil
    }
    return DiagnosisFinding(
      cause: .unknown, confidence: 0.9,
      message:
        "Every gradient is exactly zero: they were probably never computed or never "
        + "written to the file (an accumulator left at its initial value?). "
        + e.exampleText, factor: 0, entries: [e.example])
  }

  /// The gradients agree with backprop everywhere: the finite differences are to blame.
  private static func finiteDifferenceFinding(_ e: Evidence, report: CheckReport)
    -> DiagnosisFinding
  {
    DiagnosisFinding(
      cause: .unknown, confidence: 0.5,
      message:
        "The gradients agree with backpropagation computed here, so the finite "
        + "differences are inaccurate: the step is too small (rounding) or too large "
        + "(truncation), or the precision is too low. " + advice(report)
        + " \(e.exampleText)")
  }

  /// A single factor c with yours ≈ c × right at 95 % of the judged entries: sign (c = −1),
  /// sum instead of mean (c = m, with scale as the alternative), or scale.
  private static func factorFindings(_ e: Evidence) -> [DiagnosisFinding] {
    let (given, right, example, exampleText) = (e.given, e.right, e.example, e.exampleText)
    guard let c = leastSquaresFactor(given: given, right: right, in: Array(e.judged.indices)) else {
      return []
    }
    let fits = e.judged.indices.filter { e.match.accepts(given[$0], c * right[$0]) }.count
    let fraction = Double(fits) / Double(e.judged.count)
    guard fraction >= 0.95 && abs(c - 1) > 1e-3 else { return [] }
    let samples = e.samples.count
    let m = Double(samples)
    if abs(c + 1) < 1e-3 {
      return [
        DiagnosisFinding(
          cause: .sign, confidence: fraction,
          message:
            "Every gradient has the wrong sign: yours are the negatives of the right ones. "
            + "Check ∂C/∂a^L (it is a − y for the quadratic cost, not y − a) and that the "
            + "update subtracts the gradient. \(exampleText)", factor: -1,
          entries: [example])
      ]
    }
    if m > 1 && abs(c - m) < 1e-3 * m {
      return [
        DiagnosisFinding(
          cause: .sumInsteadOfMean, confidence: fraction,
          message:
            "Every gradient is \(NumberFormat.factor(c)) times too large, and "
            + "\(samples) is the number of samples: the gradients are summed over "
            + "the samples instead of averaged. Divide by m = \(samples). "
            + exampleText, factor: c, entries: [example]),
        // With few samples the factor may be a coincidence (m = 2 looks like a lost ½).
        DiagnosisFinding(
          cause: .scale, confidence: 0.8 * fraction,
          message:
            "Or a constant factor \(NumberFormat.factor(c)) unrelated to the samples, "
            + "such as \(constantExample(e.network)).", factor: c, entries: [example]),
      ]
    }
    let name = describeFactor(c, network: e.network, samples: samples)
    return [
      DiagnosisFinding(
        cause: .scale, confidence: fraction,
        message:
          "Every gradient is off by the same factor \(name): "
          + "yours = \(NumberFormat.factor(c)) × the right one. Look for a missing or "
          + "extra constant, such as \(constantExample(e.network)). \(exampleText)",
        factor: c, entries: [example])
    ]
  }

  /// Backprop with each structural mistake built in (`BackpropMistake`, and the variants of
  /// f′(a) at the output), named when it reproduces the given gradients: at 90 % of the
  /// entries overall and 90 % of those where the mistake makes a difference.
  private static func mistakeFindings(_ e: Evidence) -> [DiagnosisFinding] {
    let (network, samples) = (e.network, e.samples)
    var candidates: [(BackpropMistake, Gradients)] = []
    for mistake in BackpropMistake.allCases {
      if let g = network.gradients(over: samples, making: mistake) {
        candidates.append((mistake, g))
      }
    }
    // f′(a) in the hidden layers only, the output right (δ^L = a − y written directly); and
    // with a softmax output, softmax's Jacobian taken at s = softmax(a) instead of at a.
    if network.depth > 1,
      let g = network.gradients(over: samples, making: .derivativeOfActivation, output: .hiddenOnly)
    {
      candidates.append((.derivativeOfActivation, g))
    }
    if network.activations[network.depth - 1] == .softmax,
      let g = network.gradients(
        over: samples, making: .derivativeOfActivation, output: .softmaxAtActivation)
    {
      candidates.append((.derivativeOfActivation, g))
    }
    var findings: [DiagnosisFinding] = []
    var named = Set<MistakeCause>()
    for (mistake, candidate) in candidates {
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
      guard discriminating > 0, defined > 0 else { continue }
      let overall = Double(agree) / Double(defined)
      let specific = Double(discriminatingAgree) / Double(discriminating)
      guard overall >= 0.9 && specific >= 0.9 else { continue }
      guard named.insert(mistake.cause).inserted else { continue }
      findings.append(
        DiagnosisFinding(
          cause: mistake.cause, confidence: overall * specific,
          message: message(for: mistake, network: network, example: e.exampleText),
          entries: [e.example]))
    }
    return findings
  }

  /// The per-block pattern of the wrong entries (indices into `judged`): only biases wrong,
  /// whole blocks off by a factor, or a few isolated entries; `nil` when none fits.
  private static func blockFinding(_ e: Evidence, wrong: [Int]) -> DiagnosisFinding? {
    let wrongIndices = wrong.map { e.judged[$0] }
    if let finding = biasFinding(e, wrongIndices: wrongIndices) { return finding }
    if let blocks = blockFactors(
      wrong: wrong, judged: e.judged, given: e.given, right: e.right, match: e.match)
    {
      let list = blocks.map {
        "\($0.name) by \(describeFactor($0.factor, network: e.network, samples: e.samples.count))"
      }
      return DiagnosisFinding(
        cause: .scale, confidence: 0.8,
        message:
          "Whole blocks are off by a constant factor while the rest agree: "
          + list.joined(separator: ", ") + ". Look for a constant applied to just "
          + (blocks.count == 1 ? "that layer's" : "those layers'")
          + " gradient, such as a learning rate or an extra ½. \(e.exampleText)",
        factor: blocks.count == 1 ? blocks[0].factor : nil,
        entries: wrongIndices)
    }
    let judgedCount = e.judged.count
    if wrongIndices.count <= max(3, judgedCount / 10) && wrongIndices.count < judgedCount {
      let names = wrongIndices.prefix(5).map(\.description).joined(separator: ", ")
      let more = wrongIndices.count > 5 ? ", …" : ""
      return DiagnosisFinding(
        cause: .isolatedEntries, confidence: 0.7,
        message:
          "Only \(wrongIndices.count) of \(judgedCount) entries "
          + (wrongIndices.count == 1 ? "is" : "are") + " wrong (\(names)\(more)); "
          + "the rest agree. Look for an indexing slip or a typo that touches just those "
          + "entries. \(e.exampleText)", entries: wrongIndices)
    }
    return nil
  }

  /// The weight gradients right and at least half of the biases (or two of them) wrong.
  private static func biasFinding(_ e: Evidence, wrongIndices: [ParameterIndex])
    -> DiagnosisFinding?
  {
    let weightsRight = !wrongIndices.contains { $0.isWeight }
    guard weightsRight && e.judged.contains(where: { $0.isWeight }) else { return nil }
    let checkedBiases = e.judged.filter { !$0.isWeight }.count
    let share = Double(wrongIndices.count) / Double(max(checkedBiases, 1))
    guard share >= 0.5 || wrongIndices.count >= 2 else { return nil }
    let layers = Set(wrongIndices.map(\.layer)).sorted().map {
      Notation.unicode.superscript("b", $0)
    }
    let ratio = ratioNote(wrongIndices, given: e.analytic, right: e.truth)
    return DiagnosisFinding(
      cause: .bias, confidence: 0.6 + 0.3 * min(1, share),
      message:
        "The weight gradients are right but the bias gradients are wrong "
        + "(\(layers.joined(separator: ", "))\(ratio)). "
        + "∂C/∂b^l is δ^l itself, averaged over the samples. \(e.exampleText)",
      entries: wrongIndices)
  }

  /// No pattern fits: which blocks are wrong, and the first layer at which things go wrong.
  private static func unknownFinding(_ e: Evidence, wrong: [Int]) -> DiagnosisFinding {
    let wrongIndices = wrong.map { e.judged[$0] }
    return DiagnosisFinding(
      cause: .unknown, confidence: 0,
      message: unknownMessage(
        network: e.network, judged: e.judged, wrong: Set(wrongIndices), given: e.analytic,
        right: e.truth) + " " + e.exampleText,
      entries: Array(wrongIndices.prefix(5)))
  }

  /// What to try when correct gradients fail the finite differences.
  private static func advice(_ report: CheckReport) -> String {
    let method = report.method
    let isDefault =
      report.epsilon
      == (report.precision == .double ? method.defaultEpsilon : method.defaultFloatEpsilon)
    if report.precision == .double && isDefault && !method.isComplex {
      return
        "The step is already the default in double precision, so the cost is probably large "
        + "or a unit saturated (rounding in C(θ ± h) swamps the difference): try --method "
        + "complex-step, which has no cancellation."
    }
    if method.isComplex {
      return "Check the network for overflow (infinite or huge costs)."
    }
    return "Try the default --epsilon in double precision, or --method complex-step."
  }

  private static func message(
    for mistake: BackpropMistake, network: Network, example: String
  ) -> String {
    let out = network.activations[network.depth - 1].name
    let n = Notation.unicode
    let (delta, a, z) = (
      n.superscript("δ", network.depth), n.superscript("a", network.depth),
      n.superscript("z", network.depth)
    )
    switch mistake {
    case .missingOutputDerivative where network.activations[network.depth - 1] == .softmax:
      return
        "The output error \(delta) leaves out the derivative of the output activation: it "
        + "should be ∂C/∂\(a) times softmax's Jacobian, (diag(\(a)) − \(a)(\(a))ᵀ) "
        + "∂C/∂\(a), not ∂C/∂\(a) alone. \(example)"
    case .missingOutputDerivative:
      return
        "The output error \(delta) leaves out the derivative of the output activation: it "
        + "should be ∂C/∂\(a) ⊙ f′(\(z)) (\(out) here), not ∂C/∂\(a) alone. \(example)"
    case .derivativeOfActivation:
      return
        "f′ is applied to the activations a^l instead of the weighted inputs z^l. "
        + derivativeNotes(network).map { $0 + " " }.joined() + example
    case .previousActivation:
      return
        "∂C/∂W^l is built from the layer's own activations a^l; it should use the previous "
        + "layer's: ∂C/∂W^l = δ^l (a^(l−1))ᵀ. \(example)"
    case .transpose:
      return
        "The δ recursion uses W^(l+1) where its transpose belongs: δ^l = (W^(l+1))ᵀ δ^(l+1) ⊙ "
        + "f′(z^l). The last layer is right; the layers below it are wrong. \(example)"
    }
  }

  /// The constant a scale mistake most likely lost or added, for the network's cost.
  static func constantExample(_ network: Network) -> String {
    switch network.cost {
    case .quadratic: return "the ½ of the quadratic cost (∂C/∂a = a − y, not 2(a − y))"
    case .mse:
      let n = network.sizes[network.depth]
      return "the 2/n of the mean squared error (∂C/∂a = 2(a − y)/n, n = \(n) here)"
    case .crossEntropy, .categoricalCrossEntropy:
      let output = network.activations[network.depth - 1]
      guard network.cost.isFused(with: output) else {
        return "a learning rate folded into the gradient"
      }
      return "a learning rate folded into the gradient or a stray constant in δ^L (with "
        + "\(output.name) and \(network.cost.name), δ^L = a − y has none)"
    }
  }

  /// For each distinct activation of the network whose derivative differs when taken at a
  /// instead of z, the derivative written in terms of z and of a, in network order.
  static func derivativeNotes(_ network: Network) -> [String] {
    var seen = Set<Activation>()
    var notes: [String] = []
    for act in network.activations where seen.insert(act).inserted {
      let function = act.function
      guard let fact = function.derivativeAtActivation else { continue }
      notes.append(derivativeNote(fact, symbol: function.symbol.unicode, kind: act))
    }
    return notes
  }

  /// One sentence of `derivativeNotes`, from an activation's typed facts.
  private static func derivativeNote(
    _ fact: DerivativeAtActivation, symbol f: String, kind: Activation
  ) -> String {
    func effect(_ e: DerivativeAtActivation.Effect) -> String {
      switch e {
      case .appliesTwice: return "applies \(f) twice."
      case .gives(let other): return "gives \(other.unicode) instead."
      }
    }
    let name = kind == .sigmoid ? "the sigmoid" : kind.name
    switch fact {
    case .elementwise(let inZ, let inA, let region, let elsewhere, let e):
      return "For \(name), \(f)′(z) = \(inZ.unicode) = \(inA.unicode)"
        + (region.map { " for \($0.unicode)" } ?? "")
        + (elsewhere.map { " (\($0.unicode) above)" } ?? "")
        + "; computing \(f)′(a) " + effect(e)
    case .jacobian(let inA, let e):
      return "For \(name), the Jacobian is \(inA.unicode) with a = \(f)(z); taking it at "
        + "\(f)(a) " + effect(e)
    }
  }

  /// The c minimising Σ (given − c · right)² over `members`, ⟨g, r⟩ / ⟨r, r⟩, computed from
  /// vectors scaled to a largest entry of 1 so that no sum overflows; `nil` when every right
  /// value is 0 or c is not a finite number (a gradient of 1.7e308 against right values near
  /// 0.1 is no factor).
  static func leastSquaresFactor(given: [Double], right: [Double], in members: [Int])
    -> Double?
  {
    let sg = members.reduce(0) { max($0, abs(given[$1])) }
    let sr = members.reduce(0) { max($0, abs(right[$1])) }
    guard sg.isFinite && sr.isFinite && sr > 0 else { return nil }
    if sg == 0 { return 0 }
    var dotGR = 0.0
    var dotRR = 0.0
    for i in members {
      let r = right[i] / sr
      dotGR += given[i] / sg * r
      dotRR += r * r
    }
    let c = dotGR / dotRR * (sg / sr)
    return c.isFinite ? c : nil
  }

  /// The blocks (W^l or b^l) holding the wrong entries, with one factor c each such that
  /// yours ≈ c × right across the whole block; `nil` unless every wrong entry lies in such a
  /// block of at least two entries. Indices in `wrong` point into `judged`.
  private static func blockFactors(
    wrong: [Int], judged: [ParameterIndex], given: [Double], right: [Double], match: Tolerance
  ) -> [(name: String, factor: Double)]? {
    guard wrong.count >= 2 else { return nil }
    struct Block: Hashable {
      let layer: Int
      let isWeight: Bool
    }
    let wrongBlocks = Set(
      wrong.map { Block(layer: judged[$0].layer, isWeight: judged[$0].isWeight) })
    var out: [(name: String, factor: Double)] = []
    for block in wrongBlocks.sorted(by: {
      ($0.layer, $0.isWeight ? 0 : 1) < ($1.layer, $1.isWeight ? 0 : 1)
    }) {
      let members = judged.indices.filter {
        judged[$0].layer == block.layer && judged[$0].isWeight == block.isWeight
      }
      guard members.count >= 2,
        let c = leastSquaresFactor(given: given, right: right, in: members)
      else { return nil }
      let fits = members.filter { match.accepts(given[$0], c * right[$0]) }.count
      guard abs(c - 1) > 1e-3, Double(fits) >= 0.95 * Double(members.count) else { return nil }
      out.append((Notation.unicode.superscript(block.isWeight ? "W" : "b", block.layer), c))
    }
    return out
  }

  /// The factor c by name where recognisable (`2`, `0.5`, `1/m = 1/4`, `2/n = 2/3`, …), else
  /// as a number.
  private static func describeFactor(_ c: Double, network: Network, samples m: Int) -> String {
    let n = Double(network.sizes[network.depth])
    var known: [(Double, String)] = [
      (0.5, "0.5"), (2, "2"), (-0.5, "−0.5"), (-2, "−2"),
      (1 / Double(m), "1/m = 1/\(m)"),
      (2 / n, "2/n = 2/\(Int(n))"), (n / 2, "n/2 = \(Int(n))/2"), (1 / n, "1/n = 1/\(Int(n))"),
      (n, "n = \(Int(n))"),
    ]
    if m > 1 { known.append((Double(m), "m = \(m)")) }
    for (value, name) in known where abs(c - value) <= 1e-3 * abs(value) { return name }
    return NumberFormat.factor(c)
  }

  /// `, each about 3 times the right value` when the wrong entries share a ratio.
  private static func ratioNote(_ wrong: [ParameterIndex], given: Gradients, right: Gradients)
    -> String
  {
    let ratios = wrong.compactMap { i -> Double? in
      right[i] == 0 ? nil : given[i] / right[i]
    }
    guard let first = ratios.first, ratios.allSatisfy({ abs($0 - first) <= 1e-3 * abs(first) })
    else { return "" }
    return ", each \(NumberFormat.factor(first)) times the right value"
  }

  private static func unknownMessage(
    network: Network, judged: [ParameterIndex], wrong: Set<ParameterIndex>, given: Gradients,
    right: Gradients
  ) -> String {
    var parts: [String] = []
    var firstWrongLayer: Int?
    for l in 1...network.depth {
      for isWeight in [true, false] {
        let block = judged.filter { $0.layer == l && $0.isWeight == isWeight }
        guard !block.isEmpty else { continue }
        let bad = block.filter { wrong.contains($0) }
        guard !bad.isEmpty else { continue }
        firstWrongLayer = firstWrongLayer ?? l
        let dot = bad.reduce(0) { $0 + given[$1] * right[$1] }
        let norm = bad.reduce(0) { $0 + right[$1] * right[$1] }
        let name = Notation.unicode.superscript(isWeight ? "W" : "b", l)
        let ratio = norm > 0 ? ", ratio ≈ \(NumberFormat.factor(dot / norm))" : ""
        parts.append("\(name) \(bad.count) of \(block.count)\(ratio)")
      }
    }
    var text =
      "No single classic mistake explains the differences. Wrong: "
      + parts.joined(separator: "; ") + "."
    if let l = firstWrongLayer, l > 1 {
      text +=
        " Layers below \(l) are right, so the mistake is in layer \(l) or in the δ passed down "
        + "from it."
    } else if let l = firstWrongLayer, l == 1, network.depth > 1,
      !wrong.contains(where: { $0.layer > 1 })
    {
      text += " Only layer 1 is wrong: look at how δ¹ is computed from δ²."
    }
    return text
  }
}
