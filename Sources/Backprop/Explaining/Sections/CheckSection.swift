/// The last section, the check: central differences of the mean cost against backprop, by
/// the Checking library as in gradcheck.
extension DerivationBuilder {
  /// The parameters to check: the traced one, all of the shown layers up to
  /// `checkAllUpTo`, else a seeded sample of `checkSamplePerLayer` per layer.
  func checkedParameters() -> (indices: [ParameterIndex], complete: Bool) {
    if let p = options.parameter { return ([p], true) }
    let all = network.parameterIndices.filter { options.layer == nil || $0.layer == options.layer }
    if all.count <= options.checkAllUpTo { return (all, true) }
    var rng = SplitMix64(seed: options.seed)
    var chosen: [ParameterIndex] = []
    for l in layers {
      let inLayer = all.filter { $0.layer == l }
      var picked = Set<Int>()
      let want = min(options.checkSamplePerLayer, inLayer.count)
      while picked.count < want { picked.insert(rng.nextInt(below: inLayer.count)) }
      chosen += picked.sorted().map { inLayer[$0] }
    }
    return (chosen, false)
  }

  /// Checks the derivation's gradients with gradcheck's own `GradientCheck`.
  ///
  /// The check runs the Checking library's `GradientCheck` (central differences), so it
  /// applies gradcheck's rule |a − n| ≤ atol + rtol · max(|a|, |n|) and re-checks entries
  /// whose step crosses a relu kink: a kink whose re-check agrees (or finds no clear step) is
  /// counted apart, one whose every re-check disagrees is a failure.
  func runCheck() -> DerivationCheck {
    let (indices, complete) = checkedParameters()
    // gradcheck's options, with its default atol grown with max(1, |C|) as `run` does.
    let checkOptions = GradientCheck.scaledForCost(
      GradientCheckOptions(
        method: .central, epsilon: options.step, rtol: options.rtol, atol: options.atol,
        seed: options.seed, diagnose: false),
      network: network, samples: samples)
    let analytic = mistaken?.gradients ?? gradients
    let results = GradientCheck.check(
      network: network, samples: samples, analytic: analytic, indices: indices,
      options: checkOptions)
    let unscaled = GradientCheckOptions(
      method: .central, epsilon: options.step, rtol: options.rtol, atol: options.atol
    ).resolvedTolerance.atol
    var report = CheckReport(
      method: checkOptions.method, epsilon: checkOptions.resolvedEpsilon,
      tolerance: checkOptions.resolvedTolerance, precision: checkOptions.precision,
      sizes: network.sizes, sampleCount: samples.count, entries: results)
    report.cost = gradients.cost
    if mistaken != nil && !report.passed {
      report.diagnosis = Diagnosis.diagnose(
        network: network, samples: samples, analytic: analytic, report: report)
    }
    var check = DerivationCheck(
      report: report, parameterCount: network.parameterCount, isComplete: complete)
    let reference = options.sampleCountReference
    check.spelling = CheckSettingSpelling(
      method: CheckSettingSpelling.words.method,
      defaultStep: CheckSettingSpelling.words.defaultStep,
      sampleCount: { n in reference.map { $0 + String(n) } ?? "\(n) samples" })
    if checkOptions.resolvedTolerance.atol != unscaled {
      check.defaultAtol = unscaled
    }
    return check
  }

