import TestSupport
import XCTest

@testable import Backprop

/// The directional screen along directions whose steps cross a kink.
final class DirectionalKinkTests: XCTestCase {
  func testDirectionalScreenPassesCorrectGradientsAcrossKinks() throws {
    let file = try reluNetworkNearKink()
    let g = file.network.gradients(over: file.samples)
    for method in FiniteDifferenceMethod.allCases where !method.isComplex {
      let report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: g,
        options: GradientCheckOptions(method: method, directions: 6, seed: 3))
      XCTAssertTrue(
        report.passed, "\(method): \(String(describing: report.directional)) \(report.entries)")
      XCTAssertGreaterThan(report.directional?.kinkedDirections ?? 0, 0, "\(method)")
    }
  }

  func testDirectionalScreenStillFindsAWrongEntryNearKinks() throws {
    let file = try reluNetworkNearKink()
    var g = file.network.gradients(over: file.samples)
    let wrong = ParameterIndex(layer: 2, kind: .weight(row: 1, column: 2), columns: 4)
    g[wrong] += 0.5
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(directions: 4, seed: 3))
    XCTAssertFalse(report.passed)
    XCTAssertEqual(report.failedEntries.map(\.index), [wrong])
  }

  func testAWrongBiasIsFoundWhenTheOnlyDirectionCrossesAKink() throws {
    // The relu unit sits exactly on 0 (input 0, bias 0): every direction moves it off.
    let net = try Network(
      sizes: [2, 1, 1], activations: [.relu, .identity], cost: .quadratic,
      weights: [Matrix(rows: 1, columns: 2, storage: [1, 1]), Matrix(column: [0.7])],
      biases: [[0], [0.1]])
    let samples = [Sample(input: [0, 0], target: [0.5])]
    var g = net.gradients(over: samples)
    let b2 = ParameterIndex(layer: 2, kind: .bias(row: 0), columns: 1)
    XCTAssertEqual(g[b2], 0.1 - 0.5, accuracy: 1e-15)  // a² − y with a¹ = 0
    g[b2] *= 1.01
    for seed: UInt64 in [1, 2, 4, 5, 6] {
      let report = try GradientCheck.run(
        network: net, samples: samples, analytic: g,
        options: GradientCheckOptions(directions: 1, seed: seed))
      XCTAssertEqual(report.directional?.checkedEveryEntry, true, "seed \(seed)")
      XCTAssertEqual(report.parametersChecked, net.parameterCount, "seed \(seed)")
      XCTAssertFalse(report.passed, "seed \(seed)")
      XCTAssertEqual(report.failedEntries.map(\.index), [b2], "seed \(seed)")
    }
  }
}
