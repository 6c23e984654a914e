import Foundation
import XCTest

@testable import Backprop

final class CheckingGradientCheckTests: XCTestCase {
  private func randomFile(
    _ sizes: [Int], _ hidden: Activation, _ cost: Cost, samples: Int = 3, seed: UInt64 = 1
  ) throws -> NetworkFile {
    let output: Activation =
      cost.allowedOutputActivations == nil
      ? hidden : (cost == .categoricalCrossEntropy ? .softmax : .sigmoid)
    return try NetworkFile.random(
      RandomNetworkSpec(
        sizes: sizes, hiddenActivation: hidden, outputActivation: output, cost: cost,
        sampleCount: samples, seed: seed))
  }

  /// Backprop passes its own check for every activation, cost and method at the default
  /// steps and tolerances, on several random networks, with no kinks counted as failures.
  func testSelfChecksPassForEveryActivationCostAndMethod() throws {
    for hidden in Activation.allCases {
      for cost in Cost.allCases {
        for seed: UInt64 in [1, 2] {
          let file = try randomFile([3, 4, 3], hidden, cost, seed: seed)
          let g = file.network.gradients(over: file.samples)
          for method in FiniteDifferenceMethod.allCases {
            let report = try GradientCheck.run(
              network: file.network, samples: file.samples, analytic: g,
              options: GradientCheckOptions(method: method))
            XCTAssertTrue(
              report.passed,
              "\(hidden) \(cost) \(method) seed \(seed): \(report.failedEntries.prefix(3))")
            XCTAssertEqual(report.parametersChecked, file.network.parameterCount)
          }
        }
      }
    }
  }

  /// The numeric estimates themselves agree with backprop, so a pass is not vacuous.
  func testNumericValuesAreTheDerivatives() throws {
    let file = try randomFile([4, 5, 3], .tanh, .quadratic, samples: 4)
    let g = file.network.gradients(over: file.samples)
    let entries = GradientCheck.check(
      network: file.network, samples: file.samples, analytic: g,
      indices: file.network.parameterIndices,
      options: GradientCheckOptions(method: .complexStep))
    for e in entries {
      XCTAssertEqual(e.numeric, g[e.index], accuracy: 1e-13 * max(1, abs(g[e.index])))
    }
    // Float: close, but visibly rounded.
    let float = GradientCheck.check(
      network: file.network, samples: file.samples, analytic: g,
      indices: file.network.parameterIndices, options: GradientCheckOptions(precision: .float))
    let worst = float.map(\.absoluteError).max() ?? 0
    XCTAssertLessThan(worst, 1e-3)
    XCTAssertGreaterThan(worst, 1e-9)
  }

