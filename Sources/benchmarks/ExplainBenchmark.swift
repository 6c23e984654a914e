import Foundation

/// Benchmarks for `nn-explain` (issue: 2,2,2,2 within 50 ms, 784,30,10 within 0.5 s).
///
/// Each figure is the median wall-clock time of the whole process (the release binary next
/// to this executable, output discarded), and its ratio to the process-start cost of
/// `nn-explain --version`, measured in the same run.
func runExplainBenchmarks() {
  guard let tool = ToolProcess(named: "nn-explain") else {
    print("nn-explain: not measured (no binary beside this one; run `swift build -c release`)")
    return
  }
  func spawn(_ arguments: [String]) -> Bool { tool.run(arguments) == 0 }
  guard spawn(["--version"]) else {
    print("nn-explain: not measured (the binary does not run)")
    return
  }
  let baseline = medianSeconds(repeats: 9) { _ = spawn(["--version"]) }
  print("nn-explain (whole process, median of 9 runs)")
  print(
    "  " + "--version (baseline)".padding(toLength: 34, withPad: " ", startingAt: 0) + " "
      + formatSeconds(baseline))
  let cases: [(arguments: [String], target: Double)] = [
    (["--layers", "2,2,2,2"], 0.05),
    (["--layers", "784,30,10"], 0.5),
    (["--layers", "784,30,10", "--format", "json"], 0.5),
  ]
  for c in cases {
    var ok = true
    let t = medianSeconds(repeats: 9) { ok = spawn(c.arguments) && ok }
    let label = c.arguments.joined(separator: " ").padding(
      toLength: 34, withPad: " ", startingAt: 0)
    let ratio = String(format: "%.1f", t / max(baseline, 1e-9))
    let verdict = t <= c.target ? "ok" : "OVER"
    print(
      "  \(label) \(formatSeconds(t))  \(ratio)x baseline  \(verdict) (target "
        + "\(formatSeconds(c.target)))" + (ok ? "" : " [exit != 0]"))
  }
}
