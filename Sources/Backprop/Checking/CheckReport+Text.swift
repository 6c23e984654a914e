import TextSupport

/// How a text report marks passes, failures and kinks: plain by default; the command passes
/// ANSI colours when the terminal allows them.
public struct ReportStyle: Sendable {
  /// For passes.
  public var pass: @Sendable (String) -> String
  /// For failures.
  public var fail: @Sendable (String) -> String
  /// For kinks and warnings.
  public var warn: @Sendable (String) -> String
  /// For headings.
  public var bold: @Sendable (String) -> String

  /// Creates a style from four decorators.
  public init(
    pass: @escaping @Sendable (String) -> String, fail: @escaping @Sendable (String) -> String,
    warn: @escaping @Sendable (String) -> String, bold: @escaping @Sendable (String) -> String
  ) {
    self.pass = pass
    self.fail = fail
    self.warn = warn
    self.bold = bold
  }

  /// No decoration.
  public static let plain = ReportStyle(pass: { $0 }, fail: { $0 }, warn: { $0 }, bold: { $0 })
}

extension CheckReport {
  /// The report as text that fits 80 columns.
  ///
  /// A header, one row per layer and parameter kind (shape, entries checked, failures,
  /// kinks, max absolute and relative error, the worst entry with its analytic and numeric
  /// values, a verdict), a summary line, and on failure the diagnosis.
  ///
  /// `verbose` adds every compared entry; `notation` spells the diagnosis's symbols and
  /// `spelling` the settings it suggests.
  /// - Complexity: O(entries) with `verbose`, O(layers) otherwise.
  public func text(
    verbose: Bool = false, style: ReportStyle = .plain, notation: Notation = .unicode,
    spelling: CheckSettingSpelling = .words
  ) -> String {
    var lines = headerLines(style: style)
    lines.append("")
    if !entries.isEmpty {
      lines.append(tableHeader)
      lines += layerRows(style: style)
    }
    lines.append("")
    lines += directionalLines()
    lines += kinkLines(style: style)
    lines += costLines(style: style)
    lines += verdictLines(style: style)
    lines += diagnosisLines(style: style, notation: notation, spelling: spelling)
    if verbose { lines += entryLines(style: style) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The title (shape, samples, parameters) and the method line.
  private func headerLines(style: ReportStyle) -> [String] {
    let parameterCount = Network.parameterCount(sizes: sizes)
    let rest =
      " network, \(sampleCount) " + (sampleCount == 1 ? "sample" : "samples")
      + ", \(parameterCount) parameters"
    var shape = sizes.map(String.init).joined(separator: "-")
    if "Gradient check of a ".count + shape.count + rest.count > 80, let first = sizes.first,
      let last = sizes.last
    {
      // Too long for one line: the depth and the outer sizes, e.g. a 10-layer 100-…-100.
      shape = "\(sizes.count - 1)-layer \(first)-…-\(last)"
    }
    var title = WordWrap.lines("Gradient check of a \(shape)" + rest)
    if let first = title.first, first.hasPrefix("Gradient check") {
      title[0] = style.bold("Gradient check") + first.dropFirst("Gradient check".count)
    }
    return title + [
      "Method \(method.name), ε = \(NumberFormat.scientific(epsilon, digits: 2)), rtol "
        + "\(NumberFormat.scientific(tolerance.rtol, digits: 2)), atol "
        + "\(NumberFormat.scientific(tolerance.atol, digits: 2)), \(precision.rawValue) precision"
    ] + atolLine()
  }

  /// Why atol is not the method's default: it was multiplied by |C| > 1 (no line when not).
  private func atolLine() -> [String] {
    guard let base = defaultAtol, base > 0 else { return [] }
    return [
      "(atol is the default \(NumberFormat.scientific(base, digits: 2)) times the mean cost's "
        + "size |C| = \(NumberFormat.scientific(tolerance.atol / base, digits: 2)))"
    ]
  }

  /// One table row per layer and parameter kind, under `tableHeader`.
  private func layerRows(style: ReportStyle) -> [String] {
    var rows: [String] = []
    for layer in layers {
      for (kind, block) in [("W", layer.weights), ("b", layer.biases)] {
        rows.append(layerRow(Notation.unicode.superscript(kind, layer.layer), block, style))
      }
    }
    return rows
  }

  /// The row of one block: shape, counts, errors, worst entry and verdict.
  private func layerRow(_ name: String, _ block: BlockSummary, _ style: ReportStyle) -> String {
    var shapeText = block.shape.map(String.init).joined(separator: "×")
    if shapeText.count > 6 {
      shapeText = block.shape.map(NumberFormat.count).joined(separator: "×")
    }
    var row =
      name.padded(to: 4) + shapeText.padded(to: 7) + String(block.checked).leftPadded(to: 6)
      + String(block.failures).leftPadded(to: 5) + String(block.kinks).leftPadded(to: 5)
    let judged = block.checked - block.kinks
    if judged > 0 {
      row +=
        NumberFormat.scientific(block.maxAbsoluteError, digits: 2, within: 7).leftPadded(to: 8)
        + NumberFormat.scientific(block.maxRelativeError, digits: 2, within: 7).leftPadded(to: 8)
        + "  "
    } else {
      row += "—".leftPadded(to: 8) + "—".leftPadded(to: 8) + "  "
    }
    if let w = block.worst, judged > 0 {
      row +=
        w.index.description.padded(to: 11)
        + NumberFormat.scientific(w.analytic, digits: 3, within: 8).leftPadded(to: 9) + " "
        + NumberFormat.scientific(w.numeric, digits: 3, within: 9).leftPadded(to: 9)
    } else {
      row += String(repeating: " ", count: 30)
    }
    let verdict: String
    switch (block.checked, block.failures, block.kinks) {
    case (0, _, _): verdict = "—"
    case (_, 1..., _): verdict = style.fail("FAIL")
    // A block whose every entry is a kink has nothing judged; otherwise the verdict is
    // about the judged entries (the Kink column counts the rest), so it never sits beside a
    // worst entry that is not itself a kink.
    case (let checked, _, let kinks) where kinks >= checked: verdict = style.warn("kink")
    default: verdict = style.pass("ok")
    }
    return row + " " + verdict
  }

  /// What the directional screen did, when it ran.
  private func directionalLines() -> [String] {
    guard let d = directional else { return [] }
    let kinked: String
    switch d.kinkedDirections {
    case 0: kinked = ""
    case let n:
      kinked =
        " \(n) crossed a relu kink at this step and " + (n == 1 ? "was" : "were")
        + " re-checked with smaller or one-sided steps or left to the entries;"
    }
    return WordWrap.lines(
      "Directional screen: \(d.directions) random "
        + (d.directions == 1 ? "direction" : "directions") + ", \(d.failedDirections) "
        + "failed;\(kinked) bisection (\(d.bisectionSteps) steps) located \(entries.count) "
        + (entries.count == 1 ? "entry" : "entries") + " to check one by one.")
  }

  /// How the entries whose steps crossed a kink were re-checked, when there are any.
  private func kinkLines(style: ReportStyle) -> [String] {
    let outcomes = KinkOutcomes(entries)
    let crossed = outcomes.crossed
    guard crossed > 0 else { return [] }
    let agreeing = outcomes.agreeing
    let recheckFailed = outcomes.failed
    let floatUnjudged = outcomes.floatUnclear
    let unclear = outcomes.noClearStep
    var outcome: [String] = []
    if agreeing > 0 { outcome.append("\(agreeing) agree (counted as kinks)") }
    if recheckFailed > 0 {
      outcome.append("\(recheckFailed) " + style.fail("disagree") + " (counted as failures)")
    }
    if floatUnjudged > 0 {
      outcome.append(
        "\(floatUnjudged) disagree in float, where a unit this close to 0 may be on either "
          + "side (kinks, not judged)")
    }
    if unclear > 0 { outcome.append("\(unclear) found no clear step (kinks, not judged)") }
    return WordWrap.lines(
      style.warn("Kinks:") + " \(crossed) "
        + (crossed == 1 ? "entry" : "entries")
        + " moved a relu or leaky-relu pre-activation across 0 for some sample, so the "
        + "step mixed two slopes. Re-checked with smaller or one-sided steps clear of "
        + "every kink: " + outcome.joined(separator: ", ") + ".")
  }

  /// A note when the gradient file's cost is not the network's (`costMismatch`).
  private func costLines(style: ReportStyle) -> [String] {
    guard costMismatch, let c = cost, let stated = statedCost else { return [] }
    return WordWrap.lines(
      style.warn("Note:") + " the gradient file states a cost of "
        + "\(NumberFormat.scientific(stated, digits: 6)), but the network's mean cost over these "
        + "samples is \(NumberFormat.scientific(c, digits: 6)): the gradients may belong to "
        + "another network or other samples.")
  }

  /// The summary line: PASSED or FAILED, with counts and the max relative error.
  private func verdictLines(style: ReportStyle) -> [String] {
    let total = Network.parameterCount(sizes: sizes)
    let sampled: String
    switch directional {
    case .some: sampled = " located by the screen"
    case .none where parametersChecked < total:
      sampled = " (\(parametersChecked) sampled of \(total))"
    case .none: sampled = ""
    }
    let kinkNote = kinks > 0 ? " (\(kinks) " + (kinks == 1 ? "kink" : "kinks") + ")" : ""
    if passed, let d = directional, entries.isEmpty {
      return [
        style.pass("PASSED") + ": all \(d.directions) "
          + (d.directions == 1 ? "direction agrees" : "directions agree")
          + "; max relative error \(NumberFormat.scientific(d.maxRelativeError, digits: 2))."
      ]
    }
    if passed {
      return WordWrap.lines(
        style.pass("PASSED") + ": \(parametersChecked - kinks) of \(parametersChecked) "
          + "entries\(sampled) agree\(kinkNote); max relative error "
          + "\(NumberFormat.scientific(maxRelativeError, digits: 2)).")
    }
    return WordWrap.lines(
      style.fail("FAILED") + ": \(failures) of \(parametersChecked) entries\(sampled) "
        + "disagree\(kinkNote); max relative error "
        + "\(NumberFormat.scientific(maxRelativeError, digits: 2)).")
  }

  /// The most likely cause with its explanation, then the other possible ones.
  private func diagnosisLines(
    style: ReportStyle, notation: Notation, spelling: CheckSettingSpelling
  ) -> [String] {
    guard let top = diagnosis.first else { return [] }
    var lines = [
      "",
      style.bold("Diagnosis") + ": \(top.cause.rawValue) (confidence "
        + "\(NumberFormat.factor(top.confidence)))",
    ]
    lines += WordWrap.lines(
      top.message(notation: notation, spelling: spelling), prefix: "  ", indent: 2)
    for other in diagnosis.dropFirst() {
      lines.append(
        "  Also possible: \(other.cause.rawValue) (confidence "
          + "\(NumberFormat.factor(other.confidence)))")
    }
    return lines
  }

  /// Every compared entry, one per line (verbose).
  private func entryLines(style: ReportStyle) -> [String] {
    var lines = [
      "",
      "Parameter".padded(to: 11) + "Analytic".leftPadded(to: 13) + "Numeric".leftPadded(to: 14)
        + "Abs. err".leftPadded(to: 10) + "Rel. err".leftPadded(to: 9) + "  Status",
    ]
    for e in entries {
      let outcome = e.outcome
      let decorate = outcome.isFailure ? style.fail : outcome.crossedKink ? style.warn : style.pass
      let status = decorate(outcome.label)
      lines.append(
        e.index.description.padded(to: 11)
          + NumberFormat.scientific(e.analytic, digits: 7).leftPadded(to: 13)
          + NumberFormat.scientific(e.numeric, digits: 7).leftPadded(to: 14)
          + NumberFormat.scientific(e.absoluteError, digits: 2).leftPadded(to: 10)
          + NumberFormat.scientific(e.relativeError, digits: 2).leftPadded(to: 9) + "  " + status)
    }
    return lines
  }
}

extension CheckReport {
  /// The column headings of the per-layer table.
  fileprivate var tableHeader: String {
    "    " + "Shape".padded(to: 7) + "Chk".leftPadded(to: 6) + "Fail".leftPadded(to: 5)
      + "Kink".leftPadded(to: 5) + "Max abs".leftPadded(to: 8) + "Max rel".leftPadded(to: 8) + "  "
      + "Worst".padded(to: 11) + "Analytic".leftPadded(to: 9) + " " + "Numeric".leftPadded(to: 9)
  }
}
