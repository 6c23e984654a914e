import Backprop
import Foundation
import TestSupport
import XCTest
import _Differentiation

/// Layered networks' analytic gradients (`LayeredNetwork.gradients(over:)`, the layers'
/// backward passes) against `_Differentiation` on the separate plain implementation in
/// LayerOracle.swift, to 1e-12 relative; and the chain rule's prefixes against the oracle's
/// derivatives with respect to each layer's input.
final class LayerDifferentiationOracleTests: XCTestCase {
  /// Every layer kind, alone where it can end a network, and mixed stacks; every
  /// activation, both paddings, strides, overlapping and uneven pools, fused and unfused
  /// output costs.
  static let architectures: [(String, Cost)] = [
    ("input 5, dense 3", .quadratic),
    ("input 4, dense 3, relu, dense 3, leaky-relu, dense 2, elu", .quadratic),
    ("input 4, dense 3, softplus, dense 3, tanh, dense 2, identity", .mse),
    ("input 4, dense 3, sigmoid, dense 3, softmax", .quadratic),
    ("input 4, dense 3, tanh, dense 3, softmax", .categoricalCrossEntropy),
    ("input 4, dense 3, elu, dense 2, sigmoid", .crossEntropy),
    ("input 2x5x4, conv 3 3x2, flatten, dense 2, identity", .mse),
    ("input 2x5x5, conv 2 3x3 stride 2, tanh, flatten, dense 2, identity", .quadratic),
    ("input 3x4x5, conv 2 2x2 same, sigmoid, flatten, dense 2, identity", .quadratic),
    ("input 2x6x5, conv 2 3x2 stride 2 same, flatten, dense 2, identity", .mse),
    ("input 1x4x4, conv 2 3x3 same", .quadratic),
    ("input 2x5x5, conv 2 2x2, maxpool 2 stride 1, flatten, dense 2, identity", .quadratic),
    ("input 1x6x6, conv 2 2x2 same, maxpool 3 stride 2, flatten, dense 2, identity", .mse),
    ("input 2x5x5, conv 2 2x2, avgpool 2 stride 1, flatten, dense 2, identity", .quadratic),
    ("input 1x7x7, conv 1 2x2, avgpool 3 stride 2, flatten, dense 2, identity", .mse),
    ("input 3x2, flatten, dense 2, identity", .quadratic),
    ("input 4x2, rnn 3", .quadratic),
    ("input 4x3, lstm 2", .quadratic),
    ("input 3x2, sigmoid, rnn 2, dense 2, softmax", .categoricalCrossEntropy),
    (
      "input 1x6x6, conv 2 3x3, relu, maxpool 2, flatten, dense 3, softmax",
      .categoricalCrossEntropy
    ),
    ("input 4x3, lstm 2, dense 1, sigmoid", .quadratic),
    ("input 4x3, lstm 2, dense 2, sigmoid", .crossEntropy),
    ("input 4x3, rnn 3, dense 2, identity", .mse),
    (
      "input 1x6x6, conv 2 3x3 same, elu, avgpool 2, conv 2 2x2, leaky-relu, maxpool 2, "
        + "flatten, dense 3, tanh, dense 2, softmax",
      .categoricalCrossEntropy
    ),
    ("input 5x2, tanh, lstm 3, dense 2, relu, dense 2, sigmoid", .crossEntropy),
  ]

  /// A seeded random network of `text` with `samples` samples, and its oracle.
  func network(_ text: String, _ cost: Cost, seed: UInt64, samples: Int = 3) throws -> (
    LayeredNetwork, [Sample], PlainNetwork
  ) {
    let (net, data) = try LayeredNetwork.random(
      Architecture.parse(text), cost: cost, sampleCount: samples, seed: seed)
    return (net, data, PlainNetwork(net, samples: data))
  }

  /// The oracle itself, on a function with a known derivative: one 2×2 kernel over a 2×2
  /// image, C = ½(z − y)² with z = Σ K ⊙ x + b, so ∂C/∂K = (z − y) x and ∂C/∂b = z − y.
  func testOracleOnOneConvolutionMatchesClosedForm() throws {
    let k = [0.5, -1.25, 2, 0.75]
    let b = 0.125
    let x = [1.5, -0.5, 0.25, 2]
    let y = [0.3]
    let plain = PlainNetwork(
      try Architecture.parse("input 1x2x2, conv 1 2x2"), cost: .quadratic,
      samples: [Sample(input: x, target: y)])
    let (cost, g) = plainValueWithGradient(k + [b], plain)
    let z = zip(k, x).map(*).reduce(0, +) + b
    assertClose(cost, 0.5 * (z - y[0]) * (z - y[0]), rtol: 1e-15, atol: 0, "C")
    assertClose(g, x.map { (z - y[0]) * $0 } + [z - y[0]], rtol: 1e-15, atol: 0, "∂C/∂θ")
  }

