import Backprop
import TestSupport
import XCTest

/// The directional screen of layered networks at kinks: a direction across a kink hands the
/// verdict to the entries, checked one by one.
final class LayeredDirectionalScreenTests: XCTestCase {
  /// A conv–relu–maxpool network on integer inputs: several relu units sit exactly on 0
  /// (b1[0] = 0 with zero patches) and max-pool windows tie, so a random direction moves
  /// units on kinks to different sides.
  func tiedNetwork(samples count: Int) throws -> (LayeredNetwork, [Sample]) {
    let net = try LayeredNetwork(
      architecture: Architecture.parse(
        "input 1x4x4, conv 2 2x2 same, relu, maxpool 2, flatten, dense 2, identity"),
      cost: .quadratic,
      parameters: [
        1, 0, 0, 1, 0.5, 0.5, -1, 0,  // K1
        0, 0.5,  // b1
        0.3, -0.2, 0.1, 0.4, -0.5, 0.6, 0.2, -0.1,  // W4 row 0
        0.1, 0.2, -0.3, 0.5, 0.2, -0.4, 0.3, 0.1,  // W4 row 1
        0.1, -0.2,  // b4
      ])
    let samples = [
      Sample(input: [1, 0, 1, 0, 0, 1, 0, 1, 1, 0, -1, 0, 0, 1, 0, -1], target: [0.5, -0.5]),
      Sample(input: [0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2], target: [0.2, 0.1]),
    ]
    return (net, Array(samples.prefix(count)))
  }

  func testCorrectGradientsAcrossKinksPassWithEveryEntryChecked() throws {
    let (net, samples) = try tiedNetwork(samples: 1)
    let g = net.gradients(over: samples)
    let plain = try LayeredGradientCheck.run(network: net, samples: samples, analytic: g)
    XCTAssertTrue(plain.passed)
    XCTAssertGreaterThan(plain.kinks, 0)
    for seed: UInt64 in [0, 1, 2] {
      let r = try LayeredGradientCheck.run(
        network: net, samples: samples, analytic: g,
        options: GradientCheckOptions(directions: 3, seed: seed))
      let d = try XCTUnwrap(r.directional)
      XCTAssertTrue(d.checkedEveryEntry, "seed \(seed)")
      XCTAssertEqual(r.parametersChecked, net.parameterCount, "seed \(seed)")
      XCTAssertEqual(r.failures, 0, "seed \(seed)")
      XCTAssertEqual(d.failedDirections, 0, "seed \(seed)")
      XCTAssertGreaterThan(d.kinkedDirections, 0, "seed \(seed)")
      XCTAssertTrue(r.passed, "seed \(seed): \(r.text())")
    }
  }

  func testAWrongBiasIsFoundWhenEveryDirectionCrossesAKink() throws {
    let (net, samples) = try tiedNetwork(samples: 2)
    var g = net.gradients(over: samples)
    let b4 = try XCTUnwrap(net.parameterIndex(named: "b4[0]"))
    g[b4] *= 1.01
    for seed: UInt64 in [0, 1, 2, 3] {
      let r = try LayeredGradientCheck.run(
        network: net, samples: samples, analytic: g,
        options: GradientCheckOptions(directions: 3, seed: seed))
      XCTAssertFalse(r.passed, "seed \(seed): \(r.text())")
      XCTAssertEqual(r.failedEntries.map(\.name), ["b4[0]"], "seed \(seed)")
    }
  }

  func testTheVerdictFollowsTheEntriesWhenEveryEntryWasChecked() {
    struct Totals: CheckTotals {
      var entries: [EntryCheck]
      var directional: DirectionalSummary?
      var cost: Double? { nil }
      var statedCost: Double? { nil }
    }
    let index = ParameterIndex(layer: 1, kind: .bias(row: 0), columns: 1)
    let agreeing = EntryCheck(index: index, analytic: 1, numeric: 1, status: .passed)
    var d = DirectionalSummary(
      directions: 3, failedDirections: 3, maxRelativeError: 0.5, bisectionSteps: 0)
    XCTAssertFalse(Totals(entries: [agreeing], directional: d).passed)
    d.checkedEveryEntry = true
    XCTAssertTrue(Totals(entries: [agreeing], directional: d).passed)
    let failing = EntryCheck(index: index, analytic: 1, numeric: 2, status: .failed)
    XCTAssertFalse(Totals(entries: [agreeing, failing], directional: d).passed)
  }
}
