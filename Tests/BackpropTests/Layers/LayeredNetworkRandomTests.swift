import Backprop
import XCTest

/// `LayeredNetwork.random` against `NetworkFile.random`: an architecture of dense layers and
/// activations is the `--layers` network, number for number.
final class LayeredNetworkRandomTests: XCTestCase {
  /// A `--layers` shape and the `--arch` text that describes it.
  private struct DenseCase {
    var sizes: [Int]
    var hidden: Activation
    var output: Activation
    var cost: Cost
    var samples: Int
    var seed: UInt64

    var spec: RandomNetworkSpec {
      RandomNetworkSpec(
        sizes: sizes, hiddenActivation: hidden, outputActivation: output, cost: cost,
        sampleCount: samples, seed: seed)
    }

    var architecture: String {
      var words = ["input \(sizes[0])"]
      for (l, n) in sizes.dropFirst().enumerated() {
        words += ["dense \(n)", l == sizes.count - 2 ? output.name : hidden.name]
      }
      return words.joined(separator: ", ")
    }
  }

  private let cases = [
    DenseCase(
      sizes: [3, 4, 2], hidden: .tanh, output: .sigmoid, cost: .quadratic, samples: 1, seed: 0),
    DenseCase(
      sizes: [2, 3, 3, 1], hidden: .relu, output: .identity, cost: .mse, samples: 3, seed: 7),
    DenseCase(
      sizes: [4, 5, 3], hidden: .sigmoid, output: .softmax, cost: .categoricalCrossEntropy,
      samples: 2, seed: 12_345),
    DenseCase(
      sizes: [2, 2, 2], hidden: .elu, output: .sigmoid, cost: .crossEntropy, samples: 4, seed: 99),
  ]

  private func layered(_ c: DenseCase) throws -> (network: LayeredNetwork, samples: [Sample]) {
    try LayeredNetwork.random(
      Architecture.parse(c.architecture), cost: c.cost, sampleCount: c.samples, seed: c.seed)
  }

  func testDenseArchitecturesDrawTheLayersWeightsBiasesAndSamples() throws {
    for c in cases {
      let dense = try NetworkFile.random(c.spec)
      let (network, samples) = try layered(c)
      var flat: [Double] = []
      for (w, b) in zip(dense.network.weights, dense.network.biases) { flat += w.storage + b }
      XCTAssertEqual(network.parameters, flat, c.architecture)
      XCTAssertEqual(samples, dense.samples, c.architecture)
      XCTAssertEqual(
        network.cost(over: samples), dense.network.cost(over: dense.samples),
        accuracy: 1e-12 * max(1, abs(network.cost(over: samples))), c.architecture)
    }
  }

  func testDenseArchitecturesCheckEntryForEntryLikeLayers() throws {
    for c in cases {
      let dense = try NetworkFile.random(c.spec)
      let (network, samples) = try layered(c)
      let denseReport = try GradientCheck.run(
        network: dense.network, samples: dense.samples,
        analytic: dense.network.gradients(over: dense.samples))
      let layeredReport = try LayeredGradientCheck.run(
        network: network, samples: samples, analytic: network.gradients(over: samples))
      XCTAssertEqual(layeredReport.entries.count, denseReport.entries.count, c.architecture)
      for (l, d) in zip(layeredReport.entries, denseReport.entries) {
        XCTAssertEqual(layeredReport.displayName(l.name), d.index.description)
        XCTAssertEqual(l.status, d.status, l.name)
        // Two separate backward passes (dense backprop, layer VJPs): equal to rounding.
        XCTAssertEqual(l.analytic, d.analytic, accuracy: 1e-12 * max(1e-3, abs(d.analytic)))
        // Two separate cost evaluators: the differences agree to the step's rounding.
        XCTAssertEqual(l.numeric, d.numeric, accuracy: 1e-10 + 1e-8 * abs(d.numeric))
      }
      XCTAssertEqual(layeredReport.passed, denseReport.passed)
    }
  }
}
