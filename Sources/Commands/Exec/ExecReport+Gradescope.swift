import Backprop

extension ExecSummary {
  /// Gradescope's `results.json`: one test per trial worth one point, `score` the points
  /// earned, and the text report as the overall output.
  func gradescope(textReport: String) -> JSONValue {
    .object([
      ("score", .number(Double(result.passedCount))),
      ("max_score", .number(Double(result.trials.count))),
      ("output", .string(textReport)),
      (
        "tests",
        .array(
          result.trials.map { t in
            .object([
              ("name", .string(ExecSummary.testName(t))),
              ("score", .number(t.outcome.passed ? 1 : 0)),
              ("max_score", .number(1)),
              ("status", .string(t.outcome.passed ? "passed" : "failed")),
              ("output", .string(ExecSummary.detail(t).joined(separator: "\n"))),
            ])
          })
      ),
    ])
  }
}
