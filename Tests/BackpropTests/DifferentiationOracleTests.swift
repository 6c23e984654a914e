import Backprop
import Foundation
import TestSupport
import XCTest
import _Differentiation

// An independent oracle: a plain re-implementation of the network cost over a flat
// parameter vector, differentiated by the compiler's reverse mode (`_Differentiation`).
// It shares no numeric code with the library: its own layer loop, its own mean over
// samples, and the test target's plain activations and costs (PlainActivation.swift,
// PlainCost.swift: the naive textbook forms, shared with the layered oracle). Only the layer
// sizes, activation names, cost name and samples are taken from the network under test.

/// What the oracle needs to know about a network besides its parameters.
private struct OracleNetwork {
  var sizes: [Int]
  var activations: [PlainActivation]
  var cost: PlainCost
  var inputs: [[Double]]
  var targets: [[Double]]

  init(_ file: NetworkFile) {
    sizes = file.network.sizes
    activations = file.network.activations.map(PlainActivation.init)
    cost = PlainCost(file.network.cost)
    inputs = file.samples.map(\.input)
    targets = file.samples.map(\.target)
  }
}

/// One layer, a = f(W a_prev + b), with W row by row at `offset` and b right after it.
@differentiable(reverse)
private func oracleLayer(
  _ p: [Double], _ offset: Int, _ previous: [Double], _ rows: Int, _ f: PlainActivation
) -> [Double] {
  let columns = withoutDerivative(at: previous.count)
  var z: [Double] = []
  for j in 0..<rows {
    var sum = p[offset + rows * columns + j]
    for k in 0..<columns { sum = sum + p[offset + j * columns + k] * previous[k] }
    z.append(sum)
  }
  return plainActivation(z, f)
}

/// The mean cost over the samples as a function of the flat parameter vector
/// (W¹ row by row, b¹, W², b², …).
@differentiable(reverse)
private func oracleCost(_ p: [Double], _ net: OracleNetwork) -> Double {
  var total = 0.0
  let count = withoutDerivative(at: net.inputs.count)
  for s in 0..<count {
    var a = withoutDerivative(at: net.inputs[s])
    var offset = 0
    for l in 1..<net.sizes.count {
      a = oracleLayer(p, offset, a, net.sizes[l], net.activations[l - 1])
      offset += net.sizes[l] * (net.sizes[l - 1] + 1)
    }
    total = total + plainSampleCost(a, net.targets[s], net.cost)
  }
  return total / Double(count)
}

/// The oracle's cost and gradient for a network file.
func oracleValueWithGradient(_ file: NetworkFile) -> (cost: Double, gradient: [Double]) {
  let net = OracleNetwork(file)
  let p = Gradients(weights: file.network.weights, biases: file.network.biases).flattened
  let (value, tangent) = valueWithGradient(at: p) { oracleCost($0, net) }
  return (value, plainTangent(tangent, count: p.count))
}

final class DifferentiationOracleTests: XCTestCase {
  /// The oracle itself, on a function with a known derivative: one sigmoid neuron with
  /// quadratic cost, C = ½(σ(w x + b) − y)², ∂C/∂w = (σ − y) σ (1 − σ) x.
  func testOracleOnOneNeuronMatchesClosedForm() throws {
    let w = 0.7
    let b = -0.2
    let x = 1.5
    let y = 0.25
    let network = try Network(
      sizes: [1, 1], activations: [.sigmoid], cost: .quadratic,
      weights: [Matrix(rows: 1, columns: 1, storage: [w])], biases: [[b]])
    let file = NetworkFile(network: network, samples: [Sample(input: [x], target: [y])])
    let (cost, g) = oracleValueWithGradient(file)
    let s = 1 / (1 + exp(-(w * x + b)))
    assertClose(cost, 0.5 * (s - y) * (s - y), rtol: 1e-15, atol: 0, "C")
    assertClose(g[0], (s - y) * s * (1 - s) * x, rtol: 1e-14, atol: 0, "dC/dw")
    assertClose(g[1], (s - y) * s * (1 - s), rtol: 1e-14, atol: 0, "dC/db")
  }

  /// Backprop gradients agree with the `_Differentiation` oracle for every activation ×
  /// cost pair, on 3 random networks each (2–4 layers, 1–5 samples).
  ///
  /// Tolerance: |backprop − oracle| ≤ 1e-12 · |oracle| + 1e-15 · max(1, ‖oracle‖∞). The
  /// absolute term only matters for entries that are tiny compared with the rest of the
  /// gradient, where both sides carry rounding errors of the larger terms they summed.
  func testBackpropMatchesDifferentiationOracle() throws {
    var worst = 0.0
    for config in pairConfigurations {
      for seed in seedsPerConfiguration {
        let file = try smallNetwork(config, seed: seed)
        let backprop = file.network.gradients(over: file.samples)
        let (cost, oracle) = oracleValueWithGradient(file)
        let label = "\(config), seed \(seed), sizes \(file.network.sizes)"
        assertClose(backprop.cost ?? .nan, cost, rtol: 1e-13, atol: 0, "\(label): cost")
        let atol = 1e-15 * max(1, maxAbs(oracle))
        assertClose(backprop.flattened, oracle, rtol: 1e-12, atol: atol, label)
        // The worst relative error over the entries that are not tiny next to the largest.
        for (x, y) in zip(backprop.flattened, oracle) where abs(y) >= 1e-3 * maxAbs(oracle) {
          worst = max(worst, abs(x - y) / abs(y))
        }
      }
    }
    XCTAssertLessThan(worst, 1e-12)
  }
}
