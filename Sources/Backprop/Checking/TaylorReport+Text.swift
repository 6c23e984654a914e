import TextSupport

extension TaylorSeries.Status {
  /// `passed`, `FAILED`, `exact` or `kink`, as the text and Markdown reports show it.
  var label: String {
    switch self {
    case .passed: return "passed"
    case .failed: return "FAILED"
    case .exact: return "exact"
    case .kink: return "kink"
    }
  }
}

extension TaylorReport {
  /// The remainder as a formula, such as `|C(θ+hv) − C(θ−hv) − 2h·gᵀv|`.
  var remainderFormula: String {
    switch form {
    case .forward: return "|C(θ+hv) − C(θ) − h·gᵀv|"
    case .central: return "|C(θ+hv) − C(θ−hv) − 2h·gᵀv|"
    }
  }

  /// The measured order with two decimals, or `—`.
  static func orderText(_ series: TaylorSeries) -> String {
    series.order.map { String(format: "%.2f", $0) } ?? "—"
  }

  /// The range of steps the order is measured on, such as `2e-3 … 2.4e-4`, or `—`.
  static func usedText(_ series: TaylorSeries) -> String {
    guard let first = series.used.first, let last = series.used.last else { return "—" }
    return NumberFormat.scientific(series.steps[first].step, digits: 2) + " … "
      + NumberFormat.scientific(series.steps[last].step, digits: 2)
  }

  /// The report as text that fits 80 columns.
  ///
  /// A header with the remainder and the thresholds, one row per layer (parameters, measured order, steps used, the smallest
  /// step that crosses a kink, result), and a summary line. `verbose` adds each layer's
  /// ladder of steps and one line per entry.
  /// - Complexity: O(entries + steps) with `verbose`, O(layers) otherwise.
  public func text(verbose: Bool = false, style: ReportStyle = .plain) -> String {
    var lines = WordWrap.lines(
      style.bold("Taylor test") + " of \(networkName), \(sampleCount) "
        + (sampleCount == 1 ? "sample" : "samples") + ", \(parameterCount) parameters")
    lines += WordWrap.lines(
      "\(form.rawValue.prefix(1).uppercased() + form.rawValue.dropFirst()) remainder "
        + "\(remainderFormula) along one random unit direction v per layer (seed \(seed)). "
        + "It shrinks like h^\(Int(form.rightOrder)) for a right gradient and like h for a "
        + "wrong one: a layer passes when the measured order is at least "
        + "\(NumberFormat.factor(form.passingOrder)).")
    lines.append("")
    lines.append("Layer  Params  Order  Steps used            Kink at   Result")
    for layer in layers {
      let s = layer.series
      let kink = s.kinkStep.map { NumberFormat.scientific($0, digits: 2) } ?? "—"
      let cells =
        String(layer.layer).padded(to: 5) + String(layer.parameters).leftPadded(to: 8)
        + TaylorReport.orderText(s).leftPadded(to: 7) + "  "
        + TaylorReport.usedText(s).padded(to: 20) + "  " + kink.padded(to: 8) + "  "
      lines.append(cells + decorated(s.status, style))
    }
    lines.append("")
    if verbose {
      for layer in layers { lines += ladderLines(layer) }
      if !entries.isEmpty { lines += entryLines(style: style) }
    }
    lines += summaryLines(style: style)
    return lines.joined(separator: "\n") + "\n"
  }

  private func decorated(_ status: TaylorSeries.Status, _ style: ReportStyle) -> String {
    switch status {
    case .passed, .exact: return style.pass(status.label)
    case .failed: return style.fail(status.label)
    case .kink: return style.warn(status.label)
    }
  }

  /// One layer's steps: h, remainder, rounding level, order over the halving, and a note.
  private func ladderLines(_ layer: TaylorLayer) -> [String] {
    let s = layer.series
    var lines = [
      "Layer \(layer.layer): gᵀv = \(NumberFormat.scientific(s.slope, digits: 4))",
      "  h         remainder  rounding   order  note",
    ]
    let orders = s.pairOrders
    for (i, step) in s.steps.enumerated() {
      let order = orders[i].map { String(format: "%.2f", $0) } ?? ""
      let note =
        step.crossesKink
        ? "crosses a kink" : s.used.contains(i) ? "used" : step.isUsable ? "" : "rounding"
      let line =
        "  " + NumberFormat.scientific(step.step, digits: 3).padded(to: 10)
        + NumberFormat.scientific(step.remainder, digits: 3).padded(to: 11)
        + NumberFormat.scientific(step.roundingFloor, digits: 2).padded(to: 9)
        + order.leftPadded(to: 7) + "  " + note
      lines.append(String(line.reversed().drop { $0 == " " }.reversed()))
    }
    lines.append("")
    return lines
  }

  /// One line per entry: name, order, steps used, kink, result.
  private func entryLines(style: ReportStyle) -> [String] {
    var lines = ["Entry        Order  Steps used            Kink at   Result"]
    for entry in entries {
      let s = entry.series
      let kink = s.kinkStep.map { NumberFormat.scientific($0, digits: 2) } ?? "—"
      lines.append(
        entry.name.padded(to: 11)
          + TaylorReport.orderText(s).leftPadded(to: 7) + "  "
          + TaylorReport.usedText(s).padded(to: 20) + "  " + kink.padded(to: 8)
          + "  " + decorated(s.status, style))
    }
    lines.append("")
    return lines
  }

  /// The verdict and, for kinks and exact series, what they mean.
  private func summaryLines(style: ReportStyle) -> [String] {
    let series = layers.count + entries.count
    let what = entries.isEmpty ? "layers" : "layers and entries"
    var text: String
    if passed {
      text =
        style.pass("PASSED") + ": \(series - kinks) of \(series) \(what) pass (order "
        + "\(NumberFormat.factor(form.passingOrder)) or more, or exact)"
    } else {
      text =
        style.fail("FAILED") + ": \(failures) of \(series) \(what) shrink like h, not like h^"
        + "\(Int(form.rightOrder)): their gradients are wrong"
    }
    if kinks > 0 {
      text += "; \(kinks) not judged (every step clear of rounding crosses a kink)"
    }
    var lines = WordWrap.lines(text + ".")
    if layers.contains(where: { $0.series.status == .exact })
      || entries.contains(where: { $0.series.status == .exact })
    {
      lines += WordWrap.lines(
        "Exact: the remainder is at rounding level at every step, as for a cost that is a "
          + "polynomial of degree \(Int(form.rightOrder) - 1) along v; an error δ in gᵀv "
          + "would leave a term h·δ.")
    }
    return lines
  }
}
