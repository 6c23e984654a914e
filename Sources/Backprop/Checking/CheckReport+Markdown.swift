extension CheckReport {
  /// The report as GitHub-flavoured Markdown: a heading, the settings, a table with one row
  /// per layer and parameter kind, the summary, the diagnosis, and with `verbose` a table
  /// of every compared entry.
  ///
  /// `notation` spells the diagnosis's symbols and `spelling` the settings it suggests.
  /// - Complexity: O(entries) with `verbose`, O(layers) otherwise.
  public func markdown(
    verbose: Bool = false, notation: Notation = .unicode, spelling: CheckSettingSpelling = .words
  ) -> String {
    var out: [String] = []
    let shape = sizes.map(String.init).joined(separator: "-")
    out.append("# Gradient check: \(passed ? "passed" : "failed")")
    out.append("")
    out.append(
      "Network \(shape), \(sampleCount) " + (sampleCount == 1 ? "sample" : "samples")
        + ". Method `\(method.name)`, ε = \(NumberFormat.scientific(epsilon, digits: 2)), "
        + "rtol = \(NumberFormat.scientific(tolerance.rtol, digits: 2)), "
        + "atol = \(NumberFormat.scientific(tolerance.atol, digits: 2)), "
        + "\(precision.rawValue) precision.")
    out.append("")
    out += CheckReportLayout.markdownTable(tableRows)
    out.append("")
    if let d = directional {
      out.append(
        "Directional screen: \(d.directions) directions, \(d.failedDirections) failed"
          + (d.kinkedDirections > 0 ? ", \(d.kinkedDirections) crossed a kink" : "")
          + "; bisection located \(entries.count) entries.")
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
    if passed, let d = directional, entries.isEmpty {
      out.append("**Passed**: all \(d.directions) directions agree.")
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
        entries.map {
          CheckListedEntry(
            name: $0.index.description, analytic: $0.analytic, numeric: $0.numeric,
            outcome: $0.outcome)
        }, status: { entries[$0].status.rawValue })
    }
    return out.joined(separator: "\n") + "\n"
  }
}
