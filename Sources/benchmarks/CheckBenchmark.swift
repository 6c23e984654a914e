import Backprop
import Foundation

/// The figures of one network: in-process times of backprop and of each way to check it,
/// and whole-process times of the commands, all measured in the same run.
struct CheckFigures {
  let name: String
  let parameters: Int
  let samples: Int
  /// One backward pass over all samples (median).
  var backprop = 0.0
  /// The full central check with a forward pass per perturbation, estimated from
  /// `naiveEntries` evenly drawn entries (every entry costs the same there).
  var naive = 0.0
  var naiveEntries = 0
  /// The full central check with the per-entry incremental evaluator (one run when slow).
  var perEntry = 0.0
  /// The full central check as `gradcheck` runs it (batched where it pays; median).
  var fast = 0.0
  /// `--directional 8` (median).
  var directional = 0.0
  /// `gradcheck --network FILE` and `nn-explain --network FILE` as whole processes, with
  /// their exit statuses; `nil` when the binaries are not built.
  var gradcheckProcess: Double?
  var gradcheckStatus: Int32?
  var explainProcess: Double?
  var explainStatus: Int32?
  /// The whole-process target of `gradcheck`, in seconds.
  var target = 0.0
  /// The largest |fast − per-entry| of a numeric derivative, and whether the fast check
  /// passed.
  var largestDifference = 0.0
  var fastPassed = false

  /// How many times faster than the naive check `seconds` is.
  func speedUp(_ seconds: Double) -> Double { naive / max(seconds, 1e-9) }
}

/// Measures `CheckFigures` for each benchmark network.
struct CheckBenchmark {
  /// Multiply-adds the naive estimate may spend per network (about a tenth of a second).
  static let naiveBudget = 3e8

  let gradcheck = ToolProcess(named: "gradcheck")
  let explain = ToolProcess(named: "nn-explain")

  /// The median time of `gradcheck --version`: the cost of starting a process.
  func processStart() -> Double? {
    gradcheck.map { tool in tool.median(["--version"], repeats: 9).seconds }
  }

  /// The figures of `network`, whose file is at `path`.
  func measure(_ network: BenchmarkNetwork, path: String, processStart: Double?) throws
    -> CheckFigures
  {
    let file = try network.file()
    let (net, samples) = (file.network, file.samples)
    var figures = CheckFigures(
      name: network.name, parameters: net.parameterCount, samples: samples.count)
    figures.backprop = medianSeconds(repeats: 9) { _ = net.gradients(over: samples) }
    let analytic = net.gradients(over: samples)

    // Naive: k entries per block, the same forward pass for each, scaled to all entries.
    let perEntryWork = 2.0 * Double(samples.count) * Double(net.parameterCount)
    let wanted = max(8.0, CheckBenchmark.naiveBudget / perEntryWork)
    let perBlock = max(1, Int(wanted) / (2 * net.depth))
    var checked = 0
    let naiveTime = medianSeconds(repeats: 3) {
      let report = try? GradientCheck.run(
        network: net, samples: samples, analytic: analytic,
        options: GradientCheckOptions(
          entriesPerBlock: perBlock, strategy: .fullForward, diagnose: false))
      checked = report?.entries.count ?? 1
    }
    figures.naiveEntries = checked
    figures.naive = naiveTime * Double(net.parameterCount) / Double(max(checked, 1))

    // Per-entry incremental evaluator over every entry.
    var perEntry: [EntryCheck] = []
    let incremental = GradientCheckOptions(strategy: .incremental, diagnose: false)
    let once = ContinuousClock.now
    perEntry =
      (try? GradientCheck.run(
        network: net, samples: samples, analytic: analytic, options: incremental))?.entries ?? []
    figures.perEntry = seconds(since: once)
    if figures.perEntry < 0.5 {
      figures.perEntry = medianSeconds(repeats: 3) {
        _ = try? GradientCheck.run(
          network: net, samples: samples, analytic: analytic, options: incremental)
      }
    }

    var fast: CheckReport?
    figures.fast = medianSeconds(repeats: 5) {
      fast = try? GradientCheck.run(network: net, samples: samples, analytic: analytic)
    }
    figures.fastPassed = fast?.passed ?? false
    for (a, b) in zip(fast?.entries ?? [], perEntry) {
      figures.largestDifference = max(figures.largestDifference, abs(a.numeric - b.numeric))
    }
    figures.directional = medianSeconds(repeats: 5) {
      _ = try? GradientCheck.run(
        network: net, samples: samples, analytic: analytic,
        options: GradientCheckOptions(directions: 8))
    }

    figures.target = network.target ?? ((processStart ?? 0) + 0.002)
    if let gradcheck {
      let r = gradcheck.median(["--network", path], repeats: 5)
      (figures.gradcheckProcess, figures.gradcheckStatus) = (r.seconds, r.status)
    }
    if let explain {
      let r = explain.median(["--network", path], repeats: 3)
      (figures.explainProcess, figures.explainStatus) = (r.seconds, r.status)
    }
    return figures
  }
}

/// Seconds elapsed since `start`.
private func seconds(since start: ContinuousClock.Instant) -> Double {
  let d = ContinuousClock.now - start
  return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
