import TestSupport
import XCTest

@testable import Backprop

/// Networks whose relu / leaky-relu pre-activations sit within 1e-6 of their kink.
final class KinkTests: XCTestCase {
  /// A random network with hidden `activation`, then every hidden unit of `layer` moved so
  /// that its pre-activation for sample 0 is one of `offsets` (cycled), all |offset| < 1e-6.
  private func nearKink(
    _ activation: Activation, sizes: [Int], layer: Int = 1,
    offsets: [Double] = [1e-7, -4e-7, 9e-7, -2e-8]
  ) throws -> NetworkFile {
    var file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: sizes, hiddenActivation: activation, outputActivation: .identity,
        cost: .quadratic, sampleCount: 3, seed: 21))
    let z = file.network.forward(file.samples[0].input).z[layer]
    for j in 0..<z.count {
      file.network.biases[layer - 1][j] += offsets[j % offsets.count] - z[j]
    }
    let moved = file.network.forward(file.samples[0].input).z[layer]
    for (j, v) in moved.enumerated() {
      XCTAssertLessThan(abs(v), 1e-6, "setup: z[\(layer)][\(j)] = \(v)")
    }
    return file
  }

  func testCorrectGradientsPassWithKinksReported() throws {
    for activation in [Activation.relu, .leakyReLU] {
      for (sizes, layer) in [([3, 4, 2], 1), ([3, 4, 4, 2], 2), ([3, 4, 4, 2], 1)] {
        let file = try nearKink(activation, sizes: sizes, layer: layer)
        let g = file.network.gradients(over: file.samples)
        for method in FiniteDifferenceMethod.allCases where !method.isComplex {
          let report = try GradientCheck.run(
            network: file.network, samples: file.samples, analytic: g,
            options: GradientCheckOptions(method: method))
          XCTAssertEqual(
            report.failures, 0,
            "\(activation) \(sizes) layer \(layer) \(method): \(report.failedEntries.prefix(3))")
          XCTAssertGreaterThan(report.kinks, 0, "\(activation) \(sizes) \(method)")
          XCTAssertTrue(report.passed)
          // Every kinked bias of the moved layer was re-checked and the re-check agrees.
          for e in report.entries where e.status == .kink && !e.index.isWeight {
            XCTAssertEqual(e.recheck?.agrees, true, "\(e.index) \(String(describing: e.recheck))")
          }
        }
      }
    }
  }

  /// Without the kink detection the same check would fail: the kinks are real.
  func testKinkedEntriesReallyDisagree() throws {
    let file = try nearKink(.relu, sizes: [3, 4, 2])
    let g = file.network.gradients(over: file.samples)
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g)
    let tolerance = report.tolerance
    let disagreeing = report.entries.filter {
      $0.status == .kink && !tolerance.accepts($0.analytic, $0.numeric)
    }
    XCTAssertFalse(disagreeing.isEmpty)
  }

  func testWrongNonKinkParameterStillFails() throws {
    for activation in [Activation.relu, .leakyReLU] {
      let file = try nearKink(activation, sizes: [3, 4, 2])
      var g = file.network.gradients(over: file.samples)
      // W² does not move any hidden pre-activation, so it is never a kink.
      let wrong = ParameterIndex(layer: 2, kind: .weight(row: 1, column: 2), columns: 4)
      g[wrong] = g[wrong] * 1.5 + 0.01
      let report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: g)
      XCTAssertFalse(report.passed)
      XCTAssertEqual(report.failedEntries.map(\.index), [wrong])
      XCTAssertGreaterThan(report.kinks, 0)
    }
  }

  func testComplexStepSeesNoKinks() throws {
    let file = try nearKink(.relu, sizes: [3, 4, 4, 2], layer: 2)
    let g = file.network.gradients(over: file.samples)
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(method: .complexStep))
    XCTAssertEqual(report.kinks, 0)
    XCTAssertTrue(report.passed, "\(report.failedEntries.prefix(3))")
  }

  func testKinkMargin() throws {
    let file = try nearKink(.relu, sizes: [3, 4, 2])
    let margin = try XCTUnwrap(file.network.kinkMargin(over: file.samples))
    XCTAssertLessThanOrEqual(margin, 2e-8 * 1.01)
    let smooth = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 2]))
    XCTAssertNil(smooth.network.kinkMargin(over: smooth.samples))
  }
}

/// ELU is smooth once but its second derivative jumps at 0, so five-point and Richardson
/// stencils that straddle 0 lose their error order; they fall back to central differences.
final class CreaseTests: XCTestCase {
  func testHigherOrderMethodsPassAcrossEluCrease() throws {
    for offset in [3e-4, -5e-4, 2e-3] {
      var file = try NetworkFile.random(
        RandomNetworkSpec(
          sizes: [4, 5, 3], hiddenActivation: .elu, outputActivation: .identity,
          cost: .quadratic, sampleCount: 2, seed: 9))
      let z = file.network.forward(file.samples[0].input).z[1]
      for j in 0..<z.count { file.network.biases[0][j] += offset - z[j] }
      let g = file.network.gradients(over: file.samples)
      for method in [FiniteDifferenceMethod.fivePoint, .richardson, .central] {
        let report = try GradientCheck.run(
          network: file.network, samples: file.samples, analytic: g,
          options: GradientCheckOptions(method: method))
        XCTAssertTrue(report.passed, "\(method) \(offset): \(report.failedEntries.prefix(2))")
        XCTAssertEqual(report.kinks, 0)
      }
    }
  }
}

/// The re-check of kinked entries with steps clear of every kink: wrong gradients fail at
/// kinks, either relu′(0) convention passes, and the search takes the first clear step.
final class KinkRecheckTests: XCTestCase {
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
    var wrong = library
    for j in 0..<4 { wrong.biases[0][j] += 0.1 }
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: wrong)
    XCTAssertFalse(report.passed)
    XCTAssertEqual(report.failures, 4)
  }
}

/// Kinks in float precision: pre-activations that float rounding puts on the other side.
final class FloatKinkTests: XCTestCase {
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
}

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
