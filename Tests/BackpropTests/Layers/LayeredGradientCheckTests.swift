import Backprop
import TestSupport
import XCTest

/// The per-tensor check of layered networks: every method, sampling, the directional
/// screen, float precision, and kinks (relu at 0, max-pool ties).
final class LayeredGradientCheckTests: XCTestCase {
  func testCorrectGradientsPassWithEveryMethod() throws {
    let (net, samples) = try random(
      "input 1x6x6, conv 2 3x3, tanh, avgpool 2, flatten, dense 3, softmax",
      .categoricalCrossEntropy)
    let g = net.gradients(over: samples)
    for method in FiniteDifferenceMethod.allCases {
      let r = try LayeredGradientCheck.run(
        network: net, samples: samples, analytic: g,
        options: GradientCheckOptions(method: method))
      XCTAssertTrue(r.passed, "\(method)")
      XCTAssertEqual(r.parametersChecked, net.parameterCount)
      XCTAssertEqual(r.tensors.map(\.name), ["K1", "b1", "W4", "b4"])
    }
  }

  func testAWrongEntryFailsInItsTensorOnly() throws {
    let (net, samples) = try random("input 4x3, lstm 2, dense 1, sigmoid", .quadratic)
    var g = net.gradients(over: samples)
    let i = try XCTUnwrap(net.parameterIndex(named: "Uf1[1,0]"))
    g[i] *= 1.01
    let r = try LayeredGradientCheck.run(network: net, samples: samples, analytic: g)
    XCTAssertFalse(r.passed)
    XCTAssertEqual(r.failedEntries.map(\.name), ["Uf1[1,0]"])
    XCTAssertEqual(r.tensors.filter { $0.failures > 0 }.map(\.name), ["Uf1"])
  }

  func testEntriesSampleEachTensor() throws {
    let (net, samples) = try random("input 4x3, rnn 3, dense 2, identity", .mse)
    let r = try LayeredGradientCheck.run(
      network: net, samples: samples, analytic: net.gradients(over: samples),
      options: GradientCheckOptions(entriesPerBlock: 2))
    XCTAssertEqual(r.tensors.map(\.checked), [2, 2, 2, 2, 2])
    XCTAssertTrue(r.passed)
  }

  func testDirectionalScreenFindsAWrongTensorAndFollowsUp() throws {
    let (net, samples) = try random("input 4x3, rnn 3, dense 2, identity", .mse)
    let good = net.gradients(over: samples)
    let passing = try LayeredGradientCheck.run(
      network: net, samples: samples, analytic: good,
      options: GradientCheckOptions(directions: 4))
    XCTAssertTrue(passing.passed)
    XCTAssertEqual(passing.directional?.failedDirections, 0)
    XCTAssertEqual(passing.parametersChecked, 0)
    var bad = good
    for i in 0..<9 { bad[i] = -bad[i] }  // Wx1 with the wrong sign
    let failing = try LayeredGradientCheck.run(
      network: net, samples: samples, analytic: bad,
      options: GradientCheckOptions(directions: 4))
    XCTAssertFalse(failing.passed)
    XCTAssertGreaterThan(failing.directional?.failedDirections ?? 0, 0)
    XCTAssertEqual(Set(failing.failedEntries.map(\.tensor)), ["Wx1"])
  }

  func testFloatPrecisionPassesCorrectGradients() throws {
    let (net, samples) = try random("input 3, dense 4, tanh, dense 2, sigmoid", .quadratic)
    let r = try LayeredGradientCheck.run(
      network: net, samples: samples, analytic: net.gradients(over: samples),
      options: GradientCheckOptions(precision: .float))
    XCTAssertTrue(r.passed)
  }

  func testAMaxPoolTieIsAKinkNeverAFailure() throws {
    // Two channels, one 1×1 kernel (0.5, 0), bias 0.1: z = 0.5 x₀ + 0 · x₁ + 0.1 ties at
    // positions 0 and 1 (x₀ = 1 at both); x₁ = 1 at position 0 only, so a step in K[0,1,0,0]
    // breaks the tie one way or the other.
    let net = try LayeredNetwork(
      architecture: Architecture.parse(
        "input 2x2x2, conv 1 1x1, relu, maxpool 2, flatten, dense 1, identity"),
      cost: .mse, parameters: [0.5, 0, 0.1, 2, 0.1])
    let samples = [Sample(input: [1, 1, -1, 0.5, 1, 0, 0, 0], target: [0.3])]
    let g = net.gradients(over: samples)
    let r = try LayeredGradientCheck.run(network: net, samples: samples, analytic: g)
    XCTAssertEqual(r.unitsAtKink, 1)
    XCTAssertEqual(r.entries.filter { $0.status == .kink }.map(\.name), ["K1[0,1,0,0]"])
    XCTAssertTrue(r.passed)
    // A value off both one-sided slopes fails the re-check.
    var bad = g
    bad[1] = 5
    XCTAssertFalse(
      try LayeredGradientCheck.run(network: net, samples: samples, analytic: bad).passed)
  }

