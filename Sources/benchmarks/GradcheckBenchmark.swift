import Backprop

/// Benchmarks for `gradcheck` (issue: full central check of 784-30-10 in ≤ 0.2 s, ≥ 20× naive).
///
/// Both methods check all 23,860 parameters of a sigmoid 784-30-10 network over 10 samples
/// with central differences (ε = 1e-5): the incremental evaluator, and the naive method that
/// runs a full forward pass for each of the 2 · 23,860 perturbed costs. Both are measured in
/// this run, and their estimates are compared so that the speed-up is not bought with wrong
/// numbers.
func runGradcheckBenchmarks() {
  print("gradcheck: full central check of a 784-30-10 sigmoid network, 10 samples")
  let file: NetworkFile
  do {
    file = try NetworkFile.random(
      RandomNetworkSpec(sizes: [784, 30, 10], sampleCount: 10, seed: 1))
  } catch {
    print("  cannot build the network: \(error)")
    return
  }
  let network = file.network
  let samples = file.samples
  let analytic = network.gradients(over: samples)
  let indices = network.parameterIndices
  print("  parameters: \(indices.count)")

  // The whole check as the command runs it: entries, report, per-layer summaries.
  var fast: [EntryCheck] = []
  let fastTime = medianSeconds(repeats: 5) {
    fast =
      (try? GradientCheck.run(network: network, samples: samples, analytic: analytic))?
      .entries ?? []
  }
  print("  incremental evaluator:       \(formatSeconds(fastTime)) (median of 5)")

  var naive: [EntryCheck] = []
  let start = ContinuousClock.now
  naive =
    (try? GradientCheck.run(
      network: network, samples: samples, analytic: analytic,
      options: GradientCheckOptions(strategy: .fullForward)))?.entries ?? []
  let d = ContinuousClock.now - start
  let naiveTime = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  print("  naive (full forward each):   \(formatSeconds(naiveTime)) (one run)")
  let ratio = naiveTime / fastTime
  print("  speed-up: \(Int(ratio.rounded()))x  (target: <= 0.2 s and >= 20x)")

  var worst = 0.0
  for (a, b) in zip(fast, naive) { worst = max(worst, abs(a.numeric - b.numeric)) }
  let failures = fast.filter { $0.status == .failed }.count
  print(
    "  the two differ by at most \(NumberFormat.scientific(worst, digits: 2)) (absolute); "
      + "\(failures) failures of \(fast.count)")

  let complexTime = medianSeconds(repeats: 3) {
    _ = try? GradientCheck.run(
      network: network, samples: samples, analytic: analytic,
      options: GradientCheckOptions(method: .complexStep, diagnose: false))
  }
  print("  complex-step, incremental:   \(formatSeconds(complexTime))")
  let screenTime = medianSeconds(repeats: 3) {
    _ = try? GradientCheck.run(
      network: network, samples: samples, analytic: analytic,
      options: GradientCheckOptions(directions: 10))
  }
  print("  directional screen, 10 dirs: \(formatSeconds(screenTime))")
  print()
}
