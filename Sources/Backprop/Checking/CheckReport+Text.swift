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
  /// The report as text that fits 80 columns: a header, one row per layer and parameter kind
  /// (shape, entries checked, failures, kinks, max absolute and relative error, the worst
  /// entry with its analytic and numeric values, a verdict), a summary line, and on failure
  /// the diagnosis. `verbose` adds every compared entry.
  /// - Complexity: O(entries) with `verbose`, O(layers) otherwise.
  public func text(verbose: Bool = false, style: ReportStyle = .plain) -> String {
    var lines: [String] = []
    let shape = sizes.map(String.init).joined(separator: "-")
    let parameterCount = (1..<sizes.count).reduce(0) { $0 + sizes[$1] * (sizes[$1 - 1] + 1) }
    lines.append(
      style.bold("Gradient check") + " of a \(shape) network, \(sampleCount) "
        + (sampleCount == 1 ? "sample" : "samples") + ", \(parameterCount) parameters")
    lines.append(
      "Method \(method.name), ε = \(ReportNumber.short(epsilon, digits: 2)), rtol "
        + "\(ReportNumber.short(tolerance.rtol, digits: 2)), atol "
        + "\(ReportNumber.short(tolerance.atol, digits: 2)), \(precision.rawValue) precision")
    lines.append("")
    if !entries.isEmpty {
      lines.append(tableHeader)
    }
    for layer in layers {
      for (kind, block) in [("W", layer.weights), ("b", layer.biases)] where block.checked > 0 {
        let name = Notation.unicode.superscript(kind, layer.layer)
        let shapeText = block.shape.map(String.init).joined(separator: "×")
        var row =
          name.padding(to: 4) + shapeText.padding(to: 7) + String(block.checked).leftPadded(6)
          + String(block.failures).leftPadded(5) + String(block.kinks).leftPadded(5)
          + ReportNumber.short(block.maxAbsoluteError, digits: 2).leftPadded(8)
          + ReportNumber.short(block.maxRelativeError, digits: 2).leftPadded(8) + "  "
        if let w = block.worst {
          row +=
            w.index.description.padding(to: 11) + ReportNumber.short(w.analytic).leftPadded(9)
            + " " + ReportNumber.short(w.numeric).leftPadded(9)
        } else {
          row += String(repeating: " ", count: 30)
        }
        let verdict =
          block.failures > 0
          ? style.fail("FAIL") : block.kinks > 0 ? style.warn("kink") : style.pass("ok")
        lines.append(row + " " + verdict)
      }
    }
    lines.append("")
    if let d = directional {
      lines += HelpText.wrap(
        "Directional screen: \(d.directions) random "
          + (d.directions == 1 ? "direction" : "directions") + ", \(d.failedDirections) "
          + "failed; bisection (\(d.bisectionSteps) steps) located \(entries.count) "
          + (entries.count == 1 ? "entry" : "entries") + " to check one by one.")
    }
    if kinks > 0 {
      let rechecked = entries.filter { $0.recheck != nil }
      let agreeing = rechecked.filter { $0.recheck?.agrees == true }.count
      lines += HelpText.wrap(
        style.warn("Kinks:") + " \(kinks) "
          + (kinks == 1 ? "entry" : "entries")
          + " moved a relu or leaky-relu pre-activation across 0 for some sample; they are "
          + "counted apart, not judged. Re-checked with smaller or one-sided steps: "
          + "\(agreeing) of \(rechecked.count) agree.")
    }
    if passed, let d = directional, entries.isEmpty {
      lines.append(
        style.pass("PASSED") + ": all \(d.directions) "
          + (d.directions == 1 ? "direction agrees" : "directions agree")
          + "; max relative error \(ReportNumber.short(d.maxRelativeError, digits: 2)).")
    } else if passed {
      lines.append(
        style.pass("PASSED") + ": \(parametersChecked - kinks) of \(parametersChecked) "
          + "entries agree" + (kinks > 0 ? " (\(kinks) kinks)" : "")
          + "; max relative error \(ReportNumber.short(maxRelativeError, digits: 2)).")
    } else {
      lines.append(
        style.fail("FAILED") + ": \(failures) of \(parametersChecked) entries disagree"
          + (kinks > 0 ? " (\(kinks) kinks)" : "")
          + "; max relative error \(ReportNumber.short(maxRelativeError, digits: 2)).")
    }
    if let top = diagnosis.first {
      lines.append("")
      lines.append(
        style.bold("Diagnosis") + ": \(top.cause.rawValue) (confidence "
          + "\(ReportNumber.factor(top.confidence)))")
      lines += HelpText.wrap(top.message, indent: 2)
      for other in diagnosis.dropFirst() {
        lines.append(
          "  Also possible: \(other.cause.rawValue) (confidence "
            + "\(ReportNumber.factor(other.confidence)))")
      }
    }
    if verbose {
      lines.append("")
      lines.append(
        "Parameter".padding(to: 12) + "Analytic".leftPadded(14) + "Numeric".leftPadded(14)
          + "Difference".leftPadded(11) + "Rel. err".leftPadded(10) + "  Status")
      for e in entries {
        let status: String
        switch e.status {
        case .passed: status = style.pass("ok")
        case .failed: status = style.fail("FAIL")
        case .kink:
          let note = e.recheck.map { $0.agrees ? " (recheck ok)" : " (recheck off)" } ?? ""
          status = style.warn("kink") + note
        }
        lines.append(
          e.index.description.padding(to: 12)
            + ReportNumber.short(e.analytic, digits: 7)
            .leftPadded(14) + ReportNumber.short(e.numeric, digits: 7).leftPadded(14)
            + ReportNumber.short(e.absoluteError, digits: 2).leftPadded(11)
            + ReportNumber.short(e.relativeError, digits: 2).leftPadded(10) + "  " + status)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension CheckReport {
  /// The column headings of the per-layer table.
  fileprivate var tableHeader: String {
    "    " + "Shape".padding(to: 7) + "Chk".leftPadded(6) + "Fail".leftPadded(5)
      + "Kink".leftPadded(5) + "Max abs".leftPadded(8) + "Max rel".leftPadded(8) + "  "
      + "Worst".padding(to: 11) + "Analytic".leftPadded(9) + " " + "Numeric".leftPadded(9)
  }
}

/// Padding and wrapping for the text report.
enum HelpText {
  /// Splits `text` into lines of at most `width` characters, indented by `indent`.
  static func wrap(_ text: String, indent: Int = 0, width: Int = 80) -> [String] {
    var lines: [String] = []
    var line = ""
    let pad = String(repeating: " ", count: indent)
    for word in text.split(separator: " ") {
      if !line.isEmpty && visibleCount(line) + 1 + visibleCount(word) > width - indent {
        lines.append(pad + line)
        line = String(word)
      } else {
        line += (line.isEmpty ? "" : " ") + word
      }
    }
    if !line.isEmpty { lines.append(pad + line) }
    return lines
  }

  /// The number of characters, not counting ANSI escape sequences.
  static func visibleCount<S: StringProtocol>(_ s: S) -> Int {
    var count = 0
    var inEscape = false
    for c in s {
      if c == "\u{1B}" {
        inEscape = true
      } else if inEscape {
        if c == "m" { inEscape = false }
      } else {
        count += 1
      }
    }
    return count
  }
}

extension String {
  /// Padded with spaces on the right to `width` characters.
  fileprivate func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  /// Padded with spaces on the left to `width` characters.
  fileprivate func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
