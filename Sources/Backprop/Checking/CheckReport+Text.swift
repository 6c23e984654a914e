import TextSupport

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
  /// The report as text that fits 80 columns.
  ///
  /// A header, one row per layer and parameter kind (shape, entries checked, failures,
  /// kinks, max absolute and relative error, the worst entry with its analytic and numeric
  /// values, a verdict), a summary line, and on failure the diagnosis.
  ///
  /// `verbose` adds every compared entry; `notation` spells the diagnosis's symbols and
  /// `spelling` the settings it suggests.
  /// - Complexity: O(entries) with `verbose`, O(layers) otherwise.
  public func text(
    verbose: Bool = false, style: ReportStyle = .plain, notation: Notation = .unicode,
    spelling: CheckSettingSpelling = .words
  ) -> String {
    var lines = headerLines(style: style)
    lines.append("")
    if !entries.isEmpty { lines += CheckReportLayout.table(tableRows, style: style) }
    lines.append("")
    lines += directionalLines()
    lines += kinkLines(style: style)
    lines += costLines(style: style)
    lines += verdictLines(style: style)
    lines += diagnosisLines(style: style, notation: notation, spelling: spelling)
    if verbose { lines += entryLines(style: style) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The title (shape, samples, parameters) and the method line.
  private func headerLines(style: ReportStyle) -> [String] {
    let parameterCount = Network.parameterCount(sizes: sizes)
    let rest =
      " network, \(sampleCount) " + (sampleCount == 1 ? "sample" : "samples")
      + ", \(parameterCount) parameters"
    var shape = sizes.map(String.init).joined(separator: "-")
    if "Gradient check of a ".count + shape.count + rest.count > 80, let first = sizes.first,
      let last = sizes.last
    {
      // Too long for one line: the depth and the outer sizes, e.g. a 10-layer 100-…-100.
      shape = "\(sizes.count - 1)-layer \(first)-…-\(last)"
    }
    return CheckReportLayout.title("a \(shape)" + rest, style: style)
      + [
        CheckReportLayout.methodLine(
          method: method, epsilon: epsilon, tolerance: tolerance, precision: precision)
      ] + atolLine()
  }

  /// Why atol is not the method's default: it was multiplied by |C| > 1 (no line when not).
  private func atolLine() -> [String] {
    guard let base = defaultAtol, base > 0 else { return [] }
    return [
      "(atol is the default \(NumberFormat.scientific(base, digits: 2)) times the mean cost's "
        + "size |C| = \(NumberFormat.scientific(tolerance.atol / base, digits: 2)))"
    ]
  }

  /// The table's rows: one per layer and parameter kind.
  var tableRows: [CheckTableRow] {
    var rows: [CheckTableRow] = []
    for layer in layers {
      for (kind, block) in [("W", layer.weights), ("b", layer.biases)] {
        rows.append(
          CheckTableRow(
            name: Notation.unicode.superscript(kind, layer.layer), shape: block.shape,
            checked: block.checked, failures: block.failures, kinks: block.kinks,
            maxAbsoluteError: block.maxAbsoluteError, maxRelativeError: block.maxRelativeError,
            worst: block.worst.map { ($0.index.description, $0.analytic, $0.numeric) }))
      }
    }
    return rows
  }

  /// What the directional screen did, when it ran.
  private func directionalLines() -> [String] {
    guard let d = directional else { return [] }
    let kinked: String
    switch d.kinkedDirections {
    case 0: kinked = ""
    case let n:
      kinked =
        " \(n) crossed a relu kink at this step and " + (n == 1 ? "was" : "were")
        + " re-checked with smaller or one-sided steps or left to the entries;"
    }
    let located =
      d.checkedEveryEntry
      ? " as a direction's step crossed a kink, where it mixes two slopes, every entry was "
        + "checked one by one (\(entries.count) in all)."
      : " bisection (\(d.bisectionSteps) steps) located \(entries.count) "
        + (entries.count == 1 ? "entry" : "entries") + " to check one by one."
    return WordWrap.lines(
      "Directional screen: \(d.directions) random "
        + (d.directions == 1 ? "direction" : "directions") + ", \(d.failedDirections) "
        + "failed;\(kinked)" + located)
  }

  /// How the entries whose steps crossed a kink were re-checked, when there are any.
  private func kinkLines(style: ReportStyle) -> [String] {
    kinkSentence(style: style).map { WordWrap.lines($0) } ?? []
  }

  /// The kink note unwrapped (nil without kinks), shared with the Markdown report.
  func kinkSentence(style: ReportStyle) -> String? {
    CheckReportLayout.kinkSentence(
      KinkOutcomes(entries),
      crossing: "moved a relu or leaky-relu pre-activation across 0 for some sample, so the "
        + "step mixed two slopes", recheck: "smaller or one-sided steps", nearKink: "0",
      style: style)
  }

  /// A note when the gradient file's cost is not the network's (`costMismatch`).
  private func costLines(style: ReportStyle) -> [String] {
    guard costMismatch, let c = cost, let stated = statedCost else { return [] }
    return WordWrap.lines(
      style.warn("Note:") + " the gradient file states a cost of "
        + "\(NumberFormat.scientific(stated, digits: 6)), but the network's mean cost over these "
        + "samples is \(NumberFormat.scientific(c, digits: 6)): the gradients may belong to "
        + "another network or other samples.")
  }

  /// The summary line: PASSED or FAILED, with counts and the max relative error.
  private func verdictLines(style: ReportStyle) -> [String] {
    let total = Network.parameterCount(sizes: sizes)
    let sampled: String
    switch directional {
    case .some(let d) where !d.checkedEveryEntry: sampled = " located by the screen"
    case _ where parametersChecked < total:
      sampled = " (\(parametersChecked) sampled of \(total))"
    default: sampled = ""
    }
    if passed, let d = directional, entries.isEmpty {
      return CheckReportLayout.directionalVerdict(d, style: style)
    }
    return CheckReportLayout.verdict(
      passed: passed, checked: parametersChecked, failures: failures, kinks: kinks,
      sampled: sampled, maxRelativeError: maxRelativeError, style: style)
  }

  /// The most likely cause with its explanation, then the other possible ones.
  private func diagnosisLines(
    style: ReportStyle, notation: Notation, spelling: CheckSettingSpelling
  ) -> [String] {
    CheckReportLayout.diagnosis(
      diagnosis.map {
        (
          $0.cause.rawValue, "confidence \(NumberFormat.factor($0.confidence))",
          $0.message(notation: notation, spelling: spelling)
        )
      }, style: style)
  }

  /// Every compared entry, one per line (verbose).
  private func entryLines(style: ReportStyle) -> [String] {
    CheckReportLayout.entryLines(listedEntries, style: style)
  }

  /// The compared entries as the verbose listings print them.
  var listedEntries: [CheckListedEntry] {
    entries.map {
      CheckListedEntry(
        name: $0.index.description, analytic: $0.analytic, numeric: $0.numeric,
        outcome: $0.outcome)
    }
  }
}
