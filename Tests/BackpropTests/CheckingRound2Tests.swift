import TestSupport
import XCTest

@testable import Backprop

/// The second review of gradcheck (issue 4, findings G1–G8): each test failed before its fix.
final class CheckingRound2Tests: XCTestCase {
  // MARK: G1. Wrong gradients must not pass at kinks

  /// The reviewer's 1-1-1 leaky-relu network: z¹ of sample 0 is within 1e-7 of the kink.
  private let tinyLeaky = """
    {"layers": [1, 1, 1], "activations": ["leaky-relu", "leaky-relu"], "cost": "mse",
     "weights": [[[0.345584192064786]], [[0.8216181435011584]]],
     "biases": [[-0.3128765757153435], [0.004094866291338278]],
     "samples": [{"input": [0.9053558666731177], "target": [0.42332644897257565]},
                 {"input": [-0.5369532353602852], "target": [0.4091991363691613]}]}
    """

  /// Gradients of `tinyLeaky` written by hand from an independent (Python) backprop, with
  /// ∂C/∂W²[0,0] = +2.0354163e-5 given the wrong sign.
  private let tinyLeakySignFlipped = """
    {"weights": [[[-0.31183015245211737]], [[-2.0354163027613692e-05]]],
     "biases": [[-0.3444818276977765], [-0.42332349192311464]]}
    """

