import Backprop
import TestSupport
import XCTest

/// The seed notes' convolution backward pass, with its three bugs, transliterated into
/// plain loops (independent of the library's backward passes and of its mistake
/// hypotheses), written as a gradient file for a small network, and checked.
///
/// The seed: `d_next_layer = relu_derivative(self.output)` (the incoming gradient
/// overwritten by the ReLU derivative of the layer's own output); `dfilters += self.output
/// [window] * d_next_layer` (the filter gradient from the outputs instead of the inputs);
/// `self.filters += learning_rate * dfilters` (the filters moved up the gradient, so the
/// gradient it follows is −dfilters).
final class SeedConvolutionBugTests: XCTestCase {
  struct Bugs {
    var overwrite = false
    var fromOutputs = false
    /// The variant: filter q's gradient read from its own output channel q.
    var fromOwnOutputs = false
    var upTheGradient = false
    /// The bias gradient from the right δ (the seed has no bias; a student adding one may
    /// get it right while the filter gradient keeps the bugs).
    var biasFromRightDelta = false
    /// The outputs read before the relu: z instead of a.
    var beforeRelu = false
  }

  static let architecture = "input 1x5x5, conv 2 3x3, relu, flatten, dense 2, identity"

  func network() throws -> (LayeredNetwork, [Sample]) {
    try LayeredNetwork.random(
      Architecture.parse(SeedConvolutionBugTests.architecture), cost: .mse, sampleCount: 2,
      seed: 5)
  }

  /// The student's gradients: a dense backward in plain loops, then the seed's convolution
  /// backward with the chosen bugs.
  func studentGradients(_ net: LayeredNetwork, _ samples: [Sample], _ bugs: Bugs) -> [Double] {
    let (f, kh, n, side, out) = (2, 3, 2, 5, 3)
    let kernelCount = f * kh * kh
    let dense = kernelCount + f
    var grad = [Double](repeating: 0, count: net.parameterCount)
    for s in samples {
      let p = net.parameters
      // Forward: z = K ⋆ x + b (valid), a = relu(z), y = W a + c.
      var z = [Double](repeating: 0, count: f * out * out)
      for q in 0..<f {
        for y in 0..<out {
          for x in 0..<out {
            var sum = p[kernelCount + q]
            for i in 0..<kh {
              for j in 0..<kh { sum += p[q * 9 + i * 3 + j] * s.input[(y + i) * side + x + j] }
            }
            z[(q * out + y) * out + x] = sum
          }
        }
      }
      let a = z.map { max($0, 0) }
      let m = a.count
      var yOut = [Double](repeating: 0, count: n)
      for r in 0..<n {
        yOut[r] = p[dense + n * m + r]
        for k in 0..<m { yOut[r] += p[dense + r * m + k] * a[k] }
      }
      // mse: ∂C/∂y = 2 (y − t) / n; dense gradients and ∂C/∂a = Wᵀ δ.
      let delta = (0..<n).map { 2 * (yOut[$0] - s.target[$0]) / Double(n) }
      var da = [Double](repeating: 0, count: m)
      for r in 0..<n {
        for k in 0..<m {
          grad[dense + r * m + k] += delta[r] * a[k]
          da[k] += p[dense + r * m + k] * delta[r]
        }
        grad[dense + n * m + r] += delta[r]
      }
      // The seed's convolution backward.
      let dz =
        bugs.overwrite
        ? a.map { $0 > 0 ? 1.0 : 0 } : (0..<m).map { da[$0] * (z[$0] > 0 ? 1 : 0) }
      for q in 0..<f {
        for y in 0..<out {
          for x in 0..<out {
            let d = dz[(q * out + y) * out + x]
            let right = da[(q * out + y) * out + x] * (z[(q * out + y) * out + x] > 0 ? 1 : 0)
            grad[kernelCount + q] += bugs.biasFromRightDelta ? right : d
            for i in 0..<kh {
              for j in 0..<kh {
                // From the outputs: the relu output of channel 0 over the input's positions
                // (zero where the 3×3 output has no entry).
                let (u, v) = (y + i, x + j)
                let channel = bugs.fromOwnOutputs ? q : 0
                let read = bugs.beforeRelu ? z : a
                let source =
                  bugs.fromOutputs || bugs.fromOwnOutputs
                  ? (u < out && v < out ? read[(channel * out + u) * out + v] : 0)
                  : s.input[u * side + v]
                grad[q * 9 + i * 3 + j] += source * d
              }
            }
          }
        }
      }
    }
    var mean = grad.map { $0 / Double(samples.count) }
    if bugs.upTheGradient { for k in 0..<kernelCount { mean[k] = -mean[k] } }
    return mean
  }

