import Backprop
import Foundation

/// Benchmarks for `nn-train` (issue 10): epochs per second of full-batch gradient descent
/// on the half-adder and on 784-30-10 with 100 samples, against a naive per-sample loop
/// (one `Gradients` value per sample, summed and scaled, a new network per step) measured
/// in the same run; and the blog's half-adder run, 20,000 epochs, target well under 1 s of
/// CPU time (wall time beside it: a loaded machine stretches wall time, not CPU time).
func runTrainingBenchmarks() {
  print("nn-train (full-batch gradient descent, median of 5 runs)")
  do {
    let halfAdder = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 2, 2, 2], seed: 0))
    let samples = DataSet.halfAdder.samples(seed: 0)
    compare(
      "half-adder 2-2-2-2, 4 samples", network: halfAdder.network, samples: samples, epochs: 2_000)
    let mnist = try NetworkFile.random(
      RandomNetworkSpec(sizes: [784, 30, 10], sampleCount: 100, seed: 1))
    compare("784-30-10, 100 samples", network: mnist.network, samples: mnist.samples, epochs: 5)

    var run: TrainingRun?
    let options = TrainingOptions(epochs: 20_000, learningRate: 0.5, recordEvery: 1_000)
    let t = medianWallAndCPUSeconds {
      run = Trainer.train(halfAdder.network, on: samples, options: options)
    }
    let cost = run?.finalCost ?? .nan
    print(
      "  half-adder, seed 0, 20,000 epochs   CPU \(formatSeconds(t.cpu)) (wall "
        + "\(formatSeconds(t.wall)))  " + (t.cpu < 1 && cost < 1e-3 ? "ok" : "OVER"))
    print(
      "    cost " + String(format: "%.6g", cost)
        + "; judged on CPU time: well under 1 s, cost below 0.001")
  } catch {
    print("  not measured: \(error)")
  }
  print()
}

/// Prints epochs per second of `Trainer.train` and of the naive loop, and their ratio.
private func compare(_ label: String, network: Network, samples: [Sample], epochs: Int) {
  let options = TrainingOptions(epochs: epochs, learningRate: 0.5, recordEvery: epochs)
  var fast = network
  let t = medianSeconds { fast = Trainer.train(network, on: samples, options: options).network }
  var slow = network
  let naive = medianSeconds { slow = naiveTraining(network, samples, epochs: epochs) }
  let difference = zip(fast.weights, slow.weights).map { ($0 - $1).frobeniusNorm }.max() ?? 0
  let rate = Double(epochs) / t
  let naiveRate = Double(epochs) / naive
  print(
    "  \(label.padding(toLength: 32, withPad: " ", startingAt: 0)) "
      + String(
        format: "%9.0f epochs/s, naive loop %9.0f epochs/s, %.1fx", rate, naiveRate, naive / t)
      + (difference < 1e-9 ? "" : " [weights differ by \(difference)]"))
}

/// Full-batch gradient descent the naive way: the gradients of each sample as a value of
/// their own, summed, scaled by 1/m, and a new set of parameters per step.
private func naiveTraining(_ network: Network, _ samples: [Sample], epochs: Int) -> Network {
  var net = network
  for _ in 0..<epochs {
    var sum = Gradients(zerosLike: net)
    for s in samples { sum = sum + net.gradients(over: [s]) }
    let g = sum.scaled(by: 1 / Double(samples.count))
    net.weights = zip(net.weights, g.weights).map { $0 - 0.5 * $1 }
    net.biases = zip(net.biases, g.biases).map { zip($0, $1).map { $0 - 0.5 * $1 } }
    _ = net.cost(over: samples)
  }
  return net
}
