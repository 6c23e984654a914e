import TextSupport

/// One row of a gradient check's table: a dense report's W^l or b^l, a layered report's
/// tensor.
struct CheckTableRow {
  /// The block's name as printed: `W²`, `K1`, `Wf2`.
  var name: String
  /// Its shape.
  var shape: [Int]
  /// How many entries were compared.
  var checked: Int
  /// How many disagree.
  var failures: Int
  /// How many crossed a kink.
  var kinks: Int
  /// The largest absolute error over judged entries.
  var maxAbsoluteError: Double
  /// The largest relative error over judged entries.
  var maxRelativeError: Double
  /// The entry closest to failing: its printed name and both derivatives.
  var worst: (name: String, analytic: Double, numeric: Double)?
}

/// One compared entry of a verbose listing.
struct CheckListedEntry {
  /// The entry's printed name such as `W²[1,0]` or `K1[0,0,1,2]`.
  var name: String
  /// The gradient being checked.
  var analytic: Double
  /// The finite-difference estimate.
  var numeric: Double
  /// How the comparison came out.
  var outcome: EntryCheck.Outcome
}

/// The parts of a gradient check's text report that the dense and the layered reports
/// share: the method line, the table, the kink note, the summary line, the diagnosis
/// layout and the verbose listing.
enum CheckReportLayout {
  /// `Gradient check of <subject>`, wrapped, the first words in bold.
  static func title(_ subject: String, style: ReportStyle) -> [String] {
    var title = WordWrap.lines("Gradient check of " + subject)
    if let first = title.first, first.hasPrefix("Gradient check") {
      title[0] = style.bold("Gradient check") + first.dropFirst("Gradient check".count)
    }
    return title
  }

  /// `Method central, ε = …, rtol …, atol …, double precision`.
  static func methodLine(
    method: FiniteDifferenceMethod, epsilon: Double, tolerance: Tolerance, precision: Precision
  ) -> String {
    "Method \(method.name), ε = \(NumberFormat.scientific(epsilon, digits: 2)), rtol "
      + "\(NumberFormat.scientific(tolerance.rtol, digits: 2)), atol "
      + "\(NumberFormat.scientific(tolerance.atol, digits: 2)), \(precision.rawValue) precision"
  }

  /// The column widths of the name, shape and worst-entry columns.
  ///
  /// The dense report's (4, 7, 11) unless a row needs more. The columns after the shape and the worst entry are
  /// right-aligned with room to spare, so those two need no space of their own.
  private static func widths(_ rows: [CheckTableRow]) -> (name: Int, shape: Int, worst: Int) {
    let name = rows.map { $0.name.count + 1 }.max() ?? 0
    let shape = rows.map { shapeText($0.shape).count }.max() ?? 0
    let worst = rows.compactMap { $0.worst.map { $0.name.count } }.max() ?? 0
    return (max(4, name), max(7, shape), max(11, worst))
  }

  /// `2×3`, or with thousands (`1k×784`) when longer than 6 characters would be.
  private static func shapeText(_ shape: [Int]) -> String {
    let text = shape.map(String.init).joined(separator: "×")
    return text.count > 6 ? shape.map(NumberFormat.count).joined(separator: "×") : text
  }

  /// The table: its header and one row per block (shape, entries checked, failures, kinks,
  /// max absolute and relative error, the worst entry with its analytic and numeric values,
  /// a verdict).
  /// - Complexity: O(rows).
  static func table(_ rows: [CheckTableRow], style: ReportStyle) -> [String] {
    let w = widths(rows)
    let header =
      String(repeating: " ", count: w.name) + "Shape".padded(to: w.shape)
      + "Chk".leftPadded(to: 6) + "Fail".leftPadded(to: 5) + "Kink".leftPadded(to: 5)
      + "Max abs".leftPadded(to: 8) + "Max rel".leftPadded(to: 8) + "  "
      + "Worst".padded(to: w.worst) + "Analytic".leftPadded(to: 9) + " "
      + "Numeric".leftPadded(to: 9)
    return [header] + rows.map { row($0, widths: w, style: style) }
  }

