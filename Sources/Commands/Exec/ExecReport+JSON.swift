import Backprop

extension ExecSummary {
  /// The JSON report: the same facts as the text report.
  func json(verbose: Bool) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("command", .string(request.commandLine)),
      ("protocol", .number(1)),
      ("seed", .number(Double(request.space.seed))),
      ("trials", .number(Double(result.trials.count))),
      ("passed", .number(Double(result.passedCount))),
      ("ok", .bool(result.passed)),
      ("results", .array(result.trials.map { ExecSummary.trialJSON($0) })),
    ]
    if let first = result.firstFailure {
      members.append(("firstFailure", .number(Double(first.index))))
    }
    if let shown = result.shownFailure, result.shrink != nil {
      members.append(("shrunkTrial", .number(Double(shown.index))))
    }
    if let original = result.originalReport, result.diagnosisChangedByShrinking {
      members.append(
        ("originalDiagnosis", .array(ExecWords.causes(original).map { .string($0) })))
    }
    if let shrink = result.shrink {
      members.append(
        (
          "shrink",
          .object([
            ("attempts", .number(Double(shrink.attempts))),
            ("steps", .array(shrink.steps.map { .string(ExecWords.step($0)) })),
          ])
        ))
    }
    if let example = counterexample { members.append(("counterexample", example.json)) }
    if let report = result.minimalReport {
      members.append(
        ("check", report.json(verbose: verbose, spelling: GradcheckCommand.settingSpelling)))
      members.append(("explain", .string(explainCommand)))
    }
    if result.firstFailure != nil { members.append(("reproduce", .string(reproduceCommand))) }
    return .object(members)
  }

  /// One trial: its network's shape and its outcome.
  static func trialJSON(_ t: Trial) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("trial", .number(Double(t.index))),
      ("layers", .array(t.network.network.sizes.map { .number(Double($0)) })),
      ("activations", .array(t.network.network.activations.map { .string($0.name) })),
      ("cost", .string(t.network.network.cost.name)),
      ("samples", .number(Double(t.network.samples.count))),
    ]
    switch t.outcome {
    case .passed(let r), .failed(let r):
      members += [
        ("outcome", .string(t.outcome.passed ? "passed" : "failed")),
        ("checked", .number(Double(r.parametersChecked))),
        ("failures", .number(Double(r.failures))),
        ("maxRelativeError", .number(r.maxRelativeError)),
      ]
    case .programFailed(let f):
      members += [
        ("outcome", .string("program-failed")),
        ("failure", .string(f.kind)),
        ("reason", .string(ExecWords.reason(f))),
      ]
      if case .wrongShape(let path, _) = f { members.append(("path", .string(path))) }
      if case .nonFinite(let path) = f { members.append(("path", .string(path))) }
    }
    return .object(members)
  }
}
