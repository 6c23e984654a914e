import Foundation
import XCTest

@testable import Backprop

final class GradientCheckTests: XCTestCase {
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

  /// One output unit with z = 31 and target 0: a = 1 − 3e-14 in double.
  private func saturated() throws -> NetworkFile {
    let net = try Network(
      sizes: [2, 3, 1], activations: [.sigmoid, .sigmoid], cost: .crossEntropy,
      weights: [
        Matrix(rows: 3, columns: 2, storage: [0.5, -0.3, 0.8, 0.1, -0.6, 0.4]),
        Matrix(rows: 1, columns: 3, storage: [20, 15, 10]),
      ], biases: [[0.1, -0.2, 0.3], [31 - 0]])
    let samples = [
      Sample(input: [0.2, 0.7], target: [0]), Sample(input: [-0.5, 0.4], target: [0]),
    ]
    return NetworkFile(network: net, samples: samples)
  }

  func testSaturatedSigmoidCrossEntropyPasses() throws {
    let file = try saturated()
    let z = file.network.forward(file.samples[0].input).z[2][0]
    XCTAssertGreaterThan(z, 30, "setup")
    // Reference: the complex step, which has no cancellation.
    let g = file.network.gradients(over: file.samples)
    let complex = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(method: .complexStep))
    XCTAssertTrue(complex.passed)
    for method in [FiniteDifferenceMethod.central, .forward, .fivePoint, .richardson] {
      for strategy in [GradientCheckOptions.Strategy.incremental, .fullForward] {
        let report = try GradientCheck.run(
          network: file.network, samples: file.samples, analytic: g,
          options: GradientCheckOptions(method: method, strategy: strategy))
        XCTAssertTrue(report.passed, "\(method) \(strategy): \(report.failedEntries)")
      }
    }
  }

  /// An identity network with a large cost (about 40): in float the rounding of C(θ ± h) is
  /// about u · |C| / h, beyond a fixed atol of 1e-4 (this seed failed W¹[4,0] before).
  func testFloatToleranceScalesWithCost() throws {
    var file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [4, 5, 3], hiddenActivation: .identity, outputActivation: .identity,
        cost: .quadratic, sampleCount: 3, seed: 153))
    for l in 0..<2 {
      file.network.weights[l] = Matrix(
        rows: file.network.weights[l].rows, columns: file.network.weights[l].columns,
        storage: file.network.weights[l].storage.map { $0 * 2 })
    }
    let cost = file.network.cost(over: file.samples)
    XCTAssertGreaterThan(cost, 10, "setup")
    let g = file.network.gradients(over: file.samples)
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(precision: .float))
    XCTAssertTrue(report.passed, "cost \(cost): \(report.failedEntries.prefix(3))")
    XCTAssertEqual(report.tolerance.atol, 1e-4 * cost, accuracy: 1e-12 * cost)
    // Still fails a wrong gradient.
    var wrong = g
    wrong.weights[1][0, 0] *= 1.5
    let bad = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: wrong,
      options: GradientCheckOptions(precision: .float))
    XCTAssertFalse(bad.passed)
  }

  func testDefaultAtolScalesWithCostInDouble() throws {
    var file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 5, 2], hiddenActivation: .tanh, outputActivation: .identity,
        cost: .quadratic, sampleCount: 3, seed: 39))
    // Targets of 150 make C ≈ 2e4; a tiny first input makes some gradients small, so the
    // round-off of a central difference, about u |C| / h ≈ 2e-7, exceeds atol 1e-8.
    for i in 0..<file.samples.count {
      file.samples[i] = Sample(
        input: [1e-4] + file.samples[i].input.dropFirst(), target: [150, -150])
    }
    let cost = file.network.cost(over: file.samples)
    XCTAssertGreaterThan(cost, 1e4, "setup")
    let g = file.network.gradients(over: file.samples)
    let fixed = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(atol: 1e-8))
    XCTAssertFalse(fixed.passed, "setup: an explicit atol 1e-8 must be too tight")
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g)
    XCTAssertTrue(report.passed, "\(report.failedEntries)")
    XCTAssertEqual(report.tolerance.atol, 1e-8 * cost, accuracy: 1e-12 * cost)
    XCTAssertTrue(
      report.text().contains("atol \(NumberFormat.scientific(1e-8 * cost, digits: 2))"),
      report.text())
    var wrong = g
    wrong.weights[0][1, 2] *= 1.01
    let bad = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: wrong)
    XCTAssertFalse(bad.passed)
  }

  func testStatedCostThatDiffersIsReported() throws {
    let file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 4, 2], hiddenActivation: .sigmoid, outputActivation: .sigmoid,
        cost: .quadratic, sampleCount: 3, seed: 7))
    // The cost by hand: the mean over samples of ½‖a − y‖², with a plain forward pass here.
    var byHand = 0.0
    for sample in file.samples {
      var a = sample.input
      for l in 0..<2 {
        let w = file.network.weights[l]
        a = (0..<w.rows).map { j in
          let z = (0..<w.columns).reduce(file.network.biases[l][j]) { $0 + w[j, $1] * a[$1] }
          return 1 / (1 + exp(-z))
        }
      }
      byHand += zip(a, sample.target).reduce(0) { $0 + 0.5 * ($1.0 - $1.1) * ($1.0 - $1.1) }
    }
    byHand /= Double(file.samples.count)
    var g = file.network.gradients(over: file.samples)
    for (stated, mismatch) in [(123.0, true), (byHand, false), (byHand * (1 + 1e-9), false)] {
      g.cost = stated
      let report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: g)
      XCTAssertTrue(report.passed)
      XCTAssertEqual(report.costMismatch, mismatch, "\(stated) vs \(byHand)")
      XCTAssertEqual(report.cost ?? 0, byHand, accuracy: 1e-12)
      let text = report.text()
      XCTAssertEqual(text.contains("may belong to another network"), mismatch, text)
      let json = report.json()
      XCTAssertEqual(json["statedCost"], .number(stated))
      XCTAssertEqual(json["costMismatch"], .bool(mismatch))
      XCTAssertEqual(report.markdown().contains("may belong to another network"), mismatch)
    }
    g.cost = nil
    let plain = try GradientCheck.run(network: file.network, samples: file.samples, analytic: g)
    XCTAssertFalse(plain.costMismatch)
    XCTAssertNil(plain.json()["statedCost"])
  }
}
