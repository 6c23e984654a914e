import Foundation

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
    let match = Tolerance(rtol: 1e-4, atol: 1e-6 * scaleOfTruth + 1e-300)
    let given = judged.map { analytic[$0] }
    let right = judged.map { truth[$0] }
    // The example is the worst failing entry, else the entry farthest from the truth.
    let exampleText: String
    let worstFailed = report.failedEntries.max(by: {
      report.tolerance.excess($0.analytic, $0.numeric)
        < report.tolerance.excess($1.analytic, $1.numeric)
    })
    if let example = worstFailed {
      exampleText =
        "Worst entry \(example.index): analytic \(ReportNumber.short(example.analytic)), "
        + "numeric \(ReportNumber.short(example.numeric))."
    } else if let n = judged.indices.max(by: {
      abs(given[$0] - right[$0]) < abs(given[$1] - right[$1])
    }), given[n] != right[n] {
      exampleText =
        "Farthest entry \(judged[n]): yours \(ReportNumber.short(given[n])), backprop "
        + "\(ReportNumber.short(right[n]))."
    } else {
      exampleText = ""
    }
    let example = worstFailed?.index ?? judged[0]

    // Nothing computed: every gradient is exactly zero while the right ones are not.
    if given.allSatisfy({ $0 == 0 }) && right.contains(where: { $0 != 0 }) {
      return [
        DiagnosisFinding(
          cause: .unknown, confidence: 0.9,
          message:
            "Every gradient is exactly zero: they were probably never computed or never "
            + "written to the file (an accumulator left at its initial value?). "
            + exampleText, factor: 0, entries: [example])
      ]
    }

    // Agreement with correct gradients everywhere: the finite differences are to blame.
    let wrong = judged.indices.filter { !match.accepts(given[$0], right[$0]) }
    if wrong.isEmpty {
      return [
        DiagnosisFinding(
          cause: .unknown, confidence: 0.5,
          message:
            "The gradients agree with backpropagation computed here, so the finite "
            + "differences are inaccurate: the step is too small (rounding) or too large "
            + "(truncation), or the precision is too low. " + advice(report)
            + " \(exampleText)")
      ]
    }

    var findings: [DiagnosisFinding] = []

    // A single factor: sign, sum instead of mean, or scale.
    let dotGR = zip(given, right).reduce(0) { $0 + $1.0 * $1.1 }
    let dotRR = right.reduce(0) { $0 + $1 * $1 }
    if dotRR > 0 {
      let c = dotGR / dotRR
      let fits = judged.indices.filter { match.accepts(given[$0], c * right[$0]) }.count
      let fraction = Double(fits) / Double(judged.count)
      if fraction >= 0.95 && abs(c - 1) > 1e-3 {
        let m = Double(samples.count)
        if abs(c + 1) < 1e-3 {
          findings.append(
            DiagnosisFinding(
              cause: .sign, confidence: fraction,
              message:
                "Every gradient has the wrong sign: yours are the negatives of the right ones. "
                + "Check ∂C/∂a^L (it is a − y for the quadratic cost, not y − a) and that the "
                + "update subtracts the gradient. \(exampleText)", factor: -1,
              entries: [example]))
        } else if m > 1 && abs(c - m) < 1e-3 * m {
          findings.append(
            DiagnosisFinding(
              cause: .sumInsteadOfMean, confidence: fraction,
              message:
                "Every gradient is \(ReportNumber.factor(c)) times too large, and "
                + "\(samples.count) is the number of samples: the gradients are summed over "
                + "the samples instead of averaged. Divide by m = \(samples.count). "
                + exampleText, factor: c, entries: [example]))
          // With few samples the factor may be a coincidence (m = 2 looks like a lost ½).
          findings.append(
            DiagnosisFinding(
              cause: .scale, confidence: 0.8 * fraction,
              message:
                "Or a constant factor \(ReportNumber.factor(c)) unrelated to the samples, "
                + "such as the ½ of the quadratic cost.", factor: c, entries: [example]))
        } else {
          findings.append(
            DiagnosisFinding(
              cause: .scale, confidence: fraction,
              message:
                "Every gradient is off by the same factor \(describeFactor(c, network: network, samples: samples.count)): "
                + "yours = \(ReportNumber.factor(c)) × the right one. Look for a missing or "
                + "extra constant, such as the ½ of the quadratic cost or the 2/n of the mean "
                + "squared error. \(exampleText)", factor: c, entries: [example]))
        }
      }
    }

    // Backprop with each structural mistake built in.
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
    var named = Set<MistakeCause>()
    for (mistake, candidate) in candidates {
      var defined = 0
      var agree = 0
      var discriminating = 0
      var discriminatingAgree = 0
      for (n, index) in judged.enumerated() {
        let c = candidate[index]
        guard c.isFinite else { continue }
        defined += 1
        let ok = match.accepts(given[n], c)
        if ok { agree += 1 }
        if !match.accepts(right[n], c) {
          discriminating += 1
          if ok { discriminatingAgree += 1 }
        }
      }
      guard discriminating > 0, defined > 0 else { continue }
      let overall = Double(agree) / Double(defined)
      let specific = Double(discriminatingAgree) / Double(discriminating)
      guard overall >= 0.9 && specific >= 0.9 else { continue }
      let cause = MistakeCause(rawValue: mistake.rawValue) ?? .unknown
      guard named.insert(cause).inserted else { continue }
      findings.append(
        DiagnosisFinding(
          cause: cause, confidence: overall * specific,
          message: message(for: mistake, network: network, example: exampleText),
          entries: [example]))
    }

    // Per-block pattern: which blocks are wrong.
    let wrongIndices = wrong.map { judged[$0] }
    let weightsRight = !wrongIndices.contains { $0.isWeight }
    let checkedBiases = judged.filter { !$0.isWeight }.count
    if findings.isEmpty && weightsRight && judged.contains(where: { $0.isWeight }) {
      let share = Double(wrongIndices.count) / Double(max(checkedBiases, 1))
      if share >= 0.5 || wrongIndices.count >= 2 {
        let layers = Set(wrongIndices.map(\.layer)).sorted().map {
          Notation.unicode.superscript("b", $0)
        }
        findings.append(
          DiagnosisFinding(
            cause: .bias, confidence: 0.6 + 0.3 * min(1, share),
            message:
              "The weight gradients are right but the bias gradients are wrong "
              + "(\(layers.joined(separator: ", "))\(ratioNote(wrongIndices, given: analytic, right: truth))). "
              + "∂C/∂b^l is δ^l itself, averaged over the samples. \(exampleText)",
            entries: wrongIndices))
      }
    }
    if findings.isEmpty,
      let blocks = blockFactors(
        wrong: wrong, judged: judged, given: given,
        right: right, match: match)
    {
      let list = blocks.map {
        "\($0.name) by \(describeFactor($0.factor, network: network, samples: samples.count))"
      }
      findings.append(
        DiagnosisFinding(
          cause: .scale, confidence: 0.8,
          message:
            "Whole blocks are off by a constant factor while the rest agree: "
            + list.joined(separator: ", ") + ". Look for a constant applied to just "
            + (blocks.count == 1 ? "that layer's" : "those layers'")
            + " gradient, such as a learning rate or an extra ½. \(exampleText)",
          factor: blocks.count == 1 ? blocks[0].factor : nil,
          entries: wrongIndices))
    }
    if findings.isEmpty && wrongIndices.count <= max(3, judged.count / 10)
      && wrongIndices.count < judged.count
    {
      let names = wrongIndices.prefix(5).map(\.description).joined(separator: ", ")
      let more = wrongIndices.count > 5 ? ", …" : ""
      findings.append(
        DiagnosisFinding(
          cause: .isolatedEntries, confidence: 0.7,
          message:
            "Only \(wrongIndices.count) of \(judged.count) entries "
            + (wrongIndices.count == 1 ? "is" : "are") + " wrong (\(names)\(more)); "
            + "the rest agree. Look for an indexing slip or a typo that touches just those "
            + "entries. \(exampleText)", entries: wrongIndices))
    }
    if findings.isEmpty {
      findings.append(
        DiagnosisFinding(
          cause: .unknown, confidence: 0,
          message: unknownMessage(
            network: network, judged: judged, wrong: Set(wrongIndices), given: analytic,
            right: truth) + " " + exampleText,
          entries: Array(wrongIndices.prefix(5))))
    }
    return findings.sorted { $0.confidence > $1.confidence }
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
        "f′ is applied to the activations a^l instead of the weighted inputs z^l. For the "
        + "sigmoid, σ′(z) = σ(z)(1 − σ(z)) = a(1 − a); computing σ′(a) applies σ twice. "
        + example
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

  /// `2`, `0.5`, `1/m`, `2/n` where recognisable.
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
      let dotGR = members.reduce(0) { $0 + given[$1] * right[$1] }
      let dotRR = members.reduce(0) { $0 + right[$1] * right[$1] }
      guard members.count >= 2, dotRR > 0 else { return nil }
      let c = dotGR / dotRR
      let fits = members.filter { match.accepts(given[$0], c * right[$0]) }.count
      guard abs(c - 1) > 1e-3, Double(fits) >= 0.95 * Double(members.count) else { return nil }
      out.append((Notation.unicode.superscript(block.isWeight ? "W" : "b", block.layer), c))
    }
    return out
  }

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
    return ReportNumber.factor(c)
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
    return ", each \(ReportNumber.factor(first)) times the right value"
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
        let ratio = norm > 0 ? ", ratio ≈ \(ReportNumber.factor(dot / norm))" : ""
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

/// Number formatting shared by the report renderers.
public enum ReportNumber {
  /// A compact scientific form with `digits` significant digits: `-1.23e-3`, `0`, `4.5e+2`.
  public static func short(_ x: Double, digits: Int = 3) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return "0" }
    let text = String(format: "%.\(max(digits - 1, 0))e", x)
    guard let e = text.firstIndex(of: "e") else { return text }
    var mantissa = String(text[..<e])
    if mantissa.contains(".") {
      while mantissa.hasSuffix("0") { mantissa.removeLast() }
      if mantissa.hasSuffix(".") { mantissa.removeLast() }
    }
    var exponent = String(text[text.index(after: e)...])
    let sign = exponent.hasPrefix("-") ? "-" : "+"
    exponent = String(exponent.drop(while: { $0 == "+" || $0 == "-" || $0 == "0" }))
    if exponent.isEmpty { return mantissa }
    return mantissa + "e" + sign + exponent
  }

  /// A factor such as `2`, `0.5` or `0.3333`.
  public static func factor(_ x: Double) -> String {
    let rounded = (x * 1e4).rounded() / 1e4
    if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
    return String(format: "%.4g", x)
  }
}
