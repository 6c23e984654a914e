import Foundation

/// Benchmarks for `nn-explain` (issue: 2,2,2,2 within 50 ms, 784,30,10 within 0.5 s).
///
/// Each figure is the median wall-clock time of the whole process (the release binary next
/// to this executable, output discarded), and its ratio to the process-start cost of
/// `nn-explain --version`, measured in the same run.
func runExplainBenchmarks() {
  let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("nn-explain")
  guard FileManager.default.isExecutableFile(atPath: binary.path) else {
    print("nn-explain: not measured (no binary at \(binary.path); run `swift build -c release`)")
    return
  }
  func spawn(_ arguments: [String]) -> Bool {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    // `waitUntilExit()` polls its run loop every 50 ms or so, which would swamp the
    // figures; the termination handler fires as soon as the child exits.
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    do {
      try process.run()
    } catch {
      return false
    }
    done.wait()
    return process.terminationStatus == 0
  }
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
