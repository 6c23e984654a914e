import TestSupport
import XCTest

@testable import Backprop

/// Networks whose relu / leaky-relu pre-activations sit within 1e-6 of their kink.
final class KinkDetectionTests: XCTestCase {
  /// A random network with hidden `activation`, then every hidden unit of `layer` moved so
  /// that its pre-activation for sample 0 is one of `offsets` (cycled), all |offset| < 1e-6.
  private func nearKink(
    _ activation: Activation, sizes: [Int], layer: Int = 1,
    offsets: [Double] = [1e-7, -4e-7, 9e-7, -2e-8]
  ) throws -> NetworkFile {
    var file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: sizes, hiddenActivation: activation, outputActivation: .identity,
        cost: .quadratic, sampleCount: 3, seed: 21))
    let z = file.network.forward(file.samples[0].input).z[layer]
    for j in 0..<z.count {
      file.network.biases[layer - 1][j] += offsets[j % offsets.count] - z[j]
    }
    let moved = file.network.forward(file.samples[0].input).z[layer]
    for (j, v) in moved.enumerated() {
      XCTAssertLessThan(abs(v), 1e-6, "setup: z[\(layer)][\(j)] = \(v)")
    }
    return file
  }

  func testCorrectGradientsPassWithKinksReported() throws {
    for activation in [Activation.relu, .leakyReLU] {
      for (sizes, layer) in [([3, 4, 2], 1), ([3, 4, 4, 2], 2), ([3, 4, 4, 2], 1)] {
        let file = try nearKink(activation, sizes: sizes, layer: layer)
        let g = file.network.gradients(over: file.samples)
        for method in FiniteDifferenceMethod.allCases where !method.isComplex {
          let report = try GradientCheck.run(
            network: file.network, samples: file.samples, analytic: g,
            options: GradientCheckOptions(method: method))
          XCTAssertEqual(
            report.failures, 0,
            "\(activation) \(sizes) layer \(layer) \(method): \(report.failedEntries.prefix(3))")
          XCTAssertGreaterThan(report.kinks, 0, "\(activation) \(sizes) \(method)")
          XCTAssertTrue(report.passed)
          // Every kinked bias of the moved layer was re-checked and the re-check agrees.
          for e in report.entries where e.status == .kink && !e.index.isWeight {
            XCTAssertEqual(e.recheck?.agrees, true, "\(e.index) \(String(describing: e.recheck))")
          }
        }
      }
    }
  }

  /// Without the kink detection the same check would fail: the kinks are real.
  func testKinkedEntriesReallyDisagree() throws {
    let file = try nearKink(.relu, sizes: [3, 4, 2])
    let g = file.network.gradients(over: file.samples)
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g)
    let tolerance = report.tolerance
    let disagreeing = report.entries.filter {
      $0.status == .kink && !tolerance.accepts($0.analytic, $0.numeric)
    }
    XCTAssertFalse(disagreeing.isEmpty)
  }

  func testWrongNonKinkParameterStillFails() throws {
    for activation in [Activation.relu, .leakyReLU] {
      let file = try nearKink(activation, sizes: [3, 4, 2])
      var g = file.network.gradients(over: file.samples)
      // W² does not move any hidden pre-activation, so it is never a kink.
      let wrong = ParameterIndex(layer: 2, kind: .weight(row: 1, column: 2), columns: 4)
      g[wrong] = g[wrong] * 1.5 + 0.01
      let report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: g)
      XCTAssertFalse(report.passed)
      XCTAssertEqual(report.failedEntries.map(\.index), [wrong])
      XCTAssertGreaterThan(report.kinks, 0)
    }
  }

  func testComplexStepSeesNoKinks() throws {
    let file = try nearKink(.relu, sizes: [3, 4, 4, 2], layer: 2)
    let g = file.network.gradients(over: file.samples)
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(method: .complexStep))
    XCTAssertEqual(report.kinks, 0)
    XCTAssertTrue(report.passed, "\(report.failedEntries.prefix(3))")
  }

  func testKinkMargin() throws {
    let file = try nearKink(.relu, sizes: [3, 4, 2])
    let margin = try XCTUnwrap(file.network.kinkMargin(over: file.samples))
    XCTAssertLessThanOrEqual(margin, 2e-8 * 1.01)
    let smooth = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 2]))
    XCTAssertNil(smooth.network.kinkMargin(over: smooth.samples))
  }
}