  func testAReluAtZeroIsAKinkReCheckedOneSided() throws {
    // K·x + b = 0 exactly for the largest entry: relu sits on its kink.
    let net = try LayeredNetwork(
      architecture: Architecture.parse("input 2, dense 1, relu, dense 1, identity"),
      cost: .quadratic, parameters: [1, -1, 0, 2, 0.1])
    let samples = [Sample(input: [0.5, 0.5], target: [1])]
    let g = net.gradients(over: samples)
    let r = try LayeredGradientCheck.run(network: net, samples: samples, analytic: g)
    XCTAssertEqual(r.unitsAtKink, 1)
    XCTAssertGreaterThan(r.kinks, 0)
    XCTAssertTrue(r.passed)
    // A wrong gradient cannot hide behind the kink: the second layer is clear of it.
    var bad = g
    bad[3] += 0.5
    XCTAssertFalse(
      try LayeredGradientCheck.run(network: net, samples: samples, analytic: bad).passed)
  }

  func testAStepMovingTwoKinkedUnitsApartIsReCheckedOneSided() throws {
    // K = b = 0 on the input (1, −1): both relu units sit exactly on 0, and a step s in K
    // moves them to s and −s, so every step of either sign leaves a kink; a one-sided step
    // from the kink is clear of it all the same. The second unit's weight is 0, so the
    // backward slope is 0 = the analytic value (relu′(0) = 0); the forward slope is
    // (out − y) · 2.
    let net = try LayeredNetwork(
      architecture: Architecture.parse("input 1x1x2, conv 1 1x1, relu, flatten, dense 1, identity"),
      cost: .quadratic, parameters: [0, 0, 2, 0, 0.1])
    let samples = [Sample(input: [1, -1], target: [1])]
    let g = net.gradients(over: samples)
    XCTAssertEqual(g[0], 0)
    for strategy in [GradientCheckOptions.Strategy.incremental, .fullForward] {
      for method in [FiniteDifferenceMethod.richardson, .central] {
        let options = GradientCheckOptions(method: method, epsilon: 1e-2, strategy: strategy)
        let r = try LayeredGradientCheck.run(
          network: net, samples: samples, analytic: g, options: options)
        XCTAssertEqual(r.unitsAtKink, 2)
        let k = try XCTUnwrap(r.entries.first { $0.name == "K1[0,0,0,0]" })
        XCTAssertEqual(k.status, .kink)
        XCTAssertEqual(k.recheck?.agrees, true)
        XCTAssertEqual(k.recheck?.method, .backward)
        XCTAssertTrue(r.passed)
        XCTAssertFalse(r.text().contains("not judged"), r.text())
        // A wrong value is judged too, and fails: off both one-sided slopes.
        var bad = g
        bad[0] = 0.5
        let b = try LayeredGradientCheck.run(
          network: net, samples: samples, analytic: bad, options: options)
        XCTAssertEqual(b.entries[0].status, .failed)
        XCTAssertNotNil(b.entries[0].recheck)
        XCTAssertFalse(b.passed)
      }
    }
  }

  func testRichardsonAcrossAnELUCreaseFallsBackToCentral() throws {
    // z = 0.5 · 3 − 1.5 · 1 + 0.003 = 0.003: Richardson's default step 1e-2 on W1[0,0]
    // moves z by 0.03 across 0, where elu″ jumps (1 below, 0 above), so its error term
    // does not exist.
    let net = try LayeredNetwork(
      architecture: Architecture.parse("input 2, dense 1, elu, dense 1, identity"),
      cost: .quadratic, parameters: [0.5, -1.5, 0.003, 2, 0.1])
    let samples = [Sample(input: [3, 1], target: [1])]
    let g = net.gradients(over: samples)
    // The premise: Richardson at its default step disagrees with the exact gradient.
    let method = FiniteDifferenceMethod.richardson
    let h = method.defaultEpsilon
    let changes = method.offsets.map { o -> Double in
      var theta = net.parameters
      theta[0] += o * h
      var record = KinkRecord()
      let c: Double = net.cost(parameters: theta, over: samples, kinks: &record)
      return c - net.cost(over: samples)
    }
    let tolerance = Tolerance(rtol: 1e-5, atol: 1e-8)
    XCTAssertFalse(tolerance.accepts(g[0], method.combine(changes, step: h)))
    for method in [FiniteDifferenceMethod.richardson, .fivePoint] {
      for strategy in [GradientCheckOptions.Strategy.incremental, .fullForward] {
        let options = GradientCheckOptions(method: method, strategy: strategy)
        let r = try LayeredGradientCheck.run(
          network: net, samples: samples, analytic: g, options: options)
        XCTAssertTrue(r.passed, "\(method) \(strategy): \(r.text())")
        var bad = g
        bad[0] *= 1.001
        XCTAssertFalse(
          try LayeredGradientCheck.run(
            network: net, samples: samples, analytic: bad, options: options
          ).passed, "\(method) \(strategy)")
      }
    }
  }

  func testBadOptionsAndShapesThrow() throws {
    let (net, samples) = try random("input 3, dense 2, identity", .quadratic)
    let g = net.gradients(over: samples)
    XCTAssertThrowsError(
      try LayeredGradientCheck.run(network: net, samples: samples, analytic: Array(g.dropLast())))
    XCTAssertThrowsError(
      try LayeredGradientCheck.run(network: net, samples: [], analytic: g))
    XCTAssertThrowsError(
      try LayeredGradientCheck.run(
        network: net, samples: [Sample(input: [1], target: [0, 0])], analytic: g))
    XCTAssertThrowsError(
      try LayeredGradientCheck.run(
        network: net, samples: samples, analytic: g,
        options: GradientCheckOptions(method: .complexStep, precision: .float)))
  }
}
