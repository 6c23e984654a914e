import Backprop

/// Everything a report of `gradcheck --exec` shows, gathered once for every format.
struct ExecSummary {
  var request: ExecRequest
  var result: ExecResult

  /// The failing network to show and save: the minimal one, or the first failing trial's.
  var counterexample: NetworkFile? { result.shrink?.minimal ?? result.shownFailure?.network }

  /// The `nn-explain` command for the counterexample.
  var explainCommand: String { ExecWords.explainCommand(savePath: request.savePath) }

  /// The command that re-runs the program on the counterexample.
  var reproduceCommand: String {
    "gradcheck --exec " + ExecWords.shellQuoted(request.commandLine) + " --network "
      + ExecWords.shellQuoted(request.savePath ?? "counterexample.json")
  }

  /// `20 random networks (seed 0)` or `network net.json`.
  var scope: String {
    if let path = request.networkPath { return "network \(path)" }
    return "\(result.trials.count) random network\(result.trials.count == 1 ? "" : "s") "
      + "(seed \(request.space.seed))"
  }

  /// The ranges and choices the networks were drawn from.
  var space: String {
    let s = request.space
    func r(_ x: ClosedRange<Int>) -> String { "\(x.lowerBound)...\(x.upperBound)" }
    return "\(r(s.layers)) weight layers, \(r(s.sizes)) neurons, \(r(s.samples)) samples; "
      + s.activations.map(\.name).joined(separator: ",") + "; "
      + s.costs.map(\.name).joined(separator: ",")
  }

  /// `PASSED: 20 of 20 trials passed.` or `FAILED: …`.
  var verdict: String {
    let n = result.trials.count
    return (result.passed ? "PASSED" : "FAILED")
      + ": \(result.passedCount) of \(n) trial\(n == 1 ? "" : "s") passed."
  }

  /// The name of trial `t` for test reports.
  static func testName(_ t: Trial) -> String {
    "trial \(t.index): \(ExecWords.network(t.network))"
  }

  /// The most numbers a network may hold to be printed in the text report.
  static let printableNumbers = 60

  /// Whether `file` is small enough to print.
  static func isSmall(_ file: NetworkFile) -> Bool {
    let samples = file.samples.count * (file.network.sizes[0] + (file.network.sizes.last ?? 0))
    return file.network.parameterCount + samples <= printableNumbers
  }

  /// The detail of a failing trial, several lines.
  static func detail(_ t: Trial) -> [String] {
    var lines = [ExecWords.outcome(t.outcome)]
    switch t.outcome {
    case .failed(let r): if let w = ExecWords.worst(r) { lines.append(w) }
    case .programFailed(let f):
      // One line of stderr is already in the reason.
      let tail = ExecWords.errorTail(f)
      if tail.count > 1 { lines += tail }
    case .passed: break
    }
    return lines
  }
}
