import TextSupport

extension LayerCheckReport {
  /// The report as text within 80 columns, laid out like the dense report
  /// (`CheckReport.text`): a header (architecture, samples, method), one row per parameter
  /// tensor (shape, entries checked, failures, kinks, max absolute and relative error, the
  /// worst entry with its analytic and numeric values, a verdict), the directional screen,
  /// kinks, the summary line, the diagnosis, and with `verbose` every compared entry.
  ///
  /// A dense layer's tensors print as the dense report names them (`W¹`, `b¹`); the
  /// others keep their names (`K1`, `Wf2`).
  /// - Complexity: O(entries) with `verbose`, O(tensors) otherwise.
  public func text(verbose: Bool = false, style: ReportStyle = .plain) -> String {
    let parameterCount = tensors.reduce(0) { $0 + $1.shape.reduce(1, *) }
    var lines = CheckReportLayout.title(
      "\(architecture); \(sampleCount) " + (sampleCount == 1 ? "sample" : "samples")
        + ", \(parameterCount) parameters", style: style)
    lines.append(
      CheckReportLayout.methodLine(
        method: method, epsilon: epsilon, tolerance: tolerance, precision: precision))
    lines += atolLine
    lines.append("")
    if !entries.isEmpty {
      lines += CheckReportLayout.table(tableRows, style: style)
    }
    lines.append("")
    if let d = directional {
      lines += WordWrap.lines(
        "Directional screen: \(d.directions) random "
          + (d.directions == 1 ? "direction" : "directions") + ", \(d.failedDirections) "
          + "failed, \(d.kinkedDirections) across a kink"
          + (d.checkedEveryEntry ? "; every entry checked one by one." : "."))
    }
    lines += tieLines(style: style)
    lines += kinkSentence(style: style).map { WordWrap.lines($0) } ?? []
    if costMismatch, let c = cost, let s = statedCost {
      lines += WordWrap.lines(
        style.warn("Note:") + " the gradient file states a cost of "
          + "\(NumberFormat.scientific(s, digits: 6)), but the network's mean cost over these "
          + "samples is \(NumberFormat.scientific(c, digits: 6)): the gradients may belong to "
          + "another network or other samples.")
    }
    if let d = directional, parametersChecked == 0 {
      lines += CheckReportLayout.directionalVerdict(d, style: style)
    } else {
      lines += WordWrap.lines(verdictSentence(style: style))
    }
    lines += diagnosisLines(style: style)
    if verbose {
      lines += CheckReportLayout.entryLines(listedEntries, style: style)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The summary sentence unwrapped (not for a directional screen that compared no entry).
  func verdictSentence(style: ReportStyle) -> String {
    CheckReportLayout.verdictSentence(
      passed: passed, checked: parametersChecked, failures: failures, kinks: kinks,
      sampled: sampled, maxRelativeError: maxRelativeError, style: style)
  }

  /// The kink note unwrapped (nil when no step crossed a kink), shared with the Markdown
  /// report and nn-explain's check section.
  func kinkSentence(style: ReportStyle) -> String? {
    CheckReportLayout.kinkSentence(
      kinkOutcomes,
      crossing: method.isComplex
        ? "disagreed through a unit sitting on a kink, where the complex step takes one side"
        : "moved a relu or leaky-relu pre-activation across 0 or changed a max-pool's "
          + "winner for some sample, so the step mixed two slopes",
      recheck: method.isComplex ? "real steps" : "smaller or one-sided steps",
      nearKink: "a kink", style: style)
  }

  /// Why atol is not the method's default: the check multiplied it by the mean cost's size
  /// |C| > 1 (as the dense check does); no line when it did not.
  private var atolLine: [String] {
    let base = method.defaultTolerances(precision: precision).atol
    guard !method.isComplex, let c = cost, c.isFinite, abs(c) > 1, base > 0,
      tolerance.atol == base * abs(c)
    else { return [] }
    return [
      "(atol is the default \(NumberFormat.scientific(base, digits: 2)) times the mean cost's "
        + "size |C| = \(NumberFormat.scientific(abs(c), digits: 2)))"
    ]
  }

  /// After "entries" in the summary: ` (5 sampled of 26)` when not every entry was compared.
  private var sampled: String {
    let total = tensors.reduce(0) { $0 + $1.shape.reduce(1, *) }
    return parametersChecked < total ? " (\(parametersChecked) sampled of \(total))" : ""
  }

  /// The diagnosis as the dense report lays it out: the mistake that fits best with its
  /// sentence, then the others; or that none fits.
  private func diagnosisLines(style: ReportStyle) -> [String] {
    if unexplained, let worst = worstFailure {
      return CheckReportLayout.diagnosis(
        [
          (
            "unknown", "no known mistake fits",
            "The largest relative error is "
              + NumberFormat.scientific(worst.relativeError, digits: 2) + " at "
              + displayName(worst.name) + " (failing: "
              + failingTensors.map(displayName).joined(separator: ", ") + ")."
          )
        ], style: style)
    }
    let sentence = { (f: LayerMistakeFinding) in
      let message = f.message(naming: displayName)
      return message.prefix(1).uppercased() + message.dropFirst()
        + (message.hasSuffix(".") ? "" : ".")
    }
    let site = { (f: LayerMistakeFinding) in "\(f.mistake.rawValue) in \(displayName(f.site))" }
    if diagnosis.count == 1, let f = diagnosis.first {
      return CheckReportLayout.diagnosis(
        [(site(f), "reproduces every judged entry", sentence(f))], style: style)
    }
    // The smallest set of mistakes that together reproduce every judged entry: all of
    // them, not alternatives.
    guard !diagnosis.isEmpty else { return [] }
    var lines = [
      "",
      style.bold("Diagnosis") + ": \(diagnosis.count) mistakes (together they reproduce "
        + "every judged entry)",
    ]
    for f in diagnosis {
      let message = f.message(naming: displayName)
      lines += WordWrap.lines(
        site(f) + ": " + message + (message.hasSuffix(".") ? "" : "."), prefix: "  - ", indent: 4)
    }
    return lines
  }

  /// The table's rows: one per tensor, named for display.
  var tableRows: [CheckTableRow] { tensors.map(tableRow) }

  /// The compared entries as the verbose listings print them, named for display.
  var listedEntries: [CheckListedEntry] {
    entries.map {
      CheckListedEntry(
        name: displayName($0.name), analytic: $0.analytic, numeric: $0.numeric,
        outcome: EntryCheck.Outcome(status: $0.status, recheck: $0.recheck))
    }
  }

  /// The table row of tensor `t`, named for display.
  private func tableRow(_ t: TensorCheckSummary) -> CheckTableRow {
    CheckTableRow(
      name: displayName(t.name), shape: t.shape, checked: t.checked, failures: t.failures,
      kinks: t.kinks, maxAbsoluteError: t.maxAbsoluteError,
      maxRelativeError: t.maxRelativeError,
      worst: t.worst.map { (displayName($0.name), $0.analytic, $0.numeric) })
  }

  /// A tensor or entry name as the report prints it.
  ///
  /// A dense layer's `W1`, `b1[0]` (a `b` beside a `W` of the same layer number) as the
  /// dense report writes them, `W¹`, `b¹[0]` (unless `superscriptsDenseLayers` is off); any
  /// other name unchanged. A list such as `b1, b2` is named entry by entry.
  public func displayName(_ name: String) -> String {
    if name.contains(",") && !name.contains("[") {
      return name.split(separator: ",").map {
        displayName(String($0.drop { $0 == " " }))
      }.joined(separator: ", ")
    }
    guard superscriptsDenseLayers else { return name }
    let stemEnd = name.firstIndex { $0.isNumber } ?? name.endIndex
    let stem = name[..<stemEnd]
    let rest = name[stemEnd...]
    let digitsEnd = rest.firstIndex { !$0.isNumber } ?? rest.endIndex
    guard stem == "W" || stem == "b", let layer = Int(rest[..<digitsEnd]),
      tensors.contains(where: { $0.name == "W\(layer)" && $0.shape.count == 2 })
    else { return name }
    return Notation.unicode.superscript(String(stem), layer) + rest[digitsEnd...]
  }

  /// The units sitting exactly on a kink at the checked point, and what the method does
  /// there: the complex step evaluates at the point itself (one side); real steps that
  /// cross a kink are re-checked clear of it (the `Kinks:` note counts them).
  private func tieLines(style: ReportStyle) -> [String] {
    guard let text = tieSentence else { return [] }
    var wrapped = WordWrap.lines(text)
    wrapped[0] = style.warn("On a kink:") + wrapped[0].dropFirst("On a kink:".count)
    return wrapped
  }

  /// The note on units sitting exactly on a kink (`On a kink: …`) unwrapped and
  /// undecorated; nil when none does.
  var tieSentence: String? {
    guard unitsAtKink > 0 else { return nil }
    return
      "On a kink: \(unitsAtKink) " + (unitsAtKink == 1 ? "unit sits" : "units sit")
      + " exactly on a kink (relu z = 0 or a max-pool tie). "
      + (method.isComplex
        ? "The complex step evaluates at the point itself, where the forward pass takes one "
          + "side (relu′(0) = 0, a tie's first maximum); an entry that disagrees through "
          + "such a unit is re-checked with real steps, never failed for the kink itself."
        : "An entry whose step crosses a kink is re-checked with steps clear of it, never "
          + "failed for the kink itself.")
  }

  /// The names of the tensors with failing entries, in storage order.
  var failingTensors: [String] { tensors.filter { $0.failures > 0 }.map(\.name) }

  /// The entries' kink outcomes, counted like the dense report's.
  private var kinkOutcomes: KinkOutcomes {
    KinkOutcomes(outcomes: entries.map { .init(status: $0.status, recheck: $0.recheck) })
  }
}
