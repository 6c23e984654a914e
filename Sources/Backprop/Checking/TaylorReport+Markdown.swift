import TextSupport

extension TaylorReport {
  /// The report as GitHub-flavoured Markdown: a heading, the remainder and thresholds, a
  /// table with one row per layer, the summary, and with `verbose` a table of every entry.
  /// - Complexity: O(entries) with `verbose`, O(layers) otherwise.
  public func markdown(verbose: Bool = false) -> String {
    let shape: String =
      architecture.map { "`\($0)`" } ?? sizes.map(String.init).joined(separator: "-")
    var out = CheckReportLayout.markdownHeading("Taylor test", passed: passed)
    out += [
      CheckReportLayout.markdownNetwork(shape, sampleCount: sampleCount)
        + " \(form.rawValue.prefix(1).uppercased() + form.rawValue.dropFirst()) remainder "
        + "`\(remainderFormula)` along one random unit direction per layer (seed \(seed)): "
        + "order \(NumberFormat.factor(form.rightOrder)) for a right gradient, 1 for a wrong "
        + "one; a series passes at order \(NumberFormat.factor(form.passingOrder)) or more.",
      "",
      "| Layer | Parameters | Order | Steps used | Kink at | Result |",
      "|--:|--:|--:|---|--:|---|",
    ]
    for layer in layers {
      out.append(
        "| \(layer.layer) | \(layer.parameters) | " + row(layer.series))
    }
    if verbose && !entries.isEmpty {
      out += ["", "| Entry | Order | Steps used | Kink at | Result |", "|---|--:|---|--:|---|"]
      for entry in entries {
        out.append("| `\(entry.name)` | " + row(entry.series))
      }
    }
    out.append("")
    out.append(
      passed
        ? "**Passed**: no series shrinks like h."
        : "**Failed**: \(failures) " + (failures == 1 ? "series shrinks" : "series shrink")
          + " like h, not like h^\(Int(form.rightOrder)).")
    if kinks > 0 { out.append("\(kinks) not judged: every usable step crosses a kink.") }
    return out.joined(separator: "\n") + "\n"
  }

  private func row(_ s: TaylorSeries) -> String {
    let kink = s.kinkStep.map { NumberFormat.scientific($0, digits: 2) } ?? "—"
    let result = s.status == .failed ? "**FAILED**" : s.status.rawValue
    return "\(TaylorReport.orderText(s)) | \(TaylorReport.usedText(s)) | \(kink) | \(result) |"
  }
}