  /// The row of one block.
  private static func row(
    _ block: CheckTableRow, widths w: (name: Int, shape: Int, worst: Int), style: ReportStyle
  ) -> String {
    var row =
      block.name.padded(to: w.name) + shapeText(block.shape).padded(to: w.shape)
      + String(block.checked).leftPadded(to: 6) + String(block.failures).leftPadded(to: 5)
      + String(block.kinks).leftPadded(to: 5)
    let judged = block.checked - block.kinks
    if judged > 0 {
      row +=
        NumberFormat.scientific(block.maxAbsoluteError, digits: 2, within: 7).leftPadded(to: 8)
        + NumberFormat.scientific(block.maxRelativeError, digits: 2, within: 7).leftPadded(to: 8)
        + "  "
    } else {
      row += "—".leftPadded(to: 8) + "—".leftPadded(to: 8) + "  "
    }
    if let worst = block.worst, judged > 0 {
      row +=
        worst.name.padded(to: w.worst)
        + NumberFormat.scientific(worst.analytic, digits: 3, within: 8).leftPadded(to: 9) + " "
        + NumberFormat.scientific(worst.numeric, digits: 3, within: 9).leftPadded(to: 9)
    } else {
      row += String(repeating: " ", count: w.worst + 19)
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

  /// How the entries whose steps crossed a kink were re-checked (no lines when none did).
  ///
  /// - Parameters:
  ///   - outcomes: How the crossing entries' re-checks came out.
  ///   - crossing: What the step did, e.g. `moved a relu … across 0 for some sample, so the
  ///     step mixed two slopes`.
  ///   - recheck: How they were re-checked, e.g. `smaller or one-sided steps`.
  ///   - nearKink: Where a float re-check cannot tell the side, e.g. `0`.
  ///   - style: The decorations.
  /// - Returns: The wrapped note, or no lines.
  static func kinkNote(
    _ outcomes: KinkOutcomes, crossing: String, recheck: String, nearKink: String,
    style: ReportStyle
  ) -> [String] {
    kinkSentence(
      outcomes, crossing: crossing, recheck: recheck, nearKink: nearKink, style: style
    ).map { WordWrap.lines($0) } ?? []
  }

  /// The kink note (`kinkNote`) as one unwrapped sentence, for the Markdown reports; nil
  /// when no step crossed a kink.
  static func kinkSentence(
    _ outcomes: KinkOutcomes, crossing: String, recheck: String, nearKink: String,
    style: ReportStyle
  ) -> String? {
    let crossed = outcomes.crossed
    guard crossed > 0 else { return nil }
    var outcome: [String] = []
    if outcomes.agreeing > 0 { outcome.append("\(outcomes.agreeing) agree (counted as kinks)") }
    if outcomes.failed > 0 {
      outcome.append("\(outcomes.failed) " + style.fail("disagree") + " (counted as failures)")
    }
    if outcomes.floatUnclear > 0 {
      outcome.append(
        "\(outcomes.floatUnclear) disagree in float, where a unit this close to \(nearKink) "
          + "may be on either side (kinks, not judged)")
    }
    if outcomes.noClearStep > 0 {
      outcome.append("\(outcomes.noClearStep) found no clear step (kinks, not judged)")
    }
    return style.warn("Kinks:") + " \(crossed) " + (crossed == 1 ? "entry" : "entries")
      + " \(crossing). Re-checked with \(recheck) clear of every kink: "
      + outcome.joined(separator: ", ") + "."
  }

  /// The summary line: PASSED or FAILED, with counts and the max relative error.
  ///
  /// `sampled` follows "entries" (` located by the screen`, ` (5 sampled of 26)` or empty).
  static func verdict(
    passed: Bool, checked: Int, failures: Int, kinks: Int, sampled: String,
    maxRelativeError: Double, style: ReportStyle
  ) -> [String] {
    WordWrap.lines(
      verdictSentence(
        passed: passed, checked: checked, failures: failures, kinks: kinks, sampled: sampled,
        maxRelativeError: maxRelativeError, style: style))
  }

  /// The summary line (`verdict`) unwrapped.
  static func verdictSentence(
    passed: Bool, checked: Int, failures: Int, kinks: Int, sampled: String,
    maxRelativeError: Double, style: ReportStyle
  ) -> String {
    let maximum = "; max relative error \(NumberFormat.scientific(maxRelativeError, digits: 2))."
    if passed {
      return style.pass("PASSED") + ": \(checked - kinks) of \(checked) entries\(sampled) agree"
        + kinkCount(kinks) + maximum
    }
    return style.fail("FAILED") + ": \(failures) of \(checked) entries\(sampled) disagree"
      + kinkCount(kinks) + maximum
  }

  /// ` (1 kink)`, ` (2 kinks)`, or empty without kinks.
  static func kinkCount(_ kinks: Int) -> String {
    kinks > 0 ? " (\(kinks) " + (kinks == 1 ? "kink" : "kinks") + ")" : ""
  }

  /// The summary line of a directional screen that compared no entry one by one.
  static func directionalVerdict(
    _ d: DirectionalSummary, style: ReportStyle
  ) -> [String] {
    let maximum = "; max relative error \(NumberFormat.scientific(d.maxRelativeError, digits: 2))."
    if d.failedDirections == 0 {
      return [
        style.pass("PASSED") + ": all \(d.directions) "
          + (d.directions == 1 ? "direction agrees" : "directions agree") + maximum
      ]
    }
    return [
      style.fail("FAILED") + ": \(d.failedDirections) of \(d.directions) "
        + (d.directions == 1 ? "direction disagrees" : "directions disagree") + maximum
    ]
  }

  /// The most likely cause with its explanation, then the other possible ones.
  ///
  /// - Parameters:
  ///   - findings: Best first: the cause's name, how sure (`confidence 0.95`), and the
  ///     explanation (printed for the first only).
  ///   - style: The decorations.
  /// - Returns: A blank line, the heading and the wrapped explanation; no lines without
  ///   findings.
  static func diagnosis(
    _ findings: [(cause: String, strength: String, message: String)], style: ReportStyle
  ) -> [String] {
    guard let top = findings.first else { return [] }
    var lines = ["", style.bold("Diagnosis") + ": \(top.cause) (\(top.strength))"]
    lines += WordWrap.lines(top.message, prefix: "  ", indent: 2)
    for other in findings.dropFirst() {
      lines.append("  Also possible: \(other.cause) (\(other.strength))")
    }
    return lines
  }

  /// Every compared entry, one per line (verbose).
  /// - Complexity: O(entries).
  static func entryLines(_ entries: [CheckListedEntry], style: ReportStyle) -> [String] {
    let width = max(11, (entries.map { $0.name.count + 1 }.max() ?? 0))
    var lines = [
      "",
      "Parameter".padded(to: width) + "Analytic".leftPadded(to: 13)
        + "Numeric".leftPadded(to: 14) + "Abs. err".leftPadded(to: 10)
        + "Rel. err".leftPadded(to: 9) + "  Status",
    ]
    for e in entries {
      let decorate =
        e.outcome.isFailure ? style.fail : e.outcome.crossedKink ? style.warn : style.pass
      lines.append(
        e.name.padded(to: width)
          + NumberFormat.scientific(e.analytic, digits: 7).leftPadded(to: 13)
          + NumberFormat.scientific(e.numeric, digits: 7).leftPadded(to: 14)
          + NumberFormat.scientific(abs(e.analytic - e.numeric), digits: 2).leftPadded(to: 10)
          + NumberFormat.scientific(Tolerance.relativeError(e.analytic, e.numeric), digits: 2)
          .leftPadded(to: 9) + "  " + decorate(e.outcome.label))
    }
    return lines
  }
}

extension CheckReportLayout {
  /// `# <title>: passed` or `# <title>: failed`, then a blank line.
  static func markdownHeading(_ title: String, passed: Bool) -> [String] {
    ["# \(title): \(passed ? "passed" : "failed")", ""]
  }

  /// Marks a note's lead words (`Kinks:`) in bold and nothing else, for Markdown.
  static let markdownStyle = ReportStyle(
    pass: { $0 }, fail: { $0 }, warn: { "**\($0)**" }, bold: { $0 })

  /// A note (`**Kinks:** …`) as a Markdown paragraph followed by a blank line; no lines
  /// without a note.
  static func markdownNote(_ note: String?) -> [String] {
    note.map { [$0, ""] } ?? []
  }

  /// `Network <network>, 3 samples.` (one `sample`).
  static func markdownNetwork(_ network: String, sampleCount: Int) -> String {
    "Network \(network), \(sampleCount) " + (sampleCount == 1 ? "sample" : "samples") + "."
  }

  /// The settings line: the network and its samples, then the method, ε, rtol, atol and
  /// precision (`Method` with the method's name in backticks, `ε = 1.00e-06, …`).
  static func markdownSettings(
    network: String, sampleCount: Int, method: FiniteDifferenceMethod, epsilon: Double,
    tolerance: Tolerance, precision: Precision
  ) -> String {
    markdownNetwork(network, sampleCount: sampleCount)
      + " Method `\(method.name)`, ε = \(NumberFormat.scientific(epsilon, digits: 2)), "
      + "rtol = \(NumberFormat.scientific(tolerance.rtol, digits: 2)), "
      + "atol = \(NumberFormat.scientific(tolerance.atol, digits: 2)), "
      + "\(precision.rawValue) precision."
  }

  /// `Directional screen: 8 directions, 1 failed, 1 crossed a kink` followed by `ending`
  /// (such as `; every entry checked.`), then a blank line.
  static func markdownDirectional(_ d: DirectionalSummary, ending: String) -> [String] {
    [
      "Directional screen: \(d.directions) "
        + (d.directions == 1 ? "direction" : "directions") + ", \(d.failedDirections) failed"
        + (d.kinkedDirections > 0 ? ", \(d.kinkedDirections) crossed a kink" : "") + ending,
      "",
    ]
  }

  /// `**Passed**: all 8 directions agree.` or `**Failed**: 1 of 8 directions disagree.`,
  /// the Markdown summary of a directional screen that compared no entry one by one.
  static func markdownDirectionalVerdict(_ d: DirectionalSummary) -> String {
    if d.failedDirections == 0 {
      return "**Passed**: all \(d.directions) "
        + (d.directions == 1 ? "direction agrees." : "directions agree.")
    }
    return "**Failed**: \(d.failedDirections) of \(d.directions) "
      + (d.directions == 1 ? "direction disagrees." : "directions disagree.")
  }

  /// The note that the gradient file's `stated` cost is not the network's mean cost `cost`,
  /// then a blank line.
  static func markdownCostMismatch(stated: Double, cost: Double) -> [String] {
    [
      "**Note**: the gradient file states a cost of "
        + "\(NumberFormat.scientific(stated, digits: 6)), but the network's mean cost is "
        + "\(NumberFormat.scientific(cost, digits: 6)): the gradients "
        + "may belong to another network or other samples.",
      "",
    ]
  }

  /// The table as GitHub-flavoured Markdown: one row per block with entries checked.
  /// - Complexity: O(rows).
  static func markdownTable(_ rows: [CheckTableRow]) -> [String] {
    var out = [
      "| Parameter | Shape | Checked | Failures | Kinks | Max abs error | Max rel error "
        + "| Worst | Analytic | Numeric | Verdict |",
      "|---|---|--:|--:|--:|--:|--:|---|--:|--:|---|",
    ]
    for block in rows where block.checked > 0 {
      // Like the text table: a block whose every entry is a kink has nothing judged, so
      // no error and no worst entry.
      let judged = block.checked > block.kinks
      let verdict =
        block.failures > 0 ? "**FAIL**" : block.kinks >= block.checked ? "kink" : "ok"
      let worst = judged ? block.worst : nil
      let error = { (e: Double) in judged ? NumberFormat.scientific(e, digits: 2) : "—" }
      out.append(
        "| \(block.name) | \(block.shape.map(String.init).joined(separator: "×")) "
          + "| \(block.checked) | \(block.failures) | \(block.kinks) "
          + "| \(error(block.maxAbsoluteError)) | \(error(block.maxRelativeError)) "
          + "| \(worst.map { "`\($0.name)`" } ?? "") "
          + "| \(worst.map { NumberFormat.scientific($0.analytic) } ?? "") "
          + "| \(worst.map { NumberFormat.scientific($0.numeric) } ?? "") | \(verdict) |")
    }
    return out
  }

  /// `**Passed**: 24 of 26 entries agree (2 kinks, counted apart).` or its failing form
  /// (`1 kink`).
  static func markdownVerdict(passed: Bool, checked: Int, failures: Int, kinks: Int) -> String {
    let apart =
      kinks > 0 ? " (\(kinks) " + (kinks == 1 ? "kink" : "kinks") + ", counted apart)." : "."
    return passed
      ? "**Passed**: \(checked - kinks) of \(checked) entries agree" + apart
      : "**Failed**: \(failures) of \(checked) entries disagree" + apart
  }

  /// The `## Entries` section: one table row per compared entry.
  /// - Complexity: O(entries).
  static func markdownEntries(_ entries: [CheckListedEntry], status: (Int) -> String)
    -> [String]
  {
    var out = [
      "", "## Entries", "",
      "| Parameter | Analytic | Numeric | Difference | Relative error | Status |",
      "|---|--:|--:|--:|--:|---|",
    ]
    for (i, e) in entries.enumerated() {
      out.append(
        "| `\(e.name)` | \(NumberFormat.scientific(e.analytic, digits: 7)) "
          + "| \(NumberFormat.scientific(e.numeric, digits: 7)) "
          + "| \(NumberFormat.scientific(e.analytic - e.numeric, digits: 2)) "
          + "| \(NumberFormat.scientific(Tolerance.relativeError(e.analytic, e.numeric), digits: 2)) "
          + "| \(status(i)) |")
    }
    return out
  }
}
