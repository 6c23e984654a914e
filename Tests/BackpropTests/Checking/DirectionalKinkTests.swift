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
}