  /// The check section: the central difference, the rule, the table, kinks and the verdict.
  func checkSection(_ check: DerivationCheck) -> [DerivationBlock] {
    let eps = MathText("ε", ascii: "eps", latex: "\\varepsilon")
    let mean = samples.count > 1
    let c = mean ? symbols.meanCost : symbols.cost
    let (cu, ca, cl) = (c.unicode, c.ascii, c.latex)
    var blocks: [DerivationBlock] = [
      .paragraph([
        prose("Each parameter is nudged both ways by a step "), math(eps),
        prose(
          " and the "
            + (mean ? "mean cost over all samples" : "cost")
            + " recomputed by forward passes only (the Checking library, as in gradcheck), "
            + "without backprop; the central difference approximates the derivative:"),
      ]),
      .equations([
        DerivationEquation(
          .derivative(c, MathText("θ", ascii: "theta", latex: "\\theta")),
          [
            MathText(
              "(\(cu)(θ + ε) − \(cu)(θ − ε)) / 2ε",
              ascii: "(\(ca)(theta + eps) - \(ca)(theta - eps)) / 2 eps",
              latex: "\\frac{\(cl)(\\theta + \\varepsilon) - \(cl)(\\theta - \\varepsilon)}"
                + "{2\\varepsilon}")
          ],
          comment: eps + .equals
            + MathText(
              NumberFormat.brief(check.step),
              latex: NumberFormat.latex(NumberFormat.brief(check.step))), approximate: true)
      ]),
      .note([
        prose(
          "Backprop gets the derivatives of all \(check.parameterCount) parameters from one "
            + "forward and one backward pass over the samples; the central difference needs two "
            + "forward passes over the samples per parameter: \(2 * check.entries.count) for the "
            + "\(check.entries.count) checked here"
            + (check.entries.count == check.parameterCount
              ? "." : ", \(2 * check.parameterCount) for all."))
      ]),
    ]
    if !check.isComplete {
      blocks.append(
        .paragraph([
          prose(
            "The network has \(check.parameterCount) parameters, so a seeded sample of "
              + "\(options.checkSamplePerLayer) per layer (seed \(options.seed)) is checked.")
        ]))
    }
    blocks.append(checkRule(check))
    blocks.append(checkTable(check))
    var sentence = verdictSentence(check)
    if check.crossedKinkCount > 0 {
      blocks.append(.note([prose(kinkNote(check))]))
      if check.kinkCount > 0 {
        sentence +=
          " (\(check.kinkCount) more at \(check.kinkCount == 1 ? "a kink" : "kinks"), "
          + "counted apart.)"
      }
    }
    if let c = gradients.cost, !c.isFinite {
      blocks.append(
        .note([
          prose(
            "The cost is not finite (an output reached exactly 0 or 1 inside a logarithm, "
              + "or the numbers overflowed), so its derivatives are not numbers either.")
        ]))
    }
    if check.report.everyGradientZero {
      blocks.append(
        .note([
          prose(
            "Every gradient checked is exactly 0, by backprop and by the differences alike, "
              + "so the check passes without testing the backward pass: it proves nothing."
              + (layers.contains { !deadUnits($0).isEmpty }
                ? " See the notes on dead relus above: no unit passes a gradient back." : ""))
        ]))
    }
    blocks.append(.verdict(passed: check.passed, [prose(sentence)]))
    if let finding = check.report.diagnosis.first {
      blocks.append(
        .paragraph(
          [prose("gradcheck's diagnosis: ")] + diagnosisWords(finding, spelling: check.spelling)))
    }
    return blocks
  }

  /// What the kinks are and how each was re-checked, in gradcheck's words.
  func kinkNote(_ check: DerivationCheck) -> String {
    let outcomes = KinkOutcomes(check.entries)
    let crossed = outcomes.crossed
    let agreeing = outcomes.agreeing
    let unclear = outcomes.noClearStep
    let failed = outcomes.failed
    var outcome: [String] = []
    if agreeing > 0 { outcome.append("\(agreeing) agree (kink, re-check ok: counted apart)") }
    if failed > 0 {
      outcome.append("\(failed) disagree (kink, re-check failed: counted as failures)")
    }
    if outcomes.floatUnclear > 0 {
      outcome.append(
        "\(outcomes.floatUnclear) disagree in float, where a unit this close to 0 may be on "
          + "either side (kink, not judged)")
    }
    if unclear > 0 { outcome.append("\(unclear) found no clear step (kink, not judged)") }
    return "\(crossed == 1 ? "1 parameter" : "\(crossed) parameters") crossed a kink: nudging "
      + "by h changes which units are active (a relu-type activation has z = 0 within the "
      + "step), so the cost is not differentiable there and the central difference averages "
      + "two one-sided slopes. As in gradcheck, each was re-checked with smaller or one-sided "
      + "steps clear of every kink (either one-sided slope is accepted): "
      + outcome.joined(separator: ", ") + "."
  }

