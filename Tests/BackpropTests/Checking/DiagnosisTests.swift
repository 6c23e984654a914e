import Foundation
import XCTest

@testable import Backprop

/// Student code with each classic mistake, and the cause the diagnosis names for it.
final class DiagnosisTests: XCTestCase {
  private func file(_ sizes: [Int], _ activation: Activation, samples: Int = 4, seed: UInt64 = 3)
    throws -> NetworkFile
  {
    try NetworkFile.random(
      RandomNetworkSpec(
        sizes: sizes, hiddenActivation: activation, outputActivation: activation,
        cost: .quadratic, sampleCount: samples, seed: seed))
  }

  private func diagnose(_ f: NetworkFile, _ bug: StudentBackprop.Bug) throws -> CheckReport {
    let student = StudentBackprop(f.network).gradients(f.samples, bug: bug, sizes: f.network.sizes)
    return try GradientCheck.run(network: f.network, samples: f.samples, analytic: student)
  }

  func testCorrectStudentCodePasses() throws {
    for activation in [Activation.sigmoid, .tanh] {
      let f = try file([3, 3, 3, 3], activation)
      let report = try diagnose(f, .none)
      XCTAssertTrue(report.passed, "\(report.failedEntries.prefix(2))")
      XCTAssertTrue(report.diagnosis.isEmpty)
    }
  }

  func testEachClassicMistakeIsNamed() throws {
    let expected: [(StudentBackprop.Bug, MistakeCause)] = [
      (.sign, .sign), (.halfCostFactor, .scale), (.sumInsteadOfMean, .sumInsteadOfMean),
      (.missingOutputDerivative, .missingOutputDerivative),
      (.derivativeOfActivation, .derivativeOfActivation),
      (.previousActivation, .previousActivation), (.biasSummed, .bias),
      (.transpose, .transpose), (.typo, .isolatedEntries),
    ]
    for activation in [Activation.sigmoid, .tanh] {
      for seed: UInt64 in [3, 8] {
        // Square layers, so that the transpose and previous-activation mistakes fit.
        let f = try file([3, 3, 3, 3], activation, seed: seed)
        for (bug, cause) in expected {
          let report = try diagnose(f, bug)
          XCTAssertFalse(report.passed, "\(bug) should fail")
          XCTAssertEqual(
            report.diagnosis.first?.cause, cause,
            "\(activation) seed \(seed) \(bug): \(report.diagnosis.map { ($0.cause, $0.confidence) })"
          )
          XCTAssertFalse(report.diagnosis.first?.message().isEmpty ?? true)
        }
      }
    }
  }

  func testFactorsAreReported() throws {
    let f = try file([4, 3, 2], .sigmoid, samples: 5)
    let half = try diagnose(f, .halfCostFactor)
    XCTAssertEqual(half.diagnosis.first?.cause, .scale)
    XCTAssertEqual(half.diagnosis.first?.factor ?? 0, 2, accuracy: 1e-6)
    let sum = try diagnose(f, .sumInsteadOfMean)
    XCTAssertEqual(sum.diagnosis.first?.cause, .sumInsteadOfMean)
    XCTAssertEqual(sum.diagnosis.first?.factor ?? 0, 5, accuracy: 1e-6)
    XCTAssertTrue(sum.diagnosis.first?.message().contains("m = 5") ?? false)
    // Two samples: a sum looks like a lost ½; both are offered, the sum first.
    let two = try file([4, 3, 2], .sigmoid, samples: 2)
    let causes = try diagnose(two, .halfCostFactor).diagnosis.map(\.cause)
    XCTAssertEqual(causes, [.sumInsteadOfMean, .scale])
  }

  func testNonSquareNetworksStillNameTheMistake() throws {
    let f = try file([4, 3, 2], .sigmoid)
    for (bug, cause) in [
      (StudentBackprop.Bug.sign, MistakeCause.sign),
      (.missingOutputDerivative, .missingOutputDerivative),
      (.derivativeOfActivation, .derivativeOfActivation), (.biasSummed, .bias),
    ] {
      XCTAssertEqual(try diagnose(f, bug).diagnosis.first?.cause, cause, "\(bug)")
    }
  }

  func testNoiseIsUnknown() throws {
    let f = try file([3, 3, 2], .sigmoid)
    var rng = SplitMix64(seed: 99)
    var g = f.network.gradients(over: f.samples)
    for i in f.network.parameterIndices { g[i] = rng.nextGaussian() }
    let report = try GradientCheck.run(network: f.network, samples: f.samples, analytic: g)
    XCTAssertEqual(report.diagnosis.first?.cause, .unknown)
    XCTAssertTrue(report.diagnosis.first?.message().contains("W¹") ?? false)
  }

