import TestSupport
import XCTest

@testable import Backprop

/// Kinks in float precision: pre-activations that float rounding puts on the other side.
final class FloatKinkTests: XCTestCase {
  /// A leaky-relu network whose hidden pre-activations for sample 0 sit at ±3e-10 and ±2e-8
  /// in double: float rounding can put them on the other side.
  private func floatKinkNetwork(seed: UInt64) throws -> NetworkFile {
    var file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [4, 5, 5, 3], hiddenActivation: .leakyReLU, outputActivation: .softmax,
        cost: .categoricalCrossEntropy, sampleCount: 3, seed: seed))
    let offsets = [3e-10, -3e-10, 2e-8, -2e-8, 1e-9]
    for l in 0..<2 {
      let z = file.network.forward(file.samples[0].input).z[l + 1]
      for j in 0..<z.count { file.network.biases[l][j] += offsets[(j + l) % 5] - z[j] }
    }
    return file
  }

  func testCorrectGradientsPassAtFloatKinks() throws {
    var unjudged = 0
    for seed in UInt64(1)...12 {
      let file = try floatKinkNetwork(seed: seed)
      let g = file.network.gradients(over: file.samples)
      for method in [FiniteDifferenceMethod.central, .fivePoint] {
        let report = try GradientCheck.run(
          network: file.network, samples: file.samples, analytic: g,
          options: GradientCheckOptions(method: method, precision: .float))
        XCTAssertTrue(report.passed, "seed \(seed) \(method): \(report.failedEntries)")
        unjudged += report.entries.filter { $0.recheck?.agrees == false }.count
      }
    }
    XCTAssertGreaterThan(unjudged, 0, "setup: some float re-checks must disagree")
  }

  func testNearKinksFindsUnitsWithinFloatRounding() throws {
    // 1-2-1: z¹ = [0.5 · 2 − 1 + 3e-10, 0.5 · 2 − 0.25] = [3e-10, 0.75].
    let network = try Network(
      sizes: [1, 2, 1], activations: [.relu, .identity], cost: .quadratic,
      weights: [
        Matrix(rows: 2, columns: 1, storage: [0.5, 0.5]),
        Matrix(rows: 1, columns: 2, storage: [1, 1]),
      ],
      biases: [[-1 + 3e-10, -0.25], [0]])
    let near = NearKinks(network: network, samples: [Sample(input: [2], target: [0])])
    XCTAssertTrue(
      near.affects(
        ParameterIndex(
          layer: 1, kind: .weight(row: 0, column: 0),
          columns: 1)))
    XCTAssertTrue(near.affects(ParameterIndex(layer: 1, kind: .bias(row: 0), columns: 1)))
    XCTAssertFalse(near.affects(ParameterIndex(layer: 1, kind: .bias(row: 1), columns: 1)))
    XCTAssertFalse(near.affects(ParameterIndex(layer: 2, kind: .bias(row: 0), columns: 2)))
  }
}
