import TextSupport

extension LayerCheckReport {
  /// The report as text within 80 columns: a header (architecture, samples, method), one
  /// row per parameter tensor (shape, entries checked, failures, kinks, max absolute and
  /// relative error, worst entry, verdict), the directional screen, kinks, a verdict, the
  /// named mistakes, and with `verbose` every compared entry.
  public func text(verbose: Bool = false, style: ReportStyle = .plain) -> String {
    let parameterCount = tensors.reduce(0) { $0 + $1.shape.reduce(1, *) }
    var lines = WordWrap.lines(
      "Gradient check of \(architecture); \(sampleCount) "
        + (sampleCount == 1 ? "sample" : "samples") + ", \(parameterCount) parameters")
    lines.append(
      "Method \(method.name), ε = \(NumberFormat.scientific(epsilon, digits: 2)), rtol "
        + "\(NumberFormat.scientific(tolerance.rtol, digits: 2)), atol "
        + "\(NumberFormat.scientific(tolerance.atol, digits: 2)), \(precision.rawValue) precision")
    lines.append("")
    if !entries.isEmpty {
      lines.append(
        "Tensor".padded(to: 7) + "Shape".padded(to: 11) + "Checked".leftPadded(to: 7)
          + "Fail".leftPadded(to: 5) + "Kink".leftPadded(to: 5) + "max|a-n|".leftPadded(to: 9)
          + "max rel".leftPadded(to: 9) + "  Worst")
      for t in tensors { lines.append(row(t, style: style)) }
      lines.append("")
    }
    if let d = directional {
      lines.append(
        "Directional screen: \(d.directions) directions, \(d.failedDirections) failed, "
          + "\(d.kinkedDirections) across a kink; max rel "
          + NumberFormat.scientific(d.maxRelativeError, digits: 2))
      if d.failedDirections > 0 { lines.append("Failing directions: every entry checked.") }
    }
    lines += tieLines(style: style)
    if costMismatch, let c = cost, let s = statedCost {
      lines += WordWrap.lines(
        style.warn("Note:") + " the gradient file states cost "
          + NumberFormat.significant(s, digits: 6)
          + ", the network's is " + NumberFormat.significant(c, digits: 6)
          + ": the gradients may belong to another network or other samples.")
    }
    lines += recheckLines(style: style)
    let judged = parametersChecked - kinks
    if passed, let d = directional, parametersChecked == 0 {
      lines.append(
        style.pass("PASSED:") + " all \(d.directions) directions agree"
          + (d.kinkedDirections > 0 ? " (\(d.kinkedDirections) across a kink)" : "") + ".")
    } else if !passed && parametersChecked == 0 {
      lines.append(style.fail("FAILED:") + " some directions disagree.")
    } else if passed {
      lines.append(
        style.pass("PASSED:") + " \(judged) of \(parametersChecked) entries agree"
          + kinkClause()
          + ".")
    } else {
      lines.append(
        style.fail("FAILED:") + " \(failures) of \(parametersChecked) entries disagree"
          + kinkClause()
          + ".")
    }
    if unexplained, let worst = worstFailure {
      lines += WordWrap.lines(
        "No known mistake fits; the largest relative error is "
          + NumberFormat.scientific(worst.relativeError, digits: 2) + " at \(worst.name) "
          + "(failing: " + failingTensors.joined(separator: ", ") + ").",
        prefix: "", indent: 2)
    }
    if !diagnosis.isEmpty {
      lines.append("Likely mistakes:")
      for f in diagnosis {
        lines += WordWrap.lines("\(f.mistake.sentence) (\(f.site))", prefix: "  - ", indent: 4)
      }
    }
    if verbose {
      lines.append("")
      lines.append(
        "Entry".padded(to: 18) + "analytic".leftPadded(to: 14)
          + "numeric".leftPadded(to: 14) + "rel err".leftPadded(to: 10) + "  status")
      for e in entries {
        lines.append(
          e.name.padded(to: 18) + NumberFormat.scientific(e.analytic, digits: 6).leftPadded(to: 14)
            + NumberFormat.scientific(e.numeric, digits: 6).leftPadded(to: 14)
            + NumberFormat.scientific(e.relativeError, digits: 2).leftPadded(to: 10) + "  "
            + status(e))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// What the check did at units sitting exactly on a kink, and how the Kink column counts
  /// them: real steps that cross a kink are re-checked; the complex step evaluates at the
  /// point itself and is re-checked only when it disagrees.
  private func tieLines(style: ReportStyle) -> [String] {
    guard unitsAtKink > 0 else { return [] }
    let counted =
      kinks == 0
      ? "none here" : "\(kinks) " + (kinks == 1 ? "entry" : "entries") + " here"
    var text =
      "Kinks: \(unitsAtKink) " + (unitsAtKink == 1 ? "unit sits" : "units sit")
      + " exactly on a kink (relu z = 0 or a max-pool tie). "
    if method.isComplex {
      text +=
        "The complex step evaluates at the point itself, where the forward pass takes one "
        + "side (relu′(0) = 0, a tie's first maximum): an entry that disagrees through such "
        + "a unit is re-checked with real steps clear of the kink and counted in the Kink "
        + "column when they agree (\(counted))."
    } else {
      text +=
        "An entry whose step crosses a kink is re-checked with steps clear of it and "
        + "counted in the Kink column (\(counted)), never failed for the kink itself."
    }
    var wrapped = WordWrap.lines(text)
    wrapped[0] = style.warn("Kinks:") + wrapped[0].dropFirst("Kinks:".count)
    return wrapped
  }

  /// The names of the tensors with failing entries, in storage order.
  var failingTensors: [String] { tensors.filter { $0.failures > 0 }.map(\.name) }

  /// The entries' kink outcomes, counted like the dense report's.
  private var kinkOutcomes: KinkOutcomes {
    KinkOutcomes(outcomes: entries.map { .init(status: $0.status, recheck: $0.recheck) })
  }

  /// `; 3 kinks agree on a re-check clear of it; 1 kink not judged`, or nothing.
  private func kinkClause() -> String {
    let o = kinkOutcomes
    var clause = ""
    if o.agreeing > 0 {
      clause +=
        "; \(o.agreeing) " + (o.agreeing == 1 ? "kink agrees" : "kinks agree")
        + " on a re-check clear of it"
    }
    let open = o.floatUnclear + o.noClearStep
    if open > 0 {
      clause += "; \(open) " + (open == 1 ? "kink" : "kinks") + " not judged"
    }
    return clause
  }

  /// How the entries whose steps crossed a kink came out of their re-checks.
  private func recheckLines(style: ReportStyle) -> [String] {
    let o = kinkOutcomes
    guard o.crossed > 0 else { return [] }
    var outcome: [String] = []
    if o.agreeing > 0 { outcome.append("\(o.agreeing) agree (counted as kinks)") }
    if o.failed > 0 {
      outcome.append("\(o.failed) " + style.fail("disagree") + " (counted as failures)")
    }
    if o.floatUnclear > 0 {
      outcome.append(
        "\(o.floatUnclear) disagree in float, where a unit this close to a kink may be on "
          + "either side (kinks, not judged)")
    }
    if o.noClearStep > 0 {
      outcome.append("\(o.noClearStep) found no clear step (kinks, not judged)")
    }
    let what =
      method.isComplex
      ? (o.crossed == 1 ? " entry disagreed" : " entries disagreed")
        + " through a unit on a kink; re-checked with real steps"
      : (o.crossed == 1 ? " entry's" : " entries'")
        + " steps crossed a kink; re-checked with smaller or one-sided steps"
    return WordWrap.lines(
      "Re-checks: \(o.crossed)" + what + " clear of every kink: "
        + outcome.joined(separator: ", ") + ".")
  }

  /// The entry's status as the dense table words it (`ok`, `FAIL`, `kink, re-check ok`).
  private func status(_ e: TensorEntryCheck) -> String {
    EntryCheck.Outcome(status: e.status, recheck: e.recheck).label
  }

  private func row(_ t: TensorCheckSummary, style: ReportStyle) -> String {
    var row =
      t.name.padded(to: 7) + t.shape.map(String.init).joined(separator: "×").padded(to: 11)
      + String(t.checked).leftPadded(to: 7) + String(t.failures).leftPadded(to: 5)
      + String(t.kinks).leftPadded(to: 5)
    let judged = t.checked - t.kinks
    if judged > 0 {
      row +=
        NumberFormat.scientific(t.maxAbsoluteError, digits: 2, within: 8).leftPadded(to: 9)
        + NumberFormat.scientific(t.maxRelativeError, digits: 2, within: 8).leftPadded(to: 9)
    } else {
      row += "—".leftPadded(to: 9) + "—".leftPadded(to: 9)
    }
    row += "  " + (judged > 0 ? t.worst?.name ?? "" : "").padded(to: 19)
    switch (t.checked, t.failures, t.kinks) {
    case (0, _, _): return row + "—"
    case (_, 1..., _): return row + style.fail("FAIL")
    case (let c, _, let k) where k >= c: return row + style.warn("kink")
    default: return row + style.pass("ok")
    }
  }
}

extension LayerMistake {
  /// A sentence naming the mistake.
  public var sentence: String {
    switch self {
    case .flippedKernel:
      return "flipped kernel: convolution where cross-correlation belongs (or the reverse)"
    case .filterGradientFromOutputs:
      return "filter gradient taken from the layer's outputs instead of its inputs"
    case .filterGradientFromOwnOutputs:
      return
        "filter gradient taken from the layer's outputs (each filter's own output channel) "
        + "instead of its inputs"
    case .missingSumOverFilters:
      return "input gradient not summed over the filters"
    case .missingSumOverTime:
      return "parameter gradients not summed over the time steps"
    case .truncatedBPTT:
      return "gradient stops after one time step (truncated BPTT where full was asked)"
    case .derivativeOverwritesGradient:
      return "incoming gradient overwritten by the activation's derivative"
    case .wrongSign:
      return "gradient with the wrong sign (a step would move up the gradient)"
    }
  }
}
