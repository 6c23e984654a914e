extension LayerCheckReport {
  /// The report as Markdown, laid out like the dense report's (`CheckReport.markdown`): a
  /// heading, the settings, a table with one row per tensor with entries checked, the notes
  /// on kinks, the summary, the diagnosis, and with `verbose` a table of every compared entry.
  /// - Complexity: O(entries) with `verbose`, O(tensors) otherwise.
  public func markdown(verbose: Bool = false) -> String {
    var out = CheckReportLayout.markdownHeading("Gradient check", passed: passed)
    out.append(
      CheckReportLayout.markdownSettings(
        network: "`\(architecture)`", sampleCount: sampleCount, method: method,
        epsilon: epsilon, tolerance: tolerance, precision: precision))
    out.append("")
    out += CheckReportLayout.markdownTable(tableRows)
    out.append("")
    if let d = directional {
      out += CheckReportLayout.markdownDirectional(
        d, ending: d.checkedEveryEntry ? "; every entry checked." : ".")
    }
    let style = CheckReportLayout.markdownStyle
    out += CheckReportLayout.markdownNote(
      tieSentence.map { style.warn("On a kink:") + $0.dropFirst("On a kink:".count) })
    out += CheckReportLayout.markdownNote(kinkSentence(style: style))
    if costMismatch, let c = cost, let stated = statedCost {
      out += CheckReportLayout.markdownCostMismatch(stated: stated, cost: c)
    }
    if let d = directional, parametersChecked == 0 {
      out.append(CheckReportLayout.markdownDirectionalVerdict(d))
    } else {
      out.append(
        CheckReportLayout.markdownVerdict(
          passed: passed, checked: parametersChecked, failures: failures, kinks: kinks))
    }
    if !diagnosis.isEmpty || unexplained {
      out += ["", "## Diagnosis", ""]
    }
    if diagnosis.count > 1 {
      out.append("Together these \(diagnosis.count) mistakes reproduce every judged entry:")
      out.append("")
    }
    for f in diagnosis {
      out.append(
        "- **\(f.mistake.rawValue)** in `\(displayName(f.site))`: "
          + f.message(naming: displayName))
    }
    if unexplained, let worst = worstFailure {
      out.append(
        "- **unknown** (no known mistake fits): the largest relative error is "
          + NumberFormat.scientific(worst.relativeError, digits: 2)
          + " at `\(displayName(worst.name))`.")
    }
    if verbose {
      out += CheckReportLayout.markdownEntries(
        listedEntries, status: { entries[$0].status.rawValue })
    }
    return out.joined(separator: "\n") + "\n"
  }
}