  /// The oracle's LSTM on one unit, one step and one feature, in closed form: with
  /// h_0 = c_0 = 0, c = i g and h = o tanh(c), so the forget gate and every U• have no
  /// effect (their gradients are 0) and, with d = ∂C/∂h = h − y,
  /// ∂C/∂bo = d tanh(c) o(1 − o), ∂C/∂bi = d o (1 − tanh² c) g i(1 − i),
  /// ∂C/∂bg = d o (1 − tanh² c) i (1 − g²), each ∂C/∂W• = x ∂C/∂b•.
  func testOracleOnOneLSTMStepMatchesClosedForm() throws {
    // Wi Ui bi Wf Uf bf Wg Ug bg Wo Uo bo.
    let p = [0.7, 0.3, -0.2, 0.4, -0.6, 0.1, -0.9, 0.8, 0.35, 1.1, -0.4, -0.15]
    let x = 0.8
    let y = 0.1
    let plain = PlainNetwork(
      try Architecture.parse("input 1x1, lstm 1"), cost: .quadratic,
      samples: [Sample(input: [x], target: [y])])
    let (_, g) = plainValueWithGradient(p, plain)
    func sigma(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
    let i = sigma(p[0] * x + p[2])
    let gg = tanh(p[6] * x + p[8])
    let o = sigma(p[9] * x + p[11])
    let c = i * gg
    let d = o * tanh(c) - y
    let dbi = d * o * (1 - tanh(c) * tanh(c)) * gg * i * (1 - i)
    let dbg = d * o * (1 - tanh(c) * tanh(c)) * i * (1 - gg * gg)
    let dbo = d * tanh(c) * o * (1 - o)
    let expected = [x * dbi, 0, dbi, 0, 0, 0, x * dbg, 0, dbg, x * dbo, 0, dbo]
    assertClose(g, expected, rtol: 1e-14, atol: 1e-17, "∂C/∂θ")
  }

  /// The oracle's reverse mode agrees with central differences of its own forward pass
  /// (so its derivatives are those of the function it computes).
  func testOracleGradientMatchesCentralDifferencesOfItsForwardPass() throws {
    let (net, _, plain) = try network(
      "input 1x5x5, conv 2 2x2 same, tanh, maxpool 2 stride 1, avgpool 2, flatten, dense 2, "
        + "sigmoid", .crossEntropy, seed: 5, samples: 2)
    let p = net.parameters
    let (_, g) = plainValueWithGradient(p, plain)
    let h = 1e-6
    let fd = p.indices.map { j in
      (plainMeanCost(p.with(j, p[j] + h), plain) - plainMeanCost(p.with(j, p[j] - h), plain))
        / (2 * h)
    }
    assertClose(g, fd, rtol: 1e-6, atol: 1e-8, "oracle vs its central differences")
  }

  /// The library's gradients of the mean cost against the oracle's, on two random networks
  /// of every architecture with three samples each.
  ///
  /// Tolerance: |library − oracle| ≤ 1e-12 · |oracle| + 1e-15 · max(1, ‖oracle‖∞), the
  /// absolute term for entries tiny next to the largest (both sides carry the rounding of
  /// the larger terms they summed).
  func testGradientsMatchDifferentiationOracle() throws {
    var worst = 0.0
    var compared = 0
    for (index, (text, cost)) in Self.architectures.enumerated() {
      for seed in [UInt64(2 * index + 1), UInt64(2 * index + 2)] {
        let (net, samples, plain) = try network(text, cost, seed: seed)
        let label = "\(text) (\(cost.name)), seed \(seed)"
        XCTAssertEqual(plain.parameterCount, net.parameterCount, label)
        guard plain.parameterCount == net.parameterCount else { continue }
        let (value, oracle) = plainValueWithGradient(net.parameters, plain)
        assertClose(net.cost(over: samples), value, rtol: 1e-13, atol: 0, "\(label): cost")
        let library = net.gradients(over: samples)
        let scale = maxAbs(oracle)
        assertClose(library, oracle, rtol: 1e-12, atol: 1e-15 * max(1, scale), label)
        for (x, y) in zip(library, oracle) where abs(y) >= 1e-3 * scale {
          worst = max(worst, abs(x - y) / abs(y))
          compared += 1
        }
      }
    }
    XCTAssertGreaterThan(compared, 1000)
    XCTAssertLessThan(worst, 1e-12)
  }

  /// ∂C/∂(input of layer k) = ∂C/∂a^L · J_(L−1) ⋯ J_k, composed as the library's Jacobian
  /// objects, and the layers' VJPs carried back, both against the oracle's reverse mode of
  /// the network from layer k on (unfused costs, so the chain starts at ∂C/∂a^L).
  func testChainRulePrefixesMatchTheOracle() throws {
    let cases: [(String, Cost)] = [
      (
        "input 2x5x5, conv 2 3x3 same, relu, maxpool 2 stride 1, avgpool 2, flatten, dense 3, "
          + "softmax", .quadratic
      ),
      ("input 1x6x5, conv 2 2x3 stride 2 same, sigmoid, flatten, dense 2, tanh", .mse),
      ("input 4x3, tanh, lstm 2, dense 2, sigmoid", .mse),
      ("input 3x2, rnn 3, dense 2, softmax", .categoricalCrossEntropy),
    ]
    for (index, (text, cost)) in cases.enumerated() {
      let (net, samples, plain) = try network(text, cost, seed: UInt64(40 + index), samples: 1)
      let y = samples[0].target
      for prefix in try chainRulePrefixes(net, input: samples[0].input, target: y) {
        let k = prefix.layer
        let tail = plain.suffix(from: k)
        let p = net.parameters
        let oracle = plainTangent(
          gradient(at: prefix.input) { plainSampleCost(plainForward(p, $0, tail), y, tail.cost) },
          count: prefix.input.count)
        let label = "\(text): ∂C/∂(input of layer \(k + 1))"
        let atol = 1e-15 * max(1, maxAbs(oracle))
        assertClose(prefix.chain, oracle, rtol: 1e-12, atol: atol, label + " chain")
        assertClose(prefix.vjp, oracle, rtol: 1e-12, atol: atol, label + " VJPs")
      }
    }
  }
}
