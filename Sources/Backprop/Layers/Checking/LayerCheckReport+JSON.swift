extension LayerCheckReport {
  /// The report as JSON.
  ///
  /// ```
  /// {"passed": true, "architecture": "input 1x6x6, …", "method": "central",
  ///  "epsilon": 1e-5, "rtol": …, "atol": …, "precision": "double", "samples": 2,
  ///  "parametersChecked": 83, "failures": 0, "kinks": 0, "unitsAtKink": 0,
  ///  "maxRelativeError": …, "cost": …,
  ///  "tensors": [{"name": "K1", "shape": [2, 1, 3, 3], "checked": 18, "failures": 0,
  ///    "kinks": 0, "maxAbsoluteError": …, "maxRelativeError": …,
  ///    "worst": {"name": "K1[0,0,1,2]", "analytic": …, "numeric": …}}, …],
  ///  "diagnosis": [{"mistake": "flipped-kernel", "site": "K1", "agreement": 0.97,
  ///    "message": "…"}]}
  /// ```
  /// `"directional"` is added when the screen ran, `"entries"` with `verbose`, and
  /// `"unexplained": {"failingTensors": ["K1"], "worst": {…}}` when no known mistake fits.
  /// Non-finite numbers are written as `null`.
  public func json(verbose: Bool = false) -> JSONValue {
    func number(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
    func entry(_ e: TensorEntryCheck) -> JSONValue {
      var m: [(String, JSONValue)] = [
        ("name", .string(e.name)), ("analytic", number(e.analytic)),
        ("numeric", number(e.numeric)), ("status", .string(e.status.rawValue)),
      ]
      if let r = e.recheck {
        m.append(
          (
            "recheck",
            .object([
              ("method", .string(r.method.name)), ("epsilon", number(r.epsilon)),
              ("numeric", number(r.numeric)), ("agrees", .bool(r.agrees)),
            ])
          ))
      }
      return .object(m)
    }
    var members: [(String, JSONValue)] = [
      ("passed", .bool(passed)), ("architecture", .string(architecture)),
      ("method", .string(method.name)), ("epsilon", number(epsilon)),
      ("rtol", number(tolerance.rtol)), ("atol", number(tolerance.atol)),
      ("precision", .string(precision.rawValue)), ("samples", .number(Double(sampleCount))),
      ("parametersChecked", .number(Double(parametersChecked))),
      ("failures", .number(Double(failures))), ("kinks", .number(Double(kinks))),
      ("unitsAtKink", .number(Double(unitsAtKink))),
      ("maxRelativeError", number(maxRelativeError)),
    ]
    if let c = cost { members.append(("cost", number(c))) }
    if let s = statedCost {
      members.append(("statedCost", number(s)))
      members.append(("costMismatch", .bool(costMismatch)))
    }
    members.append(
      (
        "tensors",
        .array(
          tensors.map { t in
            .object([
              ("name", .string(t.name)), ("shape", .array(t.shape.map { .number(Double($0)) })),
              ("checked", .number(Double(t.checked))),
              ("failures", .number(Double(t.failures))), ("kinks", .number(Double(t.kinks))),
              ("maxAbsoluteError", number(t.maxAbsoluteError)),
              ("maxRelativeError", number(t.maxRelativeError)),
              ("worst", t.worst.map(entry) ?? .null),
            ])
          })
      ))
    if let d = directional {
      members.append(
        (
          "directional",
          .object([
            ("directions", .number(Double(d.directions))),
            ("failedDirections", .number(Double(d.failedDirections))),
            ("kinkedDirections", .number(Double(d.kinkedDirections))),
            ("maxRelativeError", number(d.maxRelativeError)),
          ])
        ))
    }
    members.append(
      (
        "diagnosis",
        .array(
          diagnosis.map {
            .object([
              ("mistake", .string($0.mistake.rawValue)), ("site", .string($0.site)),
              ("agreement", number($0.agreement)), ("message", .string($0.mistake.sentence)),
            ])
          })
      ))
    if unexplained, let worst = worstFailure {
      members.append(
        (
          "unexplained",
          .object([
            ("failingTensors", .array(failingTensors.map { .string($0) })),
            ("worst", entry(worst)),
          ])
        ))
    }
    if verbose { members.append(("entries", .array(entries.map(entry)))) }
    return .object(members)
  }

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
        "- **\(f.mistake.rawValue)** in `\(displayName(f.site))`: \(f.mistake.sentence)")
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