  /// The library's mistaken-backprop candidates agree with the independent student code.
  func testMistakenGradientsMatchTheStudentCode() throws {
    let f = try file([3, 3, 3, 3], .tanh)
    let pairs: [(BackpropMistake, StudentBackprop.Bug)] = [
      (.missingOutputDerivative, .missingOutputDerivative),
      (.derivativeOfActivation, .derivativeOfActivation),
      (.previousActivation, .previousActivation), (.transpose, .transpose),
    ]
    for (mistake, bug) in pairs {
      let library = try XCTUnwrap(f.network.gradients(over: f.samples, making: mistake))
      let student = StudentBackprop(f.network).gradients(
        f.samples, bug: bug, sizes: f.network.sizes)
      for i in f.network.parameterIndices {
        XCTAssertEqual(library[i], student[i], accuracy: 1e-12, "\(mistake) \(i)")
      }
    }
    let nonSquare = try file([4, 3, 2], .tanh)
    XCTAssertNil(nonSquare.network.gradients(over: nonSquare.samples, making: .transpose))
  }

  func testDiagnosisUnderDirectionalNamesIsolatedEntries() throws {
    let file = try mediumSigmoidNetwork()
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
    let file = try mediumSigmoidNetwork()
    var g = file.network.gradients(over: file.samples)
    for j in 0..<8 { g.biases[0][j] *= 2 }
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(directions: 3, seed: 1))
    XCTAssertFalse(report.passed)
    XCTAssertEqual(report.diagnosis.first?.cause, .bias, "\(report.diagnosis)")
  }

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
    let file = try mediumSigmoidNetwork()
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: Gradients(zerosLike: file.network))
    let top = try XCTUnwrap(report.diagnosis.first)
    XCTAssertNotEqual(top.cause, .scale)
    XCTAssertTrue(top.message().contains("exactly zero"), top.message())
  }

  func testHugeEntriesAreIsolatedAndStayInTheirColumns() throws {
    let file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 4, 2], hiddenActivation: .sigmoid, outputActivation: .sigmoid,
        cost: .quadratic, sampleCount: 3, seed: 7))
    let right = file.network.gradients(over: file.samples)
    for huge in [[1.7e308], [-1.7e308], [1.79e308, -1.75e308], [1e300]] {
      var g = right
      for (k, v) in huge.enumerated() { g.weights[1][0, k] = v }
      let report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: g)
      XCTAssertEqual(report.failures, huge.count)
      // ⟨g, r⟩ / ⟨r, r⟩ overflowed to −inf, and every entry "fitted" an infinite factor.
      XCTAssertEqual(report.diagnosis.first?.cause, .isolatedEntries, "\(huge)")
      XCTAssertNil(report.diagnosis.first?.factor)
      let text = report.text()
      XCTAssertFalse(text.contains("inf"), text)
      // Every table row has its 11 fields apart: name, shape, 3 counts, 2 errors, worst
      // entry, analytic, numeric, verdict.
      let rows = text.split(separator: "\n").filter { $0.hasPrefix("W") || $0.hasPrefix("b") }
      XCTAssertEqual(rows.count, 4)
      for row in rows {
        XCTAssertEqual(row.split(separator: " ").count, 11, "\(row)")
        XCTAssertLessThanOrEqual(row.count, 80)
      }
    }
  }

  func testLeastSquaresFactorScalesBeforeSumming() {
    // Hand-derived: given = 1e300 × right exactly → c = 1e300, although ⟨g, g⟩ overflows.
    let right = [3.0, -4.0, 0.5]
    XCTAssertEqual(
      Diagnosis.leastSquaresFactor(given: right.map { $0 * 1e300 }, right: right, in: [0, 1, 2])
        ?? 0, 1e300, accuracy: 1e286)
    XCTAssertEqual(
      Diagnosis.leastSquaresFactor(given: [2, 0, 0], right: [1, 1, 0], in: [0, 1, 2]), 1)
    XCTAssertNil(
      Diagnosis.leastSquaresFactor(given: [1.7e308, 1], right: [1e-3, 1e-3], in: [0, 1]))
    XCTAssertNil(Diagnosis.leastSquaresFactor(given: [1, 1], right: [0, 0], in: [0, 1]))
  }
}
