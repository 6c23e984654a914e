import Backprop
import XCTest

/// The largest |entry|, or 0 for an empty array.
func maxAbs(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }

/// The central finite-difference Jacobian of `f` at `x`, written independently of the
/// library: column j is (f(x + h e_j) − f(x − h e_j)) / 2h, so the result is dim f x dim x
/// (numerator layout).
///
/// Truncation error O(h²), rounding error O(ε/h).
func centralDifferenceJacobian(
  of f: ([Double]) -> [Double], at x: [Double], h: Double = 1e-6
) -> Matrix {
  let m = f(x).count
  var jac = Matrix(rows: m, columns: x.count)
  for j in 0..<x.count {
    var plus = x
    var minus = x
    plus[j] += h
    minus[j] -= h
    let fp = f(plus)
    let fm = f(minus)
    for i in 0..<m { jac[i, j] = (fp[i] - fm[i]) / (2 * h) }
  }
  return jac
}

/// One network configuration of the pair sweep: the activations of the hidden and output
/// layers and the cost.
struct PairConfiguration: CustomStringConvertible {
  var hidden: Activation
  var output: Activation
  var cost: Cost

  var description: String { "hidden \(hidden.name), output \(output.name), \(cost.name)" }
}

/// Every activation × cost pair that makes sense: each activation is used in the hidden
/// layers; the output uses the same activation for quadratic and mse, and sigmoid and
/// softmax (the outputs in (0, 1) that Network's initialiser accepts) for the
/// cross-entropies.
///
/// 8 · 2 + 8 · 2 · 2 = 48 configurations.
let pairConfigurations: [PairConfiguration] = {
  var out: [PairConfiguration] = []
  for cost in Cost.allCases {
    for act in Activation.allCases {
      for output in cost.allowedOutputActivations ?? [act] {
        out.append(PairConfiguration(hidden: act, output: output, cost: cost))
      }
    }
  }
  return out
}()

/// A small seeded random network for a configuration: 2–4 layers after the input, each of
/// 1–4 neurons (output at least 2 for softmax and the cross-entropies), 1–5 samples.
///
/// The sizes come from the test's own seeded generator; the library builds the network.
func smallNetwork(_ config: PairConfiguration, seed: UInt64) throws -> NetworkFile {
  var rng = SplitMix64(seed: seed &* 7919 &+ 17)
  let depth = 2 + rng.nextInt(below: 3)
  var sizes = (0...depth).map { _ in 1 + rng.nextInt(below: 4) }
  sizes[depth] = max(sizes[depth], 2)
  let samples = 1 + rng.nextInt(below: 5)
  return try NetworkFile.random(
    RandomNetworkSpec(
      sizes: sizes, hiddenActivation: config.hidden, outputActivation: config.output,
      cost: config.cost, sampleCount: samples, seed: seed))
}

/// The number of random networks per configuration in the sweeps.
let seedsPerConfiguration: [UInt64] = [1, 2, 3]
