import Backprop
import TestSupport
import XCTest

/// The named mistakes of convolution and recurrent layers, each built independently of the
/// library's hypotheses, caught by the check and named by the diagnosis.
final class LayerMistakesTests: XCTestCase {
  func report(_ net: LayeredNetwork, _ samples: [Sample], _ g: [Double]) throws
    -> LayerCheckReport
  {
    try LayeredGradientCheck.run(network: net, samples: samples, analytic: g)
  }

  func testFlippedKernelGradientIsNamed() throws {
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse("input 2x5x5, conv 2 3x3, tanh, flatten, dense 2, identity"),
      cost: .quadratic, sampleCount: 2, seed: 8)
    var g = net.gradients(over: samples)
    let correct = g
    // K[f,c,i,j] gets the correct value of K[f,c,2−i,2−j]: convolution in place of
    // cross-correlation.
    for f in 0..<2 {
      for c in 0..<2 {
        for i in 0..<3 {
          for j in 0..<3 {
            g[((f * 2 + c) * 3 + i) * 3 + j] = correct[((f * 2 + c) * 3 + 2 - i) * 3 + 2 - j]
          }
        }
      }
    }
    let r = try report(net, samples, g)
    XCTAssertFalse(r.passed)
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.flippedKernel])
    XCTAssertEqual(r.diagnosis.first?.site, "layer 1 (conv 2 3x3)")
  }

  /// A plain Elman forward (h_t = tanh(Wx x_t + Wh h_(t−1) + b)) in which only the last
  /// step reads `last`; the others read `early`.
  func rnnOutput(
    _ x: [Double], steps: Int, features: Int, units n: Int, early: [Complex],
    last: [Complex]
  ) -> [Complex] {
    var h = [Complex](repeating: Complex(0), count: n)
    for t in 0..<steps {
      let p = t == steps - 1 ? last : early
      h = (0..<n).map { i in
        var s = p[n * features + n * n + i]
        for k in 0..<features { s = s + p[i * features + k] * Complex(x[t * features + k]) }
        for j in 0..<n { s = s + p[n * features + i * n + j] * h[j] }
        return Complex.tanh(s)
      }
    }
    return h
  }

  func testTruncatedBPTTIsNamed() throws {
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse("input 4x2, rnn 3, dense 1, identity"), cost: .quadratic,
      sampleCount: 1, seed: 4)
    // The truncated gradient of the rnn's tensors: the complex step through the last step
    // only (the earlier steps hold the parameters fixed).
    var g = net.gradients(over: samples)
    let rnnCount = 3 * 2 + 9 + 3
    let theta = net.parameters.map { Complex($0) }
    let s = samples[0]
    for j in 0..<rnnCount {
      var last = Array(theta[0..<rnnCount])
      last[j].im = 1e-20
      let h = rnnOutput(
        s.input, steps: 4, features: 2, units: 3, early: Array(theta[0..<rnnCount]), last: last)
      var y = theta[rnnCount + 3]
      for i in 0..<3 { y = y + theta[rnnCount + i] * h[i] }
      let d = y - Complex(s.target[0])
      g[j] = (Complex(0.5) * d * d).im / 1e-20
    }
    let r = try report(net, samples, g)
    XCTAssertFalse(r.passed)
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.truncatedBPTT])
    // The rnn is the first layer with parameters: a missing sum over time that keeps the
    // last step gives the same gradients, and the finding says so.
    XCTAssertEqual(r.diagnosis.first?.indistinguishableFrom, [.missingSumOverTime])
    let message = try XCTUnwrap(r.diagnosis.first?.message())
    XCTAssertTrue(message.contains("or, giving the same gradients here, missing-sum-over-time"))
  }

  func testMissingSumOverTimeIsCaught() throws {
    // The parameter gradients of the first step alone (the loop that runs backwards ends
    // there and overwrites): caught, and named.
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse("input 3x2, lstm 2, dense 1, sigmoid"), cost: .quadratic,
      sampleCount: 1, seed: 6)
    let full = net.gradients(over: samples)
    let mistaken = LayerMistakesTests.firstStepOnly(net, samples)
    XCTAssertNotEqual(mistaken, full)
    let r = try report(net, samples, mistaken)
    XCTAssertFalse(r.passed)
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.missingSumOverTime])
  }

  /// The LSTM tensors' gradients with only step 1's contribution: by the chain rule, the
  /// contribution of step 1 is the complex step with the parameters perturbed at step 1 only.
  static func firstStepOnly(_ net: LayeredNetwork, _ samples: [Sample]) -> [Double] {
    var g = net.gradients(over: samples)
    guard let lstm = net.layers[0] as? LSTMLayer else { return g }
    let count = lstm.parameterCount
    let s = samples[0]
    for j in 0..<count {
      var theta = net.parameters.map { Complex($0) }
      theta[j].im = 1e-20
      g[j] = perturbFirstStep(lstm, s, theta: theta, plain: net.parameters, net: net) / 1e-20
    }
    return g
  }

  /// Im C with `theta` (complex) read at step 1 and `plain` at the later steps, by a plain
  /// LSTM forward written here.
  static func perturbFirstStep(
    _ lstm: LSTMLayer, _ s: Sample, theta: [Complex], plain: [Double], net: LayeredNetwork
  ) -> Double {
    let (n, f) = (lstm.units, lstm.features)
    let gate = n * f + n * n + n
    var h = [Complex](repeating: Complex(0), count: n)
    var c = h
    for t in 0..<lstm.steps {
      let p = t == 0 ? theta : plain.map { Complex($0) }
      var gates: [[Complex]] = []
      for q in 0..<4 {
        gates.append(
          (0..<n).map { i in
            var z = p[q * gate + n * f + n * n + i]
            for k in 0..<f { z = z + p[q * gate + i * f + k] * Complex(s.input[t * f + k]) }
            for j in 0..<n { z = z + p[q * gate + n * f + i * n + j] * h[j] }
            return q == 2 ? Complex.tanh(z) : Complex(1) / (Complex(1) + Complex.exp(-z))
          })
      }
      c = (0..<n).map { gates[1][$0] * c[$0] + gates[0][$0] * gates[2][$0] }
      h = (0..<n).map { gates[3][$0] * Complex.tanh(c[$0]) }
    }
    let base = lstm.parameterCount
    var z = Complex(plain[base + n])
    for i in 0..<n { z = z + Complex(plain[base + i]) * h[i] }
    let a = Complex(1) / (Complex(1) + Complex.exp(-z))
    let d = a - Complex(s.target[0])
    return (Complex(0.5) * d * d).im
  }

  /// A plain forward of `input 1x4x4, conv 2 2x2, tanh, conv 2 2x2, flatten, dense 1,
  /// identity` in `Complex` in which the second convolution's filters other than the last
  /// read the real part of their input: the complex step through it gives the gradients of
  /// the layers before as a backward pass that keeps only the last filter's terms of
  /// ∂C/∂input (the loop over filters overwrites instead of adding).
  static func lastFilterOnly(_ net: LayeredNetwork, _ s: Sample, _ theta: [Complex]) -> Complex {
    let slots = net.tensorSlots
    func t(_ k: Int, _ i: Int) -> Complex { theta[slots[k].offset + i] }
    var a1 = [Complex](repeating: Complex(0), count: 2 * 3 * 3)
    for f in 0..<2 {
      for u in 0..<3 {
        for v in 0..<3 {
          var z = t(1, f)
          for i in 0..<2 {
            for j in 0..<2 {
              z = z + t(0, f * 4 + i * 2 + j) * Complex(s.input[(u + i) * 4 + v + j])
            }
          }
          a1[(f * 3 + u) * 3 + v] = Complex.tanh(z)
        }
      }
    }
    var flat = [Complex](repeating: Complex(0), count: 2 * 2 * 2)
    for f in 0..<2 {
      let input = f == 1 ? a1 : a1.map { Complex($0.re) }
      for u in 0..<2 {
        for v in 0..<2 {
          var z = t(3, f)
          for c in 0..<2 {
            for i in 0..<2 {
              for j in 0..<2 {
                z = z + t(2, ((f * 2 + c) * 2 + i) * 2 + j) * input[(c * 3 + u + i) * 3 + v + j]
              }
            }
          }
          flat[(f * 2 + u) * 2 + v] = z
        }
      }
    }
    var y = t(5, 0)
    for k in 0..<8 { y = y + t(4, k) * flat[k] }
    let d = y - Complex(s.target[0])
    return Complex(0.5) * d * d
  }

  func testMissingSumOverFiltersIsNamed() throws {
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse("input 1x4x4, conv 2 2x2, tanh, conv 2 2x2, flatten, dense 1, identity"),
      cost: .quadratic, sampleCount: 1, seed: 3)
    var g = net.gradients(over: samples)
    let theta = net.parameters.map { Complex($0) }
    // The first convolution's tensors, by the complex step through the plain forward.
    for i in 0..<net.tensorSlots[2].offset {
      var p = theta
      p[i].im = 1e-20
      g[i] = LayerMistakesTests.lastFilterOnly(net, samples[0], p).im / 1e-20
    }
    // Without the cut the plain forward is the network's: its cost, to rounding.
    assertClose(
      [LayerMistakesTests.lastFilterOnly(net, samples[0], theta).re], [net.cost(over: samples)],
      rtol: 1e-12, atol: 1e-14)
    let r = try report(net, samples, g)
    XCTAssertFalse(r.passed)
    XCTAssertEqual(Set(r.failedEntries.map(\.tensor)).subtracting(["K1", "b1"]), [])
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.missingSumOverFilters])
    XCTAssertEqual(r.diagnosis.first?.site, "layer 2 (conv 2 2x2)")
  }

  func testAnErrorNoMistakeFitsIsSaidWithTheLargestRelativeError() throws {
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse("input 1x4x4, conv 2 2x2, tanh, flatten, dense 2, identity"),
      cost: .quadratic, sampleCount: 2, seed: 2)
    var g = net.gradients(over: samples)
    // Two entries off by unrelated amounts: no mistake of the list reproduces that.
    let k = try XCTUnwrap(net.parameterIndex(named: "K1[1,0,1,0]"))
    let w = try XCTUnwrap(net.parameterIndex(named: "W3[0,5]"))
    let relK = 0.3 / 1.3
    g[k] *= 1.3
    g[w] += 0.01
    let r = try report(net, samples, g)
    XCTAssertFalse(r.passed)
    XCTAssertTrue(r.diagnosis.isEmpty)
    XCTAssertTrue(r.unexplained)
    let worst = try XCTUnwrap(r.worstFailure)
    let relW = abs(0.01) / max(abs(g[w]), abs(g[w] - 0.01))
    XCTAssertEqual(worst.name, relK > relW ? "K1[1,0,1,0]" : "W3[0,5]")
    let text = r.text()
    let line = try XCTUnwrap(
      text.split(separator: "\n").first { $0.contains("largest relative error") })
    XCTAssertTrue(text.contains("\nDiagnosis: unknown (no known mistake fits)"), text)
    XCTAssertTrue(
      line.contains(NumberFormat.scientific(max(relK, relW), digits: 2)), text)
    XCTAssertTrue(
      text.replacingOccurrences(of: "\n  ", with: " ").contains("(failing: K1, W³)."), text)
    for l in text.split(separator: "\n") { XCTAssertLessThanOrEqual(l.count, 80, "\(l)") }
    XCTAssertTrue(r.markdown().contains("- **unknown** (no known mistake fits)"))
    XCTAssertNotNil(r.json()["unexplained"])
  }
}
