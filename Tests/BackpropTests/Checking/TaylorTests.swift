import XCTest

@testable import Backprop

/// The Taylor test against the theory of Taylor remainders: C(θ + hv) − C(θ − hv) − 2h gᵀv
/// is (h³/3) C‴ + O(h⁵) for the true gradient (order 3) and 2hδ + O(h³) when gᵀv is off by
/// δ (order 1); the forward remainder is (h²/2) vᵀHv + O(h³) (order 2) or hδ + O(h²).
final class TaylorTests: XCTestCase {
  func network(_ hidden: Activation, output: Activation = .sigmoid, cost: Cost = .quadratic)
    throws -> NetworkFile
  {
    try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 4, 2], hiddenActivation: hidden, outputActivation: output, cost: cost,
        sampleCount: 3, seed: 5))
  }

  /// Every layer and entry of a right gradient shows the right order, within 0.1.
  func testRightGradientShrinksLikeHCubedCentralAndHSquaredForward() throws {
    let cases: [(Activation, Activation, Cost)] = [
      (.sigmoid, .sigmoid, .quadratic), (.tanh, .tanh, .mse), (.relu, .sigmoid, .crossEntropy),
      (.elu, .softmax, .categoricalCrossEntropy), (.leakyReLU, .softplus, .quadratic),
    ]
    for (hidden, output, cost) in cases {
      let file = try network(hidden, output: output, cost: cost)
      let g = file.network.gradients(over: file.samples)
      for form in TaylorForm.allCases {
        let report = try TaylorTest.run(
          network: file.network, samples: file.samples, analytic: g,
          options: TaylorOptions(form: form, perEntry: true))
        XCTAssertTrue(report.passed, "\(hidden) \(cost) \(form)")
        XCTAssertEqual(report.entries.count, file.network.parameterCount)
        for series in report.layers.map(\.series) + report.entries.map(\.series) {
          XCTAssertEqual(series.status, .passed, "\(hidden) \(form)")
          XCTAssertEqual(series.order ?? 0, form.rightOrder, accuracy: 0.1, "\(hidden) \(form)")
          XCTAssertGreaterThanOrEqual(series.used.count, 3)
        }
      }
    }
  }

  /// A gradient one part in a thousand too large: every layer and entry shows order 1.
  func testGradientOffByAFactorOf1001ShrinksOnlyLikeH() throws {
    for hidden in [Activation.sigmoid, .tanh, .relu] {
      let file = try network(hidden)
      let wrong = file.network.gradients(over: file.samples).scaled(by: 1.001)
      for form in TaylorForm.allCases {
        let report = try TaylorTest.run(
          network: file.network, samples: file.samples, analytic: wrong,
          options: TaylorOptions(form: form, perEntry: true))
        XCTAssertFalse(report.passed)
        XCTAssertEqual(report.failures, report.layers.count + report.entries.count)
        for series in report.layers.map(\.series) + report.entries.map(\.series) {
          XCTAssertEqual(series.order ?? 0, TaylorForm.wrongOrder, accuracy: 0.1, "\(hidden)")
        }
      }
    }
  }

  /// Near a minimum every gradient is below 1e-5: the tolerance check at its default
  /// rtol 1e-5 and atol 1e-8 accepts the factor 1.001 (|a − n| = 0.001 |g| < 1e-8), while
  /// the order does not depend on the size of the gradient and rejects it.
  func testToleranceCheckPassesASmallWrongGradientThatTheOrderRejects() throws {
    var file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 1], sampleCount: 2, seed: 3))
    file.samples = file.samples.map { s in
      let output = file.network.forward(s.input).output[0]
      return Sample(input: s.input, target: [output + 1e-5])
    }
    let right = file.network.gradients(over: file.samples)
    XCTAssertLessThan(right.flattened.map(abs).max() ?? 1, 1e-5)
    let wrong = right.scaled(by: 1.001)
    let tolerance = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: wrong)
    XCTAssertTrue(tolerance.passed, "the tolerance check accepts the factor 1.001 here")
    let taylor = try TaylorTest.run(
      network: file.network, samples: file.samples, analytic: wrong,
      options: TaylorOptions(perEntry: true))
    XCTAssertFalse(taylor.passed)
    for series in taylor.layers.map(\.series) {
      XCTAssertEqual(series.status, .failed)
      XCTAssertEqual(series.order ?? 0, 1, accuracy: 0.1)
    }
    let fixed = try TaylorTest.run(
      network: file.network, samples: file.samples, analytic: right,
      options: TaylorOptions(perEntry: true))
    XCTAssertTrue(fixed.passed)
  }

  /// A relu unit with z = 0.001: every step of b¹[0] of 0.001 or more crosses its kink, so
  /// the order breaks there; the report names the smallest such step of the ladder 2⁻⁴,
  /// 2⁻⁵, … (2⁻⁹ ≈ 0.00195, as 2⁻¹⁰ ≈ 0.000977 < 0.001) and judges on the smaller steps.
  func testKinkCrossingIsReportedAndLeftOut() throws {
    let network = try Network(
      sizes: [1, 2, 1], activations: [.relu, .sigmoid], cost: .quadratic,
      weights: [
        Matrix(rows: 2, columns: 1, storage: [1, -0.5]),
        Matrix(rows: 1, columns: 2, storage: [0.8, -0.6]),
      ],
      biases: [[-0.999, 0.2], [0.1]])
    let samples = [Sample(input: [1], target: [0.3])]
    let g = network.gradients(over: samples)
    let report = try TaylorTest.run(
      network: network, samples: samples, analytic: g, options: TaylorOptions(perEntry: true))
    let bias = try XCTUnwrap(
      report.entries.first { $0.index == ParameterIndex(layer: 1, kind: .bias(row: 0), columns: 1) }
    )
    XCTAssertEqual(bias.series.kinkStep, 0x1p-9)
    XCTAssertEqual(bias.series.status, .passed)
    XCTAssertEqual(bias.series.order ?? 0, 3, accuracy: 0.1)
    XCTAssertTrue(bias.series.steps[bias.series.used].allSatisfy { $0.step < 0.001 })
    // Steps that cross mix two slopes: the remainder there is far from h³ behaviour.
    let crossing = bias.series.steps.filter(\.crossesKink)
    XCTAssertEqual(crossing.count, 6)
    // The other unit's bias is 0.7 away from its kink: no step of the ladder crosses.
    let other = try XCTUnwrap(
      report.entries.first { $0.index == ParameterIndex(layer: 1, kind: .bias(row: 1), columns: 1) }
    )
    XCTAssertNil(other.series.kinkStep)
  }

  /// A relu unit exactly at its kink (z = 0) for a sample: every step starts on the kink,
  /// so its bias is not judged.
  func testEntryOnAKinkIsNotJudged() throws {
    let network = try Network(
      sizes: [1, 1, 1], activations: [.relu, .identity], cost: .quadratic,
      weights: [
        Matrix(rows: 1, columns: 1, storage: [1]), Matrix(rows: 1, columns: 1, storage: [2]),
      ],
      biases: [[0], [0.5]])
    let samples = [Sample(input: [0], target: [1])]
    let report = try TaylorTest.run(
      network: network, samples: samples, analytic: network.gradients(over: samples),
      options: TaylorOptions(perEntry: true))
    let bias = try XCTUnwrap(
      report.entries.first { $0.index?.layer == 1 && $0.index?.isWeight == false })
    XCTAssertEqual(bias.series.status, .kink)
    XCTAssertNil(bias.series.order)
    XCTAssertEqual(report.kinks, 2)  // b¹[0] and layer 1, whose direction moves it too
    XCTAssertTrue(report.passed)
  }

  /// Identity activations and the quadratic cost make C a quadratic polynomial along every
  /// direction: the central remainder is 0 up to rounding, which only a right gradient
  /// gives; a wrong one still shows order 1.
  func testQuadraticCostAlongEveryDirectionIsExactForTheCentralForm() throws {
    let file = try network(.identity, output: .identity)
    let g = file.network.gradients(over: file.samples)
    let report = try TaylorTest.run(
      network: file.network, samples: file.samples, analytic: g,
      options: TaylorOptions(perEntry: true))
    XCTAssertTrue(report.passed)
    for series in report.layers.map(\.series) + report.entries.map(\.series) {
      XCTAssertTrue(
        [TaylorSeries.Status.exact, .passed].contains(series.status), "\(series.status)")
    }
    XCTAssertTrue(report.layers.allSatisfy { $0.series.status == .exact })
    let wrong = try TaylorTest.run(
      network: file.network, samples: file.samples, analytic: g.scaled(by: 1.001))
    XCTAssertTrue(wrong.layers.allSatisfy { $0.series.status == .failed })
  }

  /// Every activation and cost, every layer and entry: a right gradient never fails and a
  /// gradient off by 1.001 never passes (an entry whose gradient is 0, at a dead relu unit,
  /// is right either way and may be exact).
  func testNoFalseVerdictOnRandomNetworks() throws {
    let kinds: [(Activation, Activation, Cost)] = [
      (.sigmoid, .sigmoid, .quadratic), (.tanh, .tanh, .mse), (.relu, .sigmoid, .crossEntropy),
      (.elu, .softmax, .categoricalCrossEntropy), (.leakyReLU, .identity, .quadratic),
      (.softplus, .sigmoid, .mse),
    ]
    var failedWrong = 0
    var judgedWrong = 0
    for (hidden, output, cost) in kinds {
      for seed: UInt64 in [1] {
        let file = try NetworkFile.random(
          RandomNetworkSpec(
            sizes: [3, 5, 4, 2], hiddenActivation: hidden, outputActivation: output, cost: cost,
            sampleCount: 1 + Int(seed), seed: seed))
        let g = file.network.gradients(over: file.samples)
        for factor in [1.0, 1.001] {
          let report = try TaylorTest.run(
            network: file.network, samples: file.samples, analytic: g.scaled(by: factor),
            options: TaylorOptions(perEntry: true))
          for series in report.layers.map(\.series) + report.entries.map(\.series) {
            if factor == 1 {
              XCTAssertNotEqual(series.status, .failed, "\(hidden) \(cost) \(seed)")
            } else {
              XCTAssertNotEqual(series.status, .passed, "\(hidden) \(cost) \(seed)")
              judgedWrong += 1
              if series.status == .failed { failedWrong += 1 }
            }
          }
        }
      }
    }
    XCTAssertGreaterThan(Double(failedWrong), 0.8 * Double(judgedWrong))
  }

  func testOptionsOutOfRangeAreRejected() throws {
    let file = try network(.sigmoid)
    let g = file.network.gradients(over: file.samples)
    for options in [
      TaylorOptions(firstStep: 0), TaylorOptions(firstStep: .nan), TaylorOptions(window: 1),
      TaylorOptions(maximumSteps: 2, window: 3),
    ] {
      XCTAssertThrowsError(
        try TaylorTest.run(
          network: file.network, samples: file.samples, analytic: g, options: options)
      ) { error in
        guard case .invalidOption = error as? GradientCheckError else {
          return XCTFail("\(error)")
        }
      }
    }
  }

  /// The pass threshold lies halfway between the wrong order and the right one.
  func testPassingOrderIsHalfwayBetweenWrongAndRight() {
    XCTAssertEqual(TaylorForm.forward.passingOrder, 1.5)
    XCTAssertEqual(TaylorForm.central.passingOrder, 2)
  }

  /// The fitted order of remainders c·h^p over halving steps is p.
  func testFittedOrderOfAnExactPowerLaw() {
    let steps = (0..<4).map { k -> TaylorStep in
      let h = 0.01 / Double(1 << k)
      return TaylorStep(
        step: h, remainder: 7 * h * h * sqrt(h), roundingFloor: 0, crossesKink: false)
    }
    XCTAssertEqual(TaylorTest.fittedOrder(steps[...]), 2.5, accuracy: 1e-12)
  }

  func testForwardPassThatOverflowsIsReportedNotJudged() throws {
    let network = try Network(
      sizes: [1, 1, 1], activations: [.tanh, .identity], cost: .quadratic,
      weights: [
        Matrix(rows: 1, columns: 1, storage: [1e300]),
        Matrix(rows: 1, columns: 1, storage: [1e300]),
      ],
      biases: [[0], [0]])
    let samples = [Sample(input: [0.5], target: [0]), Sample(input: [1e10], target: [0])]
    // Sample 0: z¹ = 5e299, a¹ = 1, z² = 1e300, cost ½·1e600 = inf.
    let expected = NonFiniteValue(
      quantity: .cost, layer: 2, sample: 0, entry: nil, value: .infinity)
    XCTAssertEqual(network.firstNonFiniteValue(over: samples), expected)
    XCTAssertThrowsError(
      try TaylorTest.run(
        network: network, samples: samples, analytic: Gradients(zerosLike: network))
    ) { XCTAssertEqual($0 as? GradientCheckError, .nonFinite(expected)) }
    XCTAssertThrowsError(
      try GradientCheck.run(
        network: network, samples: samples, analytic: Gradients(zerosLike: network))
    ) { XCTAssertEqual($0 as? GradientCheckError, .nonFinite(expected)) }
  }
}