  func testSignFlippedKinkEntryFailsWithEveryMethod() throws {
    let file = try NetworkFile(json: tinyLeaky)
    var wrong = try GradientFile.read(json: tinyLeakySignFlipped, for: file.network)
    for method in [FiniteDifferenceMethod.central, .fivePoint, .richardson, .forward] {
      let report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: wrong,
        options: GradientCheckOptions(method: method))
      XCTAssertFalse(report.passed, "\(method): \(report.entries)")
      let w2 = try XCTUnwrap(report.entries.first { $0.index.layer == 2 && $0.index.isWeight })
      XCTAssertEqual(w2.status, .failed, "\(method)")
    }
    // With the sign put right, every method passes.
    wrong.weights[1][0, 0] = 2.0354163027613692e-05
    for method in [FiniteDifferenceMethod.central, .fivePoint, .richardson, .forward] {
      let report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: wrong,
        options: GradientCheckOptions(method: method))
      XCTAssertTrue(report.passed, "\(method): \(report.failedEntries)")
    }
  }

  func testSmallErrorAtAnExactKinkFails() throws {
    // The old re-check widened atol to 1e-4 at its smallest step and kept the best of 12
    // estimates: an error of 3e-5 passed.
    let file = try exactZeroReluNetwork()
    var wrong = file.network.gradients(over: file.samples)
    for j in 0..<4 { wrong.biases[0][j] += 3e-5 }
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: wrong)
    let b1 = report.entries.filter { $0.index.layer == 1 && !$0.index.isWeight }
    XCTAssertEqual(b1.map(\.status), [.failed, .failed, .failed, .failed], "\(b1)")
    XCTAssertFalse(report.passed)
  }

  func testRecheckToleranceIsTheRoundoffAtTheStep() {
    let t = Tolerance(rtol: 1e-5, atol: 1e-8)
    // 32 u / s with u = 2^-53: 3.55e-9 at 1e-6 (below atol), 3.55e-7 at 1e-8.
    let at6 = KinkRecheck.tolerance(t, precision: .double, cost: 0.5, step: 1e-6)
    XCTAssertEqual(at6.atol, 1e-8)
    let at8 = KinkRecheck.tolerance(t, precision: .double, cost: 0.5, step: 1e-8)
    XCTAssertEqual(at8.atol, 32 * 0x1p-53 / 1e-8, accuracy: 1e-15)
    // It grows with |C| above 1.
    let big = KinkRecheck.tolerance(t, precision: .double, cost: -100, step: 1e-8)
    XCTAssertEqual(big.atol, 100 * at8.atol, accuracy: 1e-13)
  }

  func testRecheckSearchUsesTheFirstClearStepOnly() {
    // Hand-made estimates: the kink is exactly at 0, slopes 1 on the right and 0.01 on the
    // left. Forward steps are exact; backward ones exact too; no central step is clear.
    func exact(_ method: FiniteDifferenceMethod, _ s: Double) -> Double? {
      switch method {
      case .forward: return 1
      case .backward: return 0.01
      default: return nil
      }
    }
    let t = Tolerance(rtol: 1e-5, atol: 1e-8)
    let search = { (a: Double) in
      KinkRecheck.search(analytic: a, precision: .double, tolerance: t, cost: 0.1, estimate: exact)
    }
    XCTAssertEqual(search(1)?.agrees, true)
    XCTAssertEqual(search(1)?.method, .forward)
    XCTAssertEqual(search(0.01)?.agrees, true)
    XCTAssertEqual(search(0.01)?.method, .backward)
    XCTAssertEqual(search(1 + 5e-5)?.agrees, false)
    XCTAssertEqual(search(0.5)?.agrees, false)
    // An estimate that happens to match at a tiny step does not rescue a disagreement at
    // the first clear step.
    let lucky = KinkRecheck.search(analytic: 2, precision: .double, tolerance: t, cost: 0.1) {
      method, s in method == .forward ? (s < 1e-9 ? 2 : 1) : nil
    }
    XCTAssertEqual(lucky?.agrees, false)
    XCTAssertEqual(lucky?.epsilon, 1e-6)
    // The second-order one-sided difference 2 D(s) − D(2s) removes the O(s) error:
    // D(s) = 1 + 1000 s (truncation) gives exactly 1.
    let curved = KinkRecheck.search(analytic: 1, precision: .double, tolerance: t, cost: 0.1) {
      method, s in method == .forward ? 1 + 1000 * s : nil
    }
    XCTAssertEqual(curved?.numeric ?? 0, 1, accuracy: 1e-12)
    XCTAssertEqual(curved?.agrees, true)
    // No clear step at all: nil.
    XCTAssertNil(
      KinkRecheck.search(analytic: 1, precision: .double, tolerance: t, cost: 0.1) { _, _ in nil })
  }

  // MARK: G2. Float kinks

  /// A leaky-relu network whose hidden pre-activations for sample 0 sit at ±3e-10 and ±2e-8
  /// in double: float rounding can put them on the other side.
  private func floatKinkNetwork(seed: UInt64) throws -> NetworkFile {
    var file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [4, 5, 5, 3], hiddenActivation: .leakyReLU, outputActivation: .softmax,
        cost: .categoricalCrossEntropy, sampleCount: 3, seed: seed))
    let offsets = [3e-10, -3e-10, 2e-8, -2e-8, 1e-9]
    for l in 0..<2 {
      let z = file.network.forward(file.samples[0].input).z[l + 1]
      for j in 0..<z.count { file.network.biases[l][j] += offsets[(j + l) % 5] - z[j] }
    }
    return file
  }

  func testCorrectGradientsPassAtFloatKinks() throws {
    var unjudged = 0
    for seed in UInt64(1)...12 {
      let file = try floatKinkNetwork(seed: seed)
      let g = file.network.gradients(over: file.samples)
      for method in [FiniteDifferenceMethod.central, .fivePoint] {
        let report = try GradientCheck.run(
          network: file.network, samples: file.samples, analytic: g,
          options: GradientCheckOptions(method: method, precision: .float))
        XCTAssertTrue(report.passed, "seed \(seed) \(method): \(report.failedEntries)")
        unjudged += report.entries.filter { $0.recheck?.agrees == false }.count
      }
    }
    XCTAssertGreaterThan(unjudged, 0, "setup: some float re-checks must disagree")
  }

  func testNearKinksFindsUnitsWithinFloatRounding() throws {
    // 1-2-1: z¹ = [0.5 · 2 − 1 + 3e-10, 0.5 · 2 − 0.25] = [3e-10, 0.75].
    let network = try Network(
      sizes: [1, 2, 1], activations: [.relu, .identity], cost: .quadratic,
      weights: [
        Matrix(rows: 2, columns: 1, storage: [0.5, 0.5]),
        Matrix(rows: 1, columns: 2, storage: [1, 1]),
      ],
      biases: [[-1 + 3e-10, -0.25], [0]])
    let near = NearKinks(network: network, samples: [Sample(input: [2], target: [0])])
    XCTAssertTrue(
      near.affects(
        ParameterIndex(
          layer: 1, kind: .weight(row: 0, column: 0),
          columns: 1)))
    XCTAssertTrue(near.affects(ParameterIndex(layer: 1, kind: .bias(row: 0), columns: 1)))
    XCTAssertFalse(near.affects(ParameterIndex(layer: 1, kind: .bias(row: 1), columns: 1)))
    XCTAssertFalse(near.affects(ParameterIndex(layer: 2, kind: .bias(row: 0), columns: 2)))
  }

  // MARK: G4. The default atol grows with |C| in double

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

  // MARK: G3. Huge gradient values

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

  // MARK: G5. Diagnosis wording fits the network

  func testDerivativeOfActivationNamesTheNetworksActivation() throws {
    let file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 5, 2], hiddenActivation: .tanh, outputActivation: .identity,
        cost: .quadratic, sampleCount: 3, seed: 3))
    let g = try XCTUnwrap(
      file.network.gradients(over: file.samples, making: .derivativeOfActivation))
    let report = try GradientCheck.run(network: file.network, samples: file.samples, analytic: g)
    let top = try XCTUnwrap(report.diagnosis.first)
    XCTAssertEqual(top.cause, .derivativeOfActivation)
    XCTAssertTrue(top.message().contains("tanh′(z) = 1 − tanh²(z) = 1 − a²"), top.message())
    XCTAssertFalse(top.message().contains("σ"), top.message())
  }

  func testScaleMessageCitesTheNetworksCost() throws {
    for (cost, output, expected, absent) in [
      (Cost.quadratic, Activation.identity, "½ of the quadratic cost", "cross-entropy"),
      (.mse, .identity, "2/n of the mean squared error", "½"),
      (.categoricalCrossEntropy, .softmax, "categorical-cross-entropy, δ^L = a − y", "½"),
    ] {
      let file = try NetworkFile.random(
        RandomNetworkSpec(
          sizes: [3, 4, 3], hiddenActivation: .sigmoid, outputActivation: output, cost: cost,
          sampleCount: 3, seed: 9))
      var g = file.network.gradients(over: file.samples)
      for l in 0..<2 {
        g.weights[l] = Matrix(
          rows: g.weights[l].rows, columns: g.weights[l].columns,
          storage: g.weights[l].storage.map { $0 * 1.7 })
        g.biases[l] = g.biases[l].map { $0 * 1.7 }
      }
      let report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: g)
      let top = try XCTUnwrap(report.diagnosis.first)
      XCTAssertEqual(top.cause, .scale, "\(cost)")
      XCTAssertTrue(top.message().contains(expected), "\(cost): \(top.message())")
      XCTAssertFalse(top.message().contains(absent), "\(cost): \(top.message())")
    }
  }

  // MARK: G6. The title fits 80 columns

  func testLongShapesAreAbbreviatedInTheTitle() {
    for (sizes, samples) in [
      ([Int](repeating: 100, count: 11), 1000), ([Int](repeating: 100, count: 13), 3),
      ([1, 2, 3], 1),
    ] {
      let report = CheckReport(
        method: .central, epsilon: 1e-5, tolerance: Tolerance(rtol: 1e-5, atol: 1e-8),
        precision: .double, sizes: sizes, sampleCount: samples, entries: [])
      let text = report.text()
      for line in text.split(separator: "\n") {
        XCTAssertLessThanOrEqual(line.count, 80, "\(line)")
      }
      let title = text.split(separator: "\n")[0]
      if sizes.count > 3 {
        XCTAssertTrue(
          title.contains("a \(sizes.count - 1)-layer \(sizes[0])-…-\(sizes[0]) network"),
          "\(title)")
      } else {
        XCTAssertEqual(title, "Gradient check of a 1-2-3 network, 1 sample, 13 parameters")
      }
    }
  }

  // MARK: G7. A gradient file's cost is compared

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
