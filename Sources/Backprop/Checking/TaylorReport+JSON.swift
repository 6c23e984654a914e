extension TaylorReport {
  /// The report as JSON.
  ///
  /// Keys are camelCase:
  ///
  /// ```
  /// {"passed": true, "test": "taylor", "form": "central", "rightOrder": 3,
  ///  "passingOrder": 2, "seed": 0, "sizes": [2, 3, 2], "samples": 2, "cost": …,
  ///  (a layered network: "architecture": "input 3, dense 2, …" in place of "sizes")
  ///  "failures": 0, "kinks": 0,
  ///  "layers": [{"layer": 1, "parameters": 9, "order": 3.0, "status": "passed",
  ///              "slope": …, "kinkStep": null, "stepsUsed": [2e-3, 2.4e-4],
  ///              "steps": [{"h": …, "remainder": …, "roundingFloor": …,
  ///                         "crossesKink": false, "used": false}, …]}, …],
  ///  "entries": [{"parameter": "W¹[0,0]", "index": [1, 0, 0], "order": 3.0,
  ///               "status": "passed", "kinkStep": null}, …]}
  /// ```
  /// `status` is `passed`, `failed`, `exact` or `kink`; `order` is `null` when fewer than three
  /// steps were usable. `entries` is present with `verbose`, and only when the entries were
  /// tested. Non-finite numbers are written as `null`.
  public func json(verbose: Bool = false) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("passed", .bool(passed)),
      ("test", .string("taylor")),
      ("form", .string(form.rawValue)),
      ("rightOrder", .number(form.rightOrder)),
      ("passingOrder", .number(form.passingOrder)),
      ("seed", .number(Double(seed))),
      architecture.map { ("architecture", JSONValue.string($0)) }
        ?? ("sizes", .array(sizes.map { .number(Double($0)) })),
      ("samples", .number(Double(sampleCount))),
      ("cost", .number(cost)),
      ("failures", .number(Double(failures))),
      ("kinks", .number(Double(kinks))),
      (
        "layers",
        .array(
          layers.map { layer in
            .object(
              [
                ("layer", .number(Double(layer.layer))),
                ("parameters", .number(Double(layer.parameters))),
              ] + TaylorReport.seriesJSON(layer.series, steps: true))
          })
      ),
    ]
    if verbose && !entries.isEmpty {
      members.append(
        (
          "entries",
          .array(
            entries.map { entry in
              .object(
                [
                  ("parameter", .string(entry.name)),
                  ("index", .array(entry.position.map { .number(Double($0)) })),
                ] + TaylorReport.seriesJSON(entry.series, steps: false))
            })
        ))
    }
    return .object(members)
  }

  /// The order, status, slope, kink step, the steps used and (with `steps`) every step.
  static func seriesJSON(_ s: TaylorSeries, steps: Bool) -> [(String, JSONValue)] {
    var out: [(String, JSONValue)] = [
      ("order", s.order.map(JSONValue.number) ?? .null),
      ("status", .string(s.status.rawValue)),
      ("slope", .number(s.slope)),
      ("kinkStep", s.kinkStep.map(JSONValue.number) ?? .null),
    ]
    if let first = s.used.first, let last = s.used.last {
      out.append(
        ("stepsUsed", .array([.number(s.steps[first].step), .number(s.steps[last].step)])))
    } else {
      out.append(("stepsUsed", .null))
    }
    if steps {
      out.append(
        (
          "steps",
          .array(
            s.steps.enumerated().map { i, step in
              .object([
                ("h", .number(step.step)),
                ("remainder", .number(step.remainder)),
                ("roundingFloor", .number(step.roundingFloor)),
                ("crossesKink", .bool(step.crossesKink)),
                ("used", .bool(s.used.contains(i))),
              ])
            })
        ))
    }
    return out
  }
}