  /// gradcheck's rule |a − n| ≤ atol + rtol · max(|a|, |n|) with the check's tolerances.
  func checkRule(_ check: DerivationCheck) -> DerivationBlock {
    let an = MathText("bp", latex: "\\mathrm{bp}")
    let nn = MathText("fd", latex: "\\mathrm{fd}")
    let cost = samples.count > 1 ? symbols.meanCost : symbols.cost
    let atolReason: [DerivationInline] =
      check.defaultAtol.map {
        [
          prose(" (gradcheck's default " + NumberFormat.brief($0) + " times the cost's size "),
          math(MathText("|", latex: "\\lvert ") + cost + MathText("|", latex: "\\rvert ")),
          prose(" = " + NumberFormat.brief(check.atol / $0) + ", since the cost exceeds 1)"),
        ]
      } ?? []
    let bars = { (x: MathText) -> MathText in
      MathText("|", latex: "\\lvert ") + x + MathText("|", latex: "\\rvert ")
    }
    return .paragraph(
      [
        prose("An entry is ok when "),
        math(
          bars(an + .minus + nn) + MathText(" ≤ ", ascii: " <= ", latex: " \\le ")
            + MathText("atol", latex: "\\mathrm{atol}") + .plus
            + MathText("rtol", latex: "\\mathrm{rtol}")
            + MathText(" · ", ascii: " * ", latex: " \\cdot ")
            + MathText("max", latex: "\\max") + .parens(bars(an) + MathText(", ") + bars(nn))),
        prose(
          " (bp backprop's value, fd the central difference), with gradcheck's rtol = "
            + NumberFormat.brief(check.rtol) + " and atol = "
            + NumberFormat.brief(check.atol)),
      ] + atolReason + [prose(".")])
  }

  /// One row per checked parameter: backprop, central difference, relative error, status.
  func checkTable(_ check: DerivationCheck) -> DerivationBlock {
    let rows: [[[DerivationInline]]] = check.entries.map { e in
      let status = e.outcome.label
      // A mistaken formula with no value for the entry (see the mistake's tables): a dash.
      let dash = mistaken != nil && e.analytic.isNaN && !e.numeric.isNaN
      let none = math(MathText("—", ascii: "-", latex: "\\text{---}"))
      return [
        [math(symbols.parameter(e.index))],
        [dash ? none : prose(numberFormat.string(e.analytic))],
        [prose(numberFormat.string(e.numeric))],
        [dash ? none : prose(NumberFormat.brief(e.relativeError))],
        [prose(status)],
      ]
    }
    return .table(
      DerivationTable(
        header: [
          [prose("parameter")], [prose("backprop")], [prose("central diff.")],
          [prose("rel. error")], [prose("ok")],
        ],
        rows: rows, numeric: [false, true, true, true, false]))
  }

  /// The check's one-line verdict: PASS with what agreed and the largest relative error,
  /// or FAIL with how many judged parameters differ.
  func verdictSentence(_ check: DerivationCheck) -> String {
    let judged = check.entries.count - check.kinkCount
    guard check.passed else {
      let failed = check.failureCount
      let atKinks = KinkOutcomes(check.entries).failed
      return "FAIL: \(failed) of \(judged) judged parameters differ by more than the tolerance"
        + (atKinks == 0
          ? "." : " (\(atKinks) at \(atKinks == 1 ? "a kink" : "kinks"), re-check failed).")
    }
    if judged == 0 { return "PASS: no parameter could be judged." }
    let what: String
    if judged == 1 {
      what = "the checked parameter agrees"
    } else if check.isComplete && check.kinkCount == 0 {
      what = "all \(judged) checked parameters agree"
    } else if check.isComplete {
      what = "all \(judged) judged parameters agree"
    } else {
      what =
        "all \(judged) \(check.kinkCount == 0 ? "" : "judged ")sampled parameters "
        + "(of \(check.parameterCount)) agree"
    }
    return "PASS: \(what) (largest relative error "
      + "\(NumberFormat.brief(check.maxRelativeError)))."
  }

  /// gradcheck's sentence for `finding`, word by word in both spellings (Unicode δ², ASCII
  /// `delta^2`), so that every format can break the line between words.
  func diagnosisWords(_ finding: DiagnosisFinding, spelling: CheckSettingSpelling)
    -> [DerivationInline]
  {
    let unicode = finding.message(notation: .unicode, spelling: spelling).split(separator: " ")
    let ascii = finding.message(notation: .ascii, spelling: spelling).split(separator: " ")
    guard unicode.count == ascii.count else { return [prose(ascii.joined(separator: " "))] }
    var words: [DerivationInline] = []
    for (n, (u, a)) in zip(unicode, ascii).enumerated() {
      if n > 0 { words.append(prose(" ")) }
      if u == a {
        words.append(prose(String(a)))
      } else {
        words.append(
          math(
            MathText(
              String(u), ascii: String(a),
              latex: "\\text{" + TexLayout.escapeLatex(String(a)) + "}")))
      }
    }
    return words
  }
}
