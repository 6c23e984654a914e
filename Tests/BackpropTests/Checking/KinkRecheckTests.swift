import TestSupport
import XCTest

@testable import Backprop

/// The re-check of kinked entries with steps clear of every kink: wrong gradients fail at
/// kinks, either relu′(0) convention passes, and the search takes the first clear step.
final class KinkRecheckTests: XCTestCase {
  /// A 1-1-1 leaky-relu network whose z¹ of sample 0 lies within 1e-7 of the kink.
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
    // The error points away from the other side of each kink: outside the one-sided
    // derivatives, so no subgradient.
    let file = try exactZeroReluNetwork()
    var wrong = file.network.gradients(over: file.samples)
    let other = gradientsWithReluPrimeOfZeroOne(file)
    for j in 0..<4 {
      wrong.biases[0][j] -= other.biases[0][j] >= wrong.biases[0][j] ? 3e-5 : -3e-5
    }
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
    XCTAssertEqual(search(0.005)?.agrees, false)
    // Between the two sides: a valid subgradient (such as a split of a max-pool tie).
    XCTAssertEqual(search(0.5)?.agrees, true)
    XCTAssertEqual(search(0.5)?.subgradient, true)
    XCTAssertEqual(search(0.5)?.numeric, 0.01)
    XCTAssertEqual(search(1)?.subgradient, false)
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

  func testWrongKinkEntryFails() throws {
    let file = try reluNetworkNearKink()
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
    // Away from the other convention: outside the one-sided derivatives.
    var wrong = library
    for j in 0..<4 { wrong.biases[0][j] -= other.biases[0][j] >= library.biases[0][j] ? 0.1 : -0.1 }
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: wrong)
    XCTAssertFalse(report.passed)
    XCTAssertEqual(report.failures, 4)
  }
}