  func testFloatPrecisionPassesWithItsDefaultsAndFailsWithADoubleStep() throws {
    let file = try randomFile([3, 4, 3], .sigmoid, .quadratic, samples: 2)
    let g = file.network.gradients(over: file.samples)
    let ok = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(precision: .float))
    XCTAssertTrue(ok.passed, "\(ok.failedEntries.prefix(3))")
    let lesson = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(epsilon: 1e-6, rtol: 1e-5, atol: 1e-8, precision: .float))
    XCTAssertFalse(lesson.passed)
    XCTAssertEqual(lesson.diagnosis.first?.cause, .unknown)
  }

  func testIncrementalAndFullForwardStrategiesAgree() throws {
    let file = try randomFile([3, 4, 4, 2], .relu, .mse, samples: 3, seed: 9)
    let g = file.network.gradients(over: file.samples)
    for method in [FiniteDifferenceMethod.central, .fivePoint] {
      let fast = GradientCheck.check(
        network: file.network, samples: file.samples, analytic: g,
        indices: file.network.parameterIndices, options: GradientCheckOptions(method: method))
      let slow = GradientCheck.check(
        network: file.network, samples: file.samples, analytic: g,
        indices: file.network.parameterIndices,
        options: GradientCheckOptions(method: method, strategy: .fullForward))
      for (a, b) in zip(fast, slow) {
        XCTAssertEqual(a.numeric, b.numeric, accuracy: 1e-8 * max(1, abs(b.numeric)))
        XCTAssertEqual(a.status == .kink, b.status == .kink, "\(a.index)")
      }
    }
  }

  func testWrongEntryFails() throws {
    let file = try randomFile([2, 3, 2], .sigmoid, .quadratic)
    var g = file.network.gradients(over: file.samples)
    let index = ParameterIndex(layer: 2, kind: .weight(row: 1, column: 0), columns: 3)
    g[index] += 1e-3
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g)
    XCTAssertFalse(report.passed)
    XCTAssertEqual(report.failedEntries.map(\.index), [index])
    XCTAssertEqual(report.layers[1].weights.worst?.index, index)
    XCTAssertEqual(report.layers[1].weights.failures, 1)
    XCTAssertEqual(report.layers[0].weights.failures, 0)
  }

  func testEntriesSamplesKPerBlockReproducibly() throws {
    let file = try randomFile([5, 4, 3], .tanh, .quadratic)
    let options = GradientCheckOptions(entriesPerBlock: 2, seed: 4)
    let a = GradientCheck.selectIndices(network: file.network, options: options)
    let b = GradientCheck.selectIndices(network: file.network, options: options)
    XCTAssertEqual(a, b)
    XCTAssertEqual(a.count, 8)  // 2 of W¹, b¹, W², b²
    XCTAssertEqual(Set(a).count, 8)
    for l in 1...2 {
      XCTAssertEqual(a.filter { $0.layer == l && $0.isWeight }.count, 2)
      XCTAssertEqual(a.filter { $0.layer == l && !$0.isWeight }.count, 2)
    }
    let other = GradientCheck.selectIndices(
      network: file.network, options: GradientCheckOptions(entriesPerBlock: 2, seed: 5))
    XCTAssertNotEqual(a, other)
    // More than a block holds: the whole block.
    let all = GradientCheck.selectIndices(
      network: file.network, options: GradientCheckOptions(entriesPerBlock: 100))
    XCTAssertEqual(all, file.network.parameterIndices)
  }

  func testDirectionalScreenPassesAndLocatesWrongEntries() throws {
    let file = try randomFile([6, 5, 4], .tanh, .quadratic, samples: 2)
    var g = file.network.gradients(over: file.samples)
    let pass = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(directions: 4))
    XCTAssertTrue(pass.passed)
    XCTAssertEqual(pass.directional?.failedDirections, 0)
    let bad = [
      ParameterIndex(layer: 1, kind: .weight(row: 3, column: 2), columns: 6),
      ParameterIndex(layer: 2, kind: .bias(row: 1), columns: 5),
    ]
    g[bad[0]] += 0.05
    g[bad[1]] -= 0.03
    let fail = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(directions: 3))
    XCTAssertFalse(fail.passed)
    XCTAssertEqual(fail.failedEntries.map(\.index), bad)
    XCTAssertLessThan(fail.parametersChecked, file.network.parameterCount)
    XCTAssertGreaterThan(fail.directional?.bisectionSteps ?? 0, 0)
  }

  func testInvalidOptionsAndShapesThrow() throws {
    let file = try randomFile([2, 2], .sigmoid, .quadratic)
    let g = file.network.gradients(over: file.samples)
    let bad: [GradientCheckOptions] = [
      GradientCheckOptions(epsilon: -1), GradientCheckOptions(epsilon: .nan),
      GradientCheckOptions(rtol: -1), GradientCheckOptions(atol: .infinity),
      GradientCheckOptions(entriesPerBlock: 0), GradientCheckOptions(directions: 0),
      GradientCheckOptions(method: .complexStep, precision: .float),
      GradientCheckOptions(entriesPerBlock: 1, directions: 1),
    ]
    for options in bad {
      XCTAssertThrowsError(
        try GradientCheck.run(
          network: file.network, samples: file.samples, analytic: g, options: options))
    }
    let other = try randomFile([2, 3, 2], .sigmoid, .quadratic)
    XCTAssertThrowsError(
      try GradientCheck.run(
        network: file.network, samples: file.samples,
        analytic: other.network.gradients(over: other.samples)))
    XCTAssertThrowsError(
      try GradientCheck.run(network: file.network, samples: [], analytic: g))
  }
}