  /// Writes the gradients as a gradient file, reads it back, and checks them.
  func check(_ bugs: Bugs) throws -> LayerCheckReport {
    let (net, samples) = try network()
    let g = studentGradients(net, samples, bugs)
    let text = LayeredGradientFile.json(g, cost: nil, of: net).pretty
    let read = try LayeredGradientFile.read(json: text, for: net)
    return try LayeredGradientCheck.run(network: net, samples: samples, analytic: read.gradients)
  }

  func testTheTransliterationWithoutBugsPasses() throws {
    let (net, samples) = try network()
    XCTAssertEqual(net.parameterCount, 20 + 2 * 18 + 2)
    assertClose(
      studentGradients(net, samples, Bugs()), net.gradients(over: samples), rtol: 1e-12,
      atol: 1e-14)
    XCTAssertTrue(try check(Bugs()).passed)
  }

  func testAllThreeBugsAreCaughtAndNamed() throws {
    let report = try check(Bugs(overwrite: true, fromOutputs: true, upTheGradient: true))
    XCTAssertFalse(report.passed)
    let byName = Dictionary(uniqueKeysWithValues: report.tensors.map { ($0.name, $0) })
    XCTAssertGreaterThan(byName["K1"]?.failures ?? 0, 0)
    XCTAssertGreaterThan(byName["b1"]?.failures ?? 0, 0)
    XCTAssertEqual(byName["W3"]?.failures, 0)
    XCTAssertEqual(
      Set(report.diagnosis.map(\.mistake)),
      [.derivativeOverwritesGradient, .filterGradientFromOutputs, .wrongSign])
    XCTAssertEqual(
      Set(report.diagnosis.map(\.site)), ["layer 1 (relu)", "layer 1 (conv 2 3x3)", "K1"])
  }

  func testEachBugAloneIsCaughtAndNamed() throws {
    let cases: [(Bugs, LayerMistake)] = [
      (Bugs(overwrite: true), .derivativeOverwritesGradient),
      (Bugs(fromOutputs: true), .filterGradientFromOutputs),
      (Bugs(fromOwnOutputs: true), .filterGradientFromOwnOutputs),
      (Bugs(upTheGradient: true), .wrongSign),
    ]
    for (bugs, mistake) in cases {
      let report = try check(bugs)
      XCTAssertFalse(report.passed, "\(mistake)")
      XCTAssertEqual(report.diagnosis.map(\.mistake), [mistake])
    }
  }

  func testTheOwnOutputVariantIsNamedWithTheOtherTwoBugs() throws {
    let report = try check(Bugs(overwrite: true, fromOwnOutputs: true, upTheGradient: true))
    XCTAssertFalse(report.passed)
    XCTAssertEqual(
      Set(report.diagnosis.map(\.mistake)),
      [.derivativeOverwritesGradient, .filterGradientFromOwnOutputs, .wrongSign])
  }

  func testTheThreeBugsWithARightBiasGradientAreStillNamed() throws {
    let report = try check(
      Bugs(overwrite: true, fromOutputs: true, upTheGradient: true, biasFromRightDelta: true))
    XCTAssertFalse(report.passed)
    XCTAssertEqual(Set(report.failedEntries.map(\.tensor)), ["K1"])
    XCTAssertEqual(
      Set(report.diagnosis.map(\.mistake)),
      [.derivativeOverwritesGradient, .filterGradientFromOutputs, .wrongSign])
  }

  func testOutputsReadBeforeTheReluAreNamed() throws {
    let cases: [(Bugs, Set<LayerMistake>)] = [
      (
        Bugs(overwrite: true, fromOutputs: true, upTheGradient: true, beforeRelu: true),
        [.derivativeOverwritesGradient, .filterGradientFromPreActivationOutputs, .wrongSign]
      ),
      (Bugs(fromOutputs: true, beforeRelu: true), [.filterGradientFromPreActivationOutputs]),
      (Bugs(fromOwnOutputs: true, beforeRelu: true), [.filterGradientFromOwnPreActivationOutputs]),
    ]
    for (bugs, mistakes) in cases {
      let report = try check(bugs)
      XCTAssertFalse(report.passed, "\(mistakes)")
      XCTAssertEqual(Set(report.diagnosis.map(\.mistake)), mistakes)
    }
  }
}
