import Backprop
import TextSupport

extension ExecSummary {
  /// The text report.
  func text(style: ReportStyle, verbose: Bool) -> String {
    var lines = ["Checked " + ExecWords.shellQuoted(request.commandLine), "  on \(scope)"]
    if request.networkPath == nil { lines += WordWrap.lines(space, prefix: "  ", indent: 2) }
    lines.append(result.passed ? style.pass(verdict) : style.fail(verdict))
    let failing = result.trials.filter { !$0.outcome.passed }
    let listed = verbose ? result.trials : Array(failing.prefix(10))
    if !listed.isEmpty && result.trials.count > 1 {
      lines += ["", verbose ? "Trials:" : "Failed trials:"]
      for t in listed {
        lines.append("  trial \(t.index): " + ExecWords.network(t.network))
        lines.append("    " + ExecWords.outcome(t.outcome))
      }
      if listed.count < failing.count && !verbose {
        lines.append("  ... and \(failing.count - listed.count) more (--verbose lists all)")
      }
    }
    guard let first = result.shownFailure, let example = counterexample else {
      return lines.joined(separator: "\n") + "\n"
    }
    lines += ["", "First failure: trial \(first.index), " + ExecWords.network(first.network)]
    lines += ExecSummary.detail(first).map { "  " + $0 }
    if let shrink = result.shrink {
      let n = shrink.steps.count
      lines += [
        "",
        "Shrunk in \(n) step\(n == 1 ? "" : "s") (\(shrink.attempts) runs of the program):",
      ]
      lines += ExecWords.stepSummary(shrink.steps, verbose: verbose).map { "  " + $0 }
      lines += ["", "Minimal network: " + ExecWords.network(example)]
    } else {
      lines += ["", "Network: " + ExecWords.network(example)]
    }
    if ExecSummary.isSmall(example) {
      lines.append(example.json.pretty)
    } else {
      lines.append("  (too large to print; --save-counterexample FILE writes it)")
    }
    if let report = result.minimalReport {
      let causes = ExecWords.causes(report)
      if !causes.isEmpty { lines += ["", "Diagnosis: " + causes.joined(separator: "; ")] }
      if result.diagnosisChangedByShrinking, let original = result.originalReport {
        lines.append(
          "  (before shrinking: " + ExecWords.causes(original).joined(separator: "; ") + ")")
      }
      lines += [
        "",
        report.text(verbose: verbose, style: style, spelling: GradcheckCommand.settingSpelling)
          .trimmingTrailingNewlines,
      ]
    }
    lines.append("")
    if result.minimalReport != nil {
      lines += ["Derivation:", "  " + explainCommand]
    }
    lines += ["Reproduce:", "  " + reproduceCommand]
    if request.savePath == nil {
      lines.append("  (--save-counterexample counterexample.json writes the network)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The Markdown report.
  func markdown(verbose: Bool) -> String {
    var out = "# gradcheck --exec\n\n"
    out += "Checked `\(request.commandLine)` on \(scope).\n\n"
    if request.networkPath == nil { out += "Networks: \(space).\n\n" }
    out += "**\(verdict)**\n\n"
    out += "| trial | network | outcome |\n|---:|---|---|\n"
    for t in result.trials where verbose || !t.outcome.passed {
      out +=
        "| \(t.index) | \(ExecWords.network(t.network)) | "
        + ExecWords.outcome(t.outcome).escapingTablePipes + " |\n"
    }
    guard let first = result.shownFailure, let example = counterexample else { return out }
    out += "\n## First failure: trial \(first.index)\n\n"
    out += ExecSummary.detail(first).map { "- " + $0 }.joined(separator: "\n") + "\n"
    if let shrink = result.shrink {
      out += "\n## Shrinking\n\n\(shrink.steps.count) steps, \(shrink.attempts) runs.\n\n"
      out +=
        ExecWords.stepSummary(shrink.steps, verbose: verbose).map { "1. " + $0 }
        .joined(separator: "\n") + "\n"
      out += "\n## Minimal network\n\n"
    } else {
      out += "\n## Network\n\n"
    }
    out += ExecWords.network(example) + "\n\n```json\n" + example.json.pretty + "\n```\n"
    if let report = result.minimalReport {
      let causes = ExecWords.causes(report)
      if !causes.isEmpty { out += "\n**Diagnosis:** " + causes.joined(separator: "; ") + "\n" }
      if result.diagnosisChangedByShrinking, let original = result.originalReport {
        out +=
          "\n**Before shrinking:** " + ExecWords.causes(original).joined(separator: "; ") + "\n"
      }
      out += "\n" + report.markdown(verbose: verbose, spelling: GradcheckCommand.settingSpelling)
      out += "\nDerivation: `\(explainCommand)`\n"
    }
    out += "\nReproduce: `\(reproduceCommand)`\n"
    return out
  }
}

extension String {
  /// The string without trailing newlines.
  var trimmingTrailingNewlines: String {
    var s = self
    while s.hasSuffix("\n") { s.removeLast() }
    return s
  }

  /// `|` escaped for a Markdown table cell.
  var escapingTablePipes: String {
    split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
  }
}
