import Backprop
import BackpropExample
import Foundation
import ProgramRunner

/// Benchmarks for `gradcheck --exec` (issue 9): the checker's overhead per trial of protocol 1
/// against the Swift example program, the program's own time aside; and a protocol-2 check of
/// a convolution model with about 10,000 parameters, beside the same check in-process.
///
/// The program under test is this executable itself, started as `benchmarks example …`,
/// which runs `backprop-example`'s code: no other build product is needed.
func runExecBenchmarks() {
  let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
  print("gradcheck --exec, protocol 1: 100 trials against the Swift example, one job")
  let space = TrialSpace(seed: 1)
  let networks = (0..<100).compactMap { space.network(trial: $0) }
  let programTime = Accumulator()
  let words = [me, "example"]
  let program: @Sendable (NetworkFile) -> ProgramAnswer = { file in
    let input = Array((file.json.compact + "\n").utf8)
    guard let run = try? ProgramRun.run(words, input: input, timeout: 60) else {
      return .failure(.cannotStart(program: me, reason: "cannot start"))
    }
    programTime.add(run.seconds)
    guard run.ending == .exited(0) else {
      return .failure(.exit(code: -1, stderr: run.errorOutput))
    }
    return .output(run.output)
  }
  let start = ContinuousClock.now
  let result = ExecCheck.run(
    networks: networks, options: GradientCheckOptions(), jobs: 1, program: program)
  let total = seconds(since: start)
  let own = programTime.total
  let overhead = (total - own) / Double(networks.count)
  print("  trials passed: \(result.passedCount) of \(networks.count)")
  print("  whole run:                   \(formatSeconds(total))")
  print("  program's own time per trial: \(formatSeconds(own / Double(networks.count))) (baseline)")
  print(
    "  checker overhead per trial:  \(formatSeconds(overhead)), "
      + String(format: "%.2f", overhead / (own / Double(networks.count)))
      + "x the program's time  (target: a few ms)")
  print()

  let channels = 34
  let parameters = channels * channels * 9 + channels
  print("gradcheck --exec --model, protocol 2: 3x3 convolution, \(parameters) parameters")
  let options = ModelCheckOptions()
  let processStart = ContinuousClock.now
  var report: ModelReport?
  do {
    let session = try ProgramSession(
      [me, "example", "--model", "--channels", "\(channels)"], timeout: 60)
    report = try? ModelCheck.run(options: options) {
      (r: JSONValue) throws(ProgramFailure) -> JSONValue in
      guard let line = try? session.request(r.compact) else { throw .closedEarly(stderr: "") }
      return try ProgramJSON.parse(line)
    }
    session.close()
  } catch {
    print("  cannot start the example: \(error.reason)")
    return
  }
  let processTime = seconds(since: processStart)
  let model = ExampleModel(channels: channels, bug: nil)
  let inProcessStart = ContinuousClock.now
  let inProcess = try? ModelCheck.run(options: options) {
    (r: JSONValue) throws(ProgramFailure) -> JSONValue in
    try ProgramJSON.parse(model.answer(r.compact))
  }
  let inProcessTime = seconds(since: inProcessStart)
  guard let report, let inProcess else {
    print("  the check did not complete")
    return
  }
  print(
    "  entries checked: \(report.checked), requests: \(report.requests), passed: \(report.passed)")
  print("  through pipes (the program):  \(formatSeconds(processTime))")
  print("  in-process, same requests:    \(formatSeconds(inProcessTime)) (baseline)")
  print(
    "  protocol cost per request:    \(formatSeconds((processTime - inProcessTime) / Double(report.requests))), "
      + String(format: "%.1f", processTime / inProcessTime) + "x the baseline; same numbers: "
      + "\(report == inProcess)")
  print()
}

private func seconds(since start: ContinuousClock.Instant) -> Double {
  let d = ContinuousClock.now - start
  return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// A sum that several threads may add to.
private final class Accumulator: @unchecked Sendable {
  private let lock = NSLock()
  private var sum = 0.0
  func add(_ x: Double) {
    lock.lock()
    sum += x
    lock.unlock()
  }
  var total: Double {
    lock.lock()
    defer { lock.unlock() }
    return sum
  }
}
