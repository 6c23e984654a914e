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
    // The layered screen checks entries instead of bisecting: no `bisectionSteps`.
    if let d = directional { members.append(("directional", d.json(bisects: false))) }
    members.append(
      (
        "diagnosis",
        .array(
          diagnosis.map {
            .object([
              ("mistake", .string($0.mistake.rawValue)), ("site", .string($0.site)),
              ("agreement", number($0.agreement)), ("message", .string($0.message())),
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
}
