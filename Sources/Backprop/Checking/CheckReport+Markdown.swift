extension CheckReport {
  /// The report as GitHub-flavoured Markdown: a heading, the settings, a table with one row
  /// per layer and parameter kind, the kink note, the summary, the diagnosis, and with
  /// `verbose` a table of every compared entry.
  ///
  /// `notation` spells the diagnosis's symbols and `spelling` the settings it suggests.
  /// - Complexity: O(entries) with `verbose`, O(layers) otherwise.
  public func markdown(
    verbose: Bool = false, notation: Notation = .unicode, spelling: CheckSettingSpelling = .words
  ) -> String {
    let shape = sizes.map(String.init).joined(separator: "-")
    var out = CheckReportLayout.markdownHeading("Gradient check", passed: passed)
    out.append(
      CheckReportLayout.markdownSettings(
        network: shape, sampleCount: sampleCount, method: method, epsilon: epsilon,
        tolerance: tolerance, precision: precision))
    out.append("")
    out += CheckReportLayout.markdownTable(tableRows)
    out.append("")
    if let d = directional {
      out += CheckReportLayout.markdownDirectional(
        d,
        ending: d.checkedEveryEntry
          ? "; as a direction's step crossed a kink, every entry was checked "
            + "(\(entries.count) in all)."
          : "; bisection located \(entries.count) entries.")
    }
    out += CheckReportLayout.markdownNote(kinkSentence(style: CheckReportLayout.markdownStyle))
    if costMismatch, let c = cost, let stated = statedCost {
      out += CheckReportLayout.markdownCostMismatch(stated: stated, cost: c)
    }
    if passed, let d = directional, entries.isEmpty {
      out.append(CheckReportLayout.markdownDirectionalVerdict(d))
    } else {
      out.append(
        CheckReportLayout.markdownVerdict(
          passed: passed, checked: parametersChecked, failures: failures, kinks: kinks))
    }
    if !diagnosis.isEmpty {
      out.append("")
      out.append("## Diagnosis")
      out.append("")
      for f in diagnosis {
        out.append(
          "- **\(f.cause.rawValue)** (confidence \(NumberFormat.factor(f.confidence))): "
            + f.message(notation: notation, spelling: spelling))
      }
    }
    if verbose {
      out += CheckReportLayout.markdownEntries(
        listedEntries, status: { entries[$0].status.rawValue })
    }
    return out.joined(separator: "\n") + "\n"
  }
}
