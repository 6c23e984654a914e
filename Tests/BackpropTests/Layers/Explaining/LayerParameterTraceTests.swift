import TestSupport
import XCTest

@testable import Backprop

/// `nn-explain --param` on a recurrent weight: ∂C/∂W[i,j] as a sum over the time steps of
/// δ_t[i] times x_t[j] or h_(t−1)[j], each term checked against the layer's own backward
/// pass through that one step (`summed: false`, which keeps only the earliest step's
/// contribution) and the sum against the library's gradient.
final class LayerParameterTraceTests: XCTestCase {
  /// The layer's own gradients of step t alone: the backward through steps T … t with each
  /// step's contribution overwriting the previous.
  func stepGradients(_ s: LayerExplanation.Step, t: Int) throws -> [Double] {
    let g = try XCTUnwrap(s.outputGradient)
    if let rnn = s.layer as? RNNLayer {
      return rnn.backward(
        s.inputValues, parameters: s.parameters, outputGradient: g, steps: rnn.steps - t + 1,
        summed: false
      ).parameters
    }
    let lstm = try XCTUnwrap(s.layer as? LSTMLayer)
    return lstm.backward(
      s.inputValues, parameters: s.parameters, outputGradient: g, steps: lstm.steps - t + 1,
      summed: false
    ).parameters
  }

  /// Checks every weight of the recurrent layer of `arch` (T = 4 steps, 3 features, 2 units):
  /// T terms, each δ_t[i] the step's bias gradient and each product the step's weight
  /// gradient, summing to the library's ∂C/∂W[i,j].
  func checkWeights(_ arch: String, gates: Int) throws {
    let (net, samples) = try random(arch, .crossEntropy, samples: 2, seed: 5)
    let e = LayerExplanation(network: net, samples: samples, traced: 1)
    let step = try XCTUnwrap(e.steps.first { $0.layer is RNNLayer || $0.layer is LSTMLayer })
    let (n, f, steps) = (2, 3, 4)
    let gateSize = n * f + n * n + n
    let exact = net.gradients(of: samples[1])
    for q in 0..<gates {
      for within in 0..<(n * f + n * n) {
        let k = q * gateSize + within
        let index = net.offsets[step.index] + k
        let trace = LayerParameterTrace(e, index: index)
        XCTAssertEqual(trace.terms.count, steps, trace.name)
        XCTAssertEqual(trace.summedOver, "t")
        let i = within < n * f ? within / f : (within - n * f) / n
        for (t, term) in zip(1..., trace.terms) {
          let own = try stepGradients(step, t: t)
          XCTAssertEqual(term.at, "t=\(t)")
          let bias = q * gateSize + n * f + n * n + i
          assertClose([term.gradient], [own[bias]], rtol: 1e-12, atol: 1e-15)
          assertClose([term.gradient * term.input], [own[k]], rtol: 1e-12, atol: 1e-15)
        }
        let sum = trace.terms.reduce(0) { $0 + $1.gradient * $1.input }
        assertClose([sum], [exact[index]], rtol: 1e-12, atol: 1e-15)
        let text = trace.text(sample: 1, format: NumberFormat(digits: 6)).joined(separator: " ")
        XCTAssertTrue(text.contains("4 terms over t:"), text)
        XCTAssertTrue(text.contains("t=4 "), text)
      }
    }
  }

  func testAnRNNWeightIsASumOverTheSteps() throws {
    try checkWeights("input 4x3, rnn 2, dense 1, sigmoid", gates: 1)
  }

  func testAnLSTMWeightIsASumOverTheSteps() throws {
    try checkWeights("input 4x3, lstm 2, dense 1, sigmoid", gates: 4)
  }

  func testTheInputFactorsAreTheSequenceAndTheStatesBefore() throws {
    let (net, samples) = try random("input 4x3, rnn 2, dense 1, sigmoid", .crossEntropy, seed: 6)
    let e = LayerExplanation(network: net, samples: samples, traced: 0)
    let x = samples[0].input
    // Wx1[1,2]: x_t[2]; Wh1[0,1]: h_(t−1)[1], h_0 = 0.
    let wx = LayerParameterTrace(e, index: 1 * 3 + 2)
    XCTAssertEqual(wx.terms.map(\.input), (0..<4).map { x[$0 * 3 + 2] })
    XCTAssertEqual(wx.factorNames.0, "δ_t[1]")
    XCTAssertEqual(wx.factorNames.1, "x_t[2]")
    let wh = LayerParameterTrace(e, index: 6 + 0 * 2 + 1)
    XCTAssertEqual(wh.terms.first?.input, 0)
    XCTAssertEqual(wh.factorNames.1, "h_(t−1)[1]")
    // h_1[1] = tanh(Wx[1,:]·x_1 + b[1]) by hand, the second step's factor.
    let p = net.parameters
    let h1 = tanh(p[10 + 1] + (0..<3).reduce(0) { $0 + p[3 + $1] * x[$1] })
    XCTAssertEqual(wh.terms[1].input, h1, accuracy: 1e-14)
  }
}
