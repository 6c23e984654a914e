import Backprop

/// Benchmarks for layered networks (issue 11), `benchmarks --layers` alone.
///
/// A full central check of a small convolutional network (kernel-entry shortcuts) and of an
/// LSTM (perturbations as columns through time, `RecurrentColumns`), each beside the naive
/// full forward pass per perturbation from the same run.
///
/// The naive baseline runs on every `stride`-th entry only (it would take minutes on all
/// of them) and is scaled to all entries; the estimates of both on those entries are
/// compared so that the speed-up is not bought with wrong numbers.
func runLayersBenchmarks() {
  layerBenchmark(
    title: "input 1x28x28, conv 8 3x3, relu, maxpool 2, flatten,\n  dense 10, softmax; 4 samples",
    architecture: "input 1x28x28, conv 8 3x3, relu, maxpool 2, flatten, dense 10, softmax",
    cost: .categoricalCrossEntropy, samples: 4, stride: 17)
  layerBenchmark(
    title: "input 20x4, lstm 32, dense 1, sigmoid;\n"
      + "  1 sample (32 units over 20 steps; perturbations as columns)",
    architecture: "input 20x4, lstm 32, dense 1, sigmoid", cost: .quadratic, samples: 1,
    stride: 7)
}

private func layerBenchmark(
  title: String, architecture: String, cost: Cost, samples: Int, stride: Int
) {
  print("gradcheck --arch, full central check: \(title)")
  let built: (network: LayeredNetwork, samples: [Sample])
  do {
    built = try LayeredNetwork.random(
      Architecture.parse(architecture), cost: cost, sampleCount: samples, seed: 1)
  } catch {
    print("  cannot build the network: \(error)")
    return
  }
  let (network, data) = built
  let analytic = network.gradients(over: data)
  print("  parameters: \(network.parameterCount)")
  var fast: LayerCheckReport?
  let fastTime = medianSeconds(repeats: 3) {
    fast = try? LayeredGradientCheck.run(network: network, samples: data, analytic: analytic)
  }
  print("  incremental:                 \(formatSeconds(fastTime)) (median of 3)")
  // The naive baseline on every stride-th entry, through the same per-entry code.
  var naiveEntries: [TensorEntryCheck] = []
  let subset = Swift.stride(from: 0, to: network.parameterCount, by: stride).map { $0 }
  let start = ContinuousClock.now
  naiveEntries = LayeredGradientCheck.entries(
    subset, network: network, samples: data, analytic: analytic,
    options: GradientCheckOptions(strategy: .fullForward))
  let d = ContinuousClock.now - start
  let partTime = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  let naiveTime = partTime * Double(network.parameterCount) / Double(subset.count)
  print(
    "  naive (full forward each):   \(formatSeconds(naiveTime)) (\(subset.count) entries "
      + "timed, scaled to all)")
  print("  speed-up: \(Int((naiveTime / fastTime).rounded()))x")
  var worst = 0.0
  if let fast {
    for e in naiveEntries {
      worst = max(worst, abs(fast.entries[e.index].numeric - e.numeric))
    }
    print(
      "  the two differ by at most \(NumberFormat.scientific(worst, digits: 2)) (absolute); "
        + "\(fast.failures) failures of \(fast.parametersChecked)")
  }
  print()
}
