extension LayerCheckReport {
  /// The report as Markdown, laid out like the dense report's (`CheckReport.markdown`): a
  /// heading, the settings, a table with one row per tensor with entries checked, the
  /// summary, the diagnosis, and with `verbose` a table of every compared entry.
  /// - Complexity: O(entries) with `verbose`, O(tensors) otherwise.
  public func markdown(verbose: Bool = false) -> String {
    var out = [
      "# Gradient check: \(passed ? "passed" : "failed")", "",
      "Network `\(architecture)`, \(sampleCount) " + (sampleCount == 1 ? "sample" : "samples")
        + ". Method `\(method.name)`, ε = \(NumberFormat.scientific(epsilon, digits: 2)), "
        + "rtol = \(NumberFormat.scientific(tolerance.rtol, digits: 2)), "
        + "atol = \(NumberFormat.scientific(tolerance.atol, digits: 2)), "
        + "\(precision.rawValue) precision.",
      "",
    ]
    out += CheckReportLayout.markdownTable(tableRows)
    out.append("")
    if let d = directional {
      out.append(
        "Directional screen: \(d.directions) directions, \(d.failedDirections) failed"
          + (d.kinkedDirections > 0 ? ", \(d.kinkedDirections) crossed a kink" : "")
          + (d.failedDirections > 0 ? "; every entry checked." : "."))
      out.append("")
    }
    if costMismatch, let c = cost, let stated = statedCost {
      out.append(
        "**Note**: the gradient file states a cost of "
          + "\(NumberFormat.scientific(stated, digits: 6)), but the network's mean cost is "
          + "\(NumberFormat.scientific(c, digits: 6)): the gradients "
          + "may belong to another network or other samples.")
      out.append("")
    }
    if let d = directional, parametersChecked == 0 {
      out.append(
        d.failedDirections == 0
          ? "**Passed**: all \(d.directions) directions agree."
          : "**Failed**: \(d.failedDirections) of \(d.directions) directions disagree.")
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
        "- **\(f.mistake.rawValue)** in `\(displayName(f.site))`: \(f.message())")
    }
    if unexplained, let worst = worstFailure {
      out.append(
        "- **unknown** (no known mistake fits): the largest relative error is "
          + NumberFormat.scientific(worst.relativeError, digits: 2)
          + " at `\(displayName(worst.name))`.")
    }
    if verbose {
      out += CheckReportLayout.markdownEntries(
        entries.map {
          CheckListedEntry(
            name: displayName($0.name), analytic: $0.analytic, numeric: $0.numeric,
            outcome: EntryCheck.Outcome(status: $0.status, recheck: $0.recheck))
        }, status: { entries[$0].status.rawValue })
    }
    return out.joined(separator: "\n") + "\n"
  }
}
