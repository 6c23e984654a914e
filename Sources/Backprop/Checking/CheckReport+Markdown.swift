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
    out.append(
      "| Parameter | Shape | Checked | Failures | Kinks | Max abs error | Max rel error "
        + "| Worst | Analytic | Numeric | Verdict |")
    out.append("|---|---|--:|--:|--:|--:|--:|---|--:|--:|---|")
    for layer in layers {
      for (kind, block) in [("W", layer.weights), ("b", layer.biases)] where block.checked > 0 {
        let name = Notation.unicode.superscript(kind, layer.layer)
        let verdict = block.failures > 0 ? "**FAIL**" : block.kinks > 0 ? "kink" : "ok"
        let worst = block.worst
        out.append(
          "| \(name) | \(block.shape.map(String.init).joined(separator: "×")) "
            + "| \(block.checked) | \(block.failures) | \(block.kinks) "
            + "| \(NumberFormat.scientific(block.maxAbsoluteError, digits: 2)) "
            + "| \(NumberFormat.scientific(block.maxRelativeError, digits: 2)) "
            + "| \(worst.map { "`\($0.index)`" } ?? "") "
            + "| \(worst.map { NumberFormat.scientific($0.analytic) } ?? "") "
            + "| \(worst.map { NumberFormat.scientific($0.numeric) } ?? "") | \(verdict) |")
      }
    }
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
        passed
          ? "**Passed**: \(parametersChecked - kinks) of \(parametersChecked) entries agree"
            + (kinks > 0 ? " (\(kinks) kinks, counted apart)." : ".")
          : "**Failed**: \(failures) of \(parametersChecked) entries disagree"
            + (kinks > 0 ? " (\(kinks) kinks, counted apart)." : "."))
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
      out.append("")
      out.append("## Entries")
      out.append("")
      out.append("| Parameter | Analytic | Numeric | Difference | Relative error | Status |")
      out.append("|---|--:|--:|--:|--:|---|")
      for e in entries {
        out.append(
          "| `\(e.index)` | \(NumberFormat.scientific(e.analytic, digits: 7)) "
            + "| \(NumberFormat.scientific(e.numeric, digits: 7)) "
            + "| \(NumberFormat.scientific(e.analytic - e.numeric, digits: 2)) "
            + "| \(NumberFormat.scientific(e.relativeError, digits: 2)) | \(e.status.rawValue) |")
      }
    }
    return out.joined(separator: "\n") + "\n"
  }
}
