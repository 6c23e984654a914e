extension CheckReport {
  /// The report as JSON with the documented camelCase keys.
  ///
  /// ```
  /// {"passed": false, "method": "central", "epsilon": 1e-5, "rtol": …, "atol": …,
  ///  "precision": "double", "parametersChecked": 18, "failures": 6, "kinks": 0,
  ///  "maxRelativeError": …,
  ///  "layers": [{"layer": 1,
  ///    "weights": {"shape": [2, 2], "checked": 4, "failures": 0, "kinks": 0,
  ///                "maxAbsoluteError": …, "maxRelativeError": …,
  ///                "worst": {"index": [1, 0], "analytic": …, "numeric": …}},
  ///    "biases": {… "index": [j] …}}, …],
  ///  "diagnosis": [{"cause": "sign", "confidence": …, "message": "…"}]}
  /// ```
  /// `"cost"` is the network's mean cost; `"statedCost"` and `"costMismatch"` are added
  /// when the gradients state a cost (a gradient file's `"cost"`). `"directional"` is added when the directional
  /// screen ran, `"entries"` (every compared
  /// entry) when `verbose`. Non-finite numbers are written as `null`. `notation` spells the
  /// symbols of the diagnosis messages and `spelling` the settings they suggest.
  public func json(
    verbose: Bool = false, notation: Notation = .unicode, spelling: CheckSettingSpelling = .words
  ) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("passed", .bool(passed)),
      ("method", .string(method.name)),
      ("epsilon", .number(epsilon)),
      ("rtol", .number(tolerance.rtol)),
      ("atol", .number(tolerance.atol)),
      ("precision", .string(precision.rawValue)),
      ("parametersChecked", .number(Double(parametersChecked))),
      ("failures", .number(Double(failures))),
      ("kinks", .number(Double(kinks))),
      ("maxRelativeError", .number(maxRelativeError)),
      (
        "layers",
        .array(
          layers.map { layer in
            .object([
              ("layer", .number(Double(layer.layer))),
              ("weights", CheckReport.blockJSON(layer.weights)),
              ("biases", CheckReport.blockJSON(layer.biases)),
            ])
          })
      ),
    ]
    if let c = cost { members.append(("cost", .number(c))) }
    if let stated = statedCost {
      members.append(("statedCost", .number(stated)))
      members.append(("costMismatch", .bool(costMismatch)))
    }
    if let d = directional { members.append(("directional", d.json(bisects: true))) }
    members.append(
      (
        "diagnosis",
        .array(
          diagnosis.map { f in
            var item: [(String, JSONValue)] = [
              ("cause", .string(f.cause.rawValue)),
              ("confidence", .number(f.confidence)),
              ("message", .string(f.message(notation: notation, spelling: spelling))),
            ]
            if let factor = f.factor { item.append(("factor", .number(factor))) }
            if !f.entries.isEmpty {
              item.append(("entries", .array(f.entries.map { .string($0.description) })))
            }
            return .object(item)
          })
      ))
    if verbose {
      members.append(("entries", .array(entries.map(CheckReport.entryJSON))))
    }
    return .object(members)
  }

  static func blockJSON(_ b: BlockSummary) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("shape", .array(b.shape.map { .number(Double($0)) })),
      ("checked", .number(Double(b.checked))),
      ("failures", .number(Double(b.failures))),
      ("kinks", .number(Double(b.kinks))),
      ("maxAbsoluteError", .number(b.maxAbsoluteError)),
      ("maxRelativeError", .number(b.maxRelativeError)),
    ]
    if let w = b.worst {
      members.append(
        (
          "worst",
          .object([
            ("index", .array(w.index.indices.map { .number(Double($0)) })),
            ("analytic", .number(w.analytic)),
            ("numeric", .number(w.numeric)),
          ])
        ))
    } else {
      members.append(("worst", .null))
    }
    return .object(members)
  }

  static func entryJSON(_ e: EntryCheck) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("parameter", .string(e.index.description)),
      ("layer", .number(Double(e.index.layer))),
      ("kind", .string(e.index.isWeight ? "weight" : "bias")),
      ("index", .array(e.index.indices.map { .number(Double($0)) })),
      ("analytic", .number(e.analytic)),
      ("numeric", .number(e.numeric)),
      ("difference", .number(e.analytic - e.numeric)),
      ("relativeError", .number(e.relativeError)),
      ("status", .string(e.status.rawValue)),
    ]
    if let r = e.recheck {
      members.append(
        (
          "recheck",
          .object([
            ("method", .string(r.method.name)), ("epsilon", .number(r.epsilon)),
            ("numeric", .number(r.numeric)), ("agrees", .bool(r.agrees)),
          ])
        ))
    }
    return .object(members)
  }
}

extension DirectionalSummary {
  /// The screen's counts as a JSON object; `bisectionSteps` only for a screen that bisects.
  func json(bisects: Bool) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("directions", .number(Double(directions))),
      ("failedDirections", .number(Double(failedDirections))),
      ("kinkedDirections", .number(Double(kinkedDirections))),
      ("checkedEveryEntry", .bool(checkedEveryEntry)),
      ("maxRelativeError", maxRelativeError.isFinite ? .number(maxRelativeError) : .null),
    ]
    if bisects { members.append(("bisectionSteps", .number(Double(bisectionSteps)))) }
    return .object(members)
  }
}
