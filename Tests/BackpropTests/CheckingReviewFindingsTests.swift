import TestSupport
import XCTest

@testable import Backprop

/// The findings of the gradcheck review (issue 4): each test failed before its fix.
final class CheckingReviewFindingsTests: XCTestCase {
  /// A relu network whose first-layer pre-activations for sample 0 sit within 1e-6 of 0.
  private func nearKink(seed: UInt64 = 21, sizes: [Int] = [3, 4, 2]) throws -> NetworkFile {
    var file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: sizes, hiddenActivation: .relu, outputActivation: .identity, cost: .quadratic,
        sampleCount: 3, seed: seed))
    let z = file.network.forward(file.samples[0].input).z[1]
    let offsets = [1e-7, -4e-7, 9e-7, -2e-8]
    for j in 0..<z.count { file.network.biases[0][j] += offsets[j % 4] - z[j] }
    return file
  }

  // MARK: 1a. The directional screen and kinks

  func testDirectionalScreenPassesCorrectGradientsAcrossKinks() throws {
    let file = try nearKink()
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
    let file = try nearKink()
    var g = file.network.gradients(over: file.samples)
    let wrong = ParameterIndex(layer: 2, kind: .weight(row: 1, column: 2), columns: 4)
    g[wrong] += 0.5
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(directions: 4, seed: 3))
    XCTAssertFalse(report.passed)
    XCTAssertEqual(report.failedEntries.map(\.index), [wrong])
  }

  // MARK: 1b. A kink entry whose clear re-check disagrees fails

  func testWrongKinkEntryFails() throws {
    let file = try nearKink()
    let right = file.network.gradients(over: file.samples)
    let correct = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: right)
    let kinkedBias = try XCTUnwrap(
      correct.entries.first { $0.status == .kink && !$0.index.isWeight }?.index)
    var g = right
    g[kinkedBias] *= 5
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g)
    XCTAssertFalse(report.passed)
    let entry = try XCTUnwrap(report.entries.first { $0.index == kinkedBias })
    XCTAssertEqual(entry.status, .failed)
    XCTAssertEqual(entry.recheck?.agrees, false)
    XCTAssertTrue(report.text(verbose: true).contains("kink, re-check failed"))
    XCTAssertFalse(report.text().contains("PASSED"))
  }

  /// Independent backprop in the test with relu′(0) = 1 (the other convention).
  private func gradientsWithReluPrimeOfZeroOne(_ file: NetworkFile) -> Gradients {
    let net = file.network
    var g = Gradients(zerosLike: net)
    let m = Double(file.samples.count)
    for s in file.samples {
      let (w1, w2) = (net.weights[0], net.weights[1])
      var z1 = net.biases[0]
      for j in 0..<4 { for k in 0..<3 { z1[j] += w1[j, k] * s.input[k] } }
      let a1 = z1.map { max(0, $0) }
      var a2 = net.biases[1]
      for i in 0..<2 { for j in 0..<4 { a2[i] += w2[i, j] * a1[j] } }
      let d2 = (0..<2).map { a2[$0] - s.target[$0] }
      var d1 = [Double](repeating: 0, count: 4)
      for j in 0..<4 {
        for i in 0..<2 { d1[j] += w2[i, j] * d2[i] }
        d1[j] *= z1[j] >= 0 ? 1 : 0
      }
      for i in 0..<2 {
        g.biases[1][i] += d2[i] / m
        for j in 0..<4 { g.weights[1][i, j] += d2[i] * a1[j] / m }
      }
      for j in 0..<4 {
        g.biases[0][j] += d1[j] / m
        for k in 0..<3 { g.weights[0][j, k] += d1[j] * s.input[k] / m }
      }
    }
    return g
  }

  func testExactKinkAcceptsEitherConventionAndRejectsWrongBias() throws {
    let file = try exactZeroReluNetwork()
    let library = file.network.gradients(over: file.samples)
    let other = gradientsWithReluPrimeOfZeroOne(file)
    XCTAssertNotEqual(library.biases[0], other.biases[0], "setup: conventions must differ")
    for g in [library, other] {
      let report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: g)
      XCTAssertTrue(report.passed, "\(report.failedEntries)")
    }
    var wrong = library
    for j in 0..<4 { wrong.biases[0][j] += 0.1 }
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: wrong)
    XCTAssertFalse(report.passed)
    XCTAssertEqual(report.failures, 4)
  }

  // MARK: 1c. Diagnosis sees every entry

  private func mediumNetwork(_ activation: Activation = .sigmoid) throws -> NetworkFile {
    try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [12, 8, 5], hiddenActivation: activation, outputActivation: .sigmoid,
        cost: .quadratic, sampleCount: 3, seed: 11))
  }

  func testDiagnosisUnderDirectionalNamesIsolatedEntries() throws {
    let file = try mediumNetwork()
    let right = file.network.gradients(over: file.samples)
    let flip = ParameterIndex(layer: 2, kind: .weight(row: 4, column: 7), columns: 8)
    for change in [{ (x: Double) in -x }, { (x: Double) in 1.2 * x }] {
      var g = right
      g[flip] = change(g[flip])
      for options in [
        GradientCheckOptions(directions: 3, seed: 1), GradientCheckOptions(entriesPerBlock: 3),
      ] {
        let report = try GradientCheck.run(
          network: file.network, samples: file.samples, analytic: g, options: options)
        guard !report.passed else { continue }  // --entries may miss the entry
        XCTAssertEqual(report.diagnosis.first?.cause, .isolatedEntries, "\(report.diagnosis)")
        XCTAssertEqual(report.diagnosis.first?.entries, [flip])
      }
    }
  }

  func testDiagnosisUnderDirectionalNamesBiasMistake() throws {
    let file = try mediumNetwork()
    var g = file.network.gradients(over: file.samples)
    for j in 0..<8 { g.biases[0][j] *= 2 }
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(directions: 3, seed: 1))
    XCTAssertFalse(report.passed)
    XCTAssertEqual(report.diagnosis.first?.cause, .bias, "\(report.diagnosis)")
  }

  // MARK: 1d. Saturated sigmoid + cross-entropy

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

  func testAdviceForCorrectGradientsAtDefaultStepSuggestsComplexStep() throws {
    let file = try mediumNetwork()
    let g = file.network.gradients(over: file.samples)
    // An impossibly tight tolerance makes correct gradients fail.
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(rtol: 0, atol: 1e-300))
    XCTAssertFalse(report.passed)
    let top = try XCTUnwrap(report.diagnosis.first)
    XCTAssertEqual(top.detail, .finiteDifferencesInaccurate(.useMethod(.complexStep)))
    let message = top.message()
    XCTAssertTrue(message.contains("complex-step"), message)
    XCTAssertFalse(message.contains("Try the default"), message)
  }

  // MARK: 2. Diagnosis

  /// The student's mistake written out in the test: f′(a) in the hidden layer and softmax's
  /// Jacobian taken at s = softmax(a) at the output.
  func testSoftmaxDerivativeOfActivationIsNamed() throws {
    let file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [4, 5, 3], hiddenActivation: .sigmoid, outputActivation: .softmax,
        cost: .categoricalCrossEntropy, sampleCount: 3, seed: 4))
    let net = file.network
    var g = Gradients(zerosLike: net)
    let m = Double(file.samples.count)
    func sig(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    for s in file.samples {
      var z1 = net.biases[0]
      for j in 0..<5 { for k in 0..<4 { z1[j] += net.weights[0][j, k] * s.input[k] } }
      let a1 = z1.map(sig)
      var z2 = net.biases[1]
      for i in 0..<3 { for j in 0..<5 { z2[i] += net.weights[1][i, j] * a1[j] } }
      let e = z2.map { exp($0) }
      let a2 = e.map { $0 / e.reduce(0, +) }
      let dCda = (0..<3).map { -s.target[$0] / a2[$0] }
      let e2 = a2.map { exp($0) }
      let p = e2.map { $0 / e2.reduce(0, +) }
      var d2 = [Double](repeating: 0, count: 3)
      for i in 0..<3 {
        for c in 0..<3 { d2[i] += ((i == c ? p[i] : 0) - p[i] * p[c]) * dCda[c] }
      }
      var d1 = [Double](repeating: 0, count: 5)
      for j in 0..<5 {
        for i in 0..<3 { d1[j] += net.weights[1][i, j] * d2[i] }
        d1[j] *= sig(a1[j]) * (1 - sig(a1[j]))
      }
      for i in 0..<3 {
        g.biases[1][i] += d2[i] / m
        for j in 0..<5 { g.weights[1][i, j] += d2[i] * a1[j] / m }
      }
      for j in 0..<5 {
        g.biases[0][j] += d1[j] / m
        for k in 0..<4 { g.weights[0][j, k] += d1[j] * s.input[k] / m }
      }
    }
    let report = try GradientCheck.run(network: net, samples: file.samples, analytic: g)
    XCTAssertFalse(report.passed)
    XCTAssertEqual(report.diagnosis.first?.cause, .derivativeOfActivation, "\(report.diagnosis)")
  }

  func testAllZeroGradientsSaySo() throws {
    let file = try mediumNetwork()
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: Gradients(zerosLike: file.network))
    let top = try XCTUnwrap(report.diagnosis.first)
    XCTAssertNotEqual(top.cause, .scale)
    XCTAssertTrue(top.message().contains("exactly zero"), top.message())
  }

  func testMissingOutputDerivativeMessageForSoftmaxUsesJacobian() throws {
    let file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [4, 5, 3], hiddenActivation: .tanh, outputActivation: .softmax,
        cost: .quadratic, sampleCount: 2, seed: 8))
    let g = try XCTUnwrap(
      file.network.gradients(over: file.samples, making: .missingOutputDerivative))
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g)
    let finding = try XCTUnwrap(
      report.diagnosis.first { $0.cause == .missingOutputDerivative }, "\(report.diagnosis)")
    XCTAssertTrue(finding.message().contains("diag("), finding.message())
    XCTAssertFalse(finding.message().contains("⊙ f′"), finding.message())
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

  // MARK: 3, 4. Text

  func testTextRowsFit80ColumnsAndShowEveryBlock() throws {
    let file = try nearKink()
    var g = file.network.gradients(over: file.samples)
    let correct = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g)
    if let kinked = correct.entries.first(where: { $0.status == .kink })?.index {
      g[kinked] *= 5
    }
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g)
    for line in report.text(verbose: true).split(separator: "\n") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
    XCTAssertFalse(report.text(verbose: true).contains("recheck off"))
    let wide = try Network(
      sizes: [100_000, 1], activations: [.identity], cost: .quadratic,
      weights: [Matrix(rows: 1, columns: 100_000)], biases: [[0]])
    let sampled = CheckReport(
      method: .central, epsilon: 1e-5, tolerance: Tolerance(rtol: 1e-5, atol: 1e-8),
      precision: .double, sizes: wide.sizes, sampleCount: 1,
      entries: [
        EntryCheck(
          index: ParameterIndex(layer: 1, kind: .weight(row: 0, column: 3), columns: 100_000),
          analytic: 1,
          numeric: 1, status: .passed)
      ])
    let text = sampled.text()
    for line in text.split(separator: "\n") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
    XCTAssertTrue(text.contains("b¹"), "a block with nothing checked still has its row")
    XCTAssertTrue(text.contains("sampled of 100001"), text)
  }
}
