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
    for layer in layers where !entries.isEmpty {
      for (kind, block) in [("W", layer.weights), ("b", layer.biases)] {
        let name = Notation.unicode.superscript(kind, layer.layer)
        var shapeText = block.shape.map(String.init).joined(separator: "×")
        if shapeText.count > 6 { shapeText = block.shape.map(Self.compact).joined(separator: "×") }
        var row =
          name.padding(to: 4) + shapeText.padding(to: 7) + String(block.checked).leftPadded(6)
          + String(block.failures).leftPadded(5) + String(block.kinks).leftPadded(5)
        let judged = block.checked - block.kinks
        if judged > 0 {
          row +=
            ReportNumber.short(block.maxAbsoluteError, digits: 2).leftPadded(8)
            + ReportNumber.short(block.maxRelativeError, digits: 2).leftPadded(8) + "  "
        } else {
          row += "—".leftPadded(8) + "—".leftPadded(8) + "  "
        }
        if let w = block.worst, judged > 0 {
          row +=
            w.index.description.padding(to: 11) + ReportNumber.short(w.analytic).leftPadded(9)
            + " " + ReportNumber.short(w.numeric).leftPadded(9)
        } else {
          row += String(repeating: " ", count: 30)
        }
        let verdict =
          block.checked == 0
          ? "—"
          : block.failures > 0
            ? style.fail("FAIL") : block.kinks > 0 ? style.warn("kink") : style.pass("ok")
        lines.append(row + " " + verdict)
      }
    }
    lines.append("")
    if let d = directional {
      let kinked =
        d.kinkedDirections > 0
        ? " \(d.kinkedDirections) crossed a relu kink at this step and "
          + (d.kinkedDirections == 1 ? "was" : "were")
          + " re-checked with smaller or one-sided steps or left to the entries;" : ""
      lines += HelpText.wrap(
        "Directional screen: \(d.directions) random "
          + (d.directions == 1 ? "direction" : "directions") + ", \(d.failedDirections) "
          + "failed;\(kinked) bisection (\(d.bisectionSteps) steps) located \(entries.count) "
          + (entries.count == 1 ? "entry" : "entries") + " to check one by one.")
    }
    let rechecked = entries.filter { $0.recheck != nil }
    let recheckFailed = rechecked.filter { $0.status == .failed }.count
    if kinks > 0 || recheckFailed > 0 {
      let crossed = kinks + recheckFailed
      let agreeing = rechecked.filter { $0.status == .kink }.count
      let unclear = kinks - agreeing
      var outcome: [String] = []
      if agreeing > 0 { outcome.append("\(agreeing) agree (counted as kinks)") }
      if recheckFailed > 0 {
        outcome.append("\(recheckFailed) " + style.fail("disagree") + " (counted as failures)")
      }
      if unclear > 0 { outcome.append("\(unclear) found no clear step (kinks, not judged)") }
      lines += HelpText.wrap(
        style.warn("Kinks:") + " \(crossed) "
          + (crossed == 1 ? "entry" : "entries")
          + " moved a relu or leaky-relu pre-activation across 0 for some sample, so the "
          + "step mixed two slopes. Re-checked with smaller or one-sided steps clear of "
          + "every kink: " + outcome.joined(separator: ", ") + ".")
    }
    let total = (1..<max(sizes.count, 1)).reduce(0) { $0 + sizes[$1] * (sizes[$1 - 1] + 1) }
    let sampled =
      directional == nil && parametersChecked < total
      ? " (\(parametersChecked) sampled of \(total))"
      : directional != nil ? " located by the screen" : ""
    let kinkNote = kinks > 0 ? " (\(kinks) " + (kinks == 1 ? "kink" : "kinks") + ")" : ""
    if passed, let d = directional, entries.isEmpty {
      lines.append(
        style.pass("PASSED") + ": all \(d.directions) "
          + (d.directions == 1 ? "direction agrees" : "directions agree")
          + "; max relative error \(ReportNumber.short(d.maxRelativeError, digits: 2)).")
    } else if passed {
      lines += HelpText.wrap(
        style.pass("PASSED") + ": \(parametersChecked - kinks) of \(parametersChecked) "
          + "entries\(sampled) agree\(kinkNote); max relative error "
          + "\(ReportNumber.short(maxRelativeError, digits: 2)).")
    } else {
      lines += HelpText.wrap(
        style.fail("FAILED") + ": \(failures) of \(parametersChecked) entries\(sampled) "
          + "disagree\(kinkNote); max relative error "
          + "\(ReportNumber.short(maxRelativeError, digits: 2)).")
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
        "Parameter".padding(to: 11) + "Analytic".leftPadded(13) + "Numeric".leftPadded(14)
          + "Abs. err".leftPadded(10) + "Rel. err".leftPadded(9) + "  Status")
      for e in entries {
        let status: String
        switch e.status {
        case .passed: status = style.pass("ok")
        case .failed:
          status = e.recheck == nil ? style.fail("FAIL") : style.fail("kink, re-check failed")
        case .kink:
          status = style.warn(e.recheck == nil ? "kink, no clear step" : "kink, re-check ok")
        }
        lines.append(
          e.index.description.padding(to: 11)
            + ReportNumber.short(e.analytic, digits: 7).leftPadded(13)
            + ReportNumber.short(e.numeric, digits: 7).leftPadded(14)
            + ReportNumber.short(e.absoluteError, digits: 2).leftPadded(10)
            + ReportNumber.short(e.relativeError, digits: 2).leftPadded(9) + "  " + status)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension CheckReport {
  /// `100k` for 100000: a shape that fits its column.
  fileprivate static func compact(_ n: Int) -> String {
    n < 1000 ? String(n) : String(format: "%.0fk", Double(n) / 1000)
  }

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
