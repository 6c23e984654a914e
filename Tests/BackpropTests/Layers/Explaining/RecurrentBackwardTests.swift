import TestSupport
import XCTest

@testable import Backprop

/// Back-propagation through time as `nn-explain` prints it, step by step, against the
/// complex step (no backward pass): each step's ∂C/∂x_t, and the bias gradients as the
/// sums of the steps' δ.
final class RecurrentBackwardTests: XCTestCase {
  private func assertClose(_ a: [Double], _ b: [Double], _ message: String) {
    XCTAssertEqual(a.count, b.count, message)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-12 * max(1, abs(y)), message) }
  }

  func testTheRNNStepsAddUpToTheGradients() throws {
    let c = try LayerCase(.rnn(units: 3), input: .sequence(steps: 4, features: 2), seed: 11)
    let rnn = try XCTUnwrap(c.layer as? RNNLayer)
    let r = RecurrentBackward(rnn, input: c.x, parameters: c.p, outputGradient: c.g)
    let reference = c.complexStepVJP()
    XCTAssertEqual(r.steps.map(\.t), [4, 3, 2, 1])
    XCTAssertEqual(r.steps[0].hidden, c.g)
    for step in r.steps {
      let t = step.t - 1
      assertClose(step.input, Array(reference.input[(t * 2)..<(t * 2 + 2)]), "x_\(step.t)")
    }
    let bias = (0..<3).map { i in r.steps.reduce(0.0) { $0 + $1.deltas[0][i] } }
    assertClose(bias, Array(reference.parameters.suffix(3)), "Σ_t δ_t = ∂C/∂b")
  }

  func testTheLSTMStepsAddUpToTheGradientsThroughTheCellState() throws {
    let c = try LayerCase(.lstm(units: 2), input: .sequence(steps: 3, features: 2), seed: 12)
    let lstm = try XCTUnwrap(c.layer as? LSTMLayer)
    let r = RecurrentBackward(lstm, input: c.x, parameters: c.p, outputGradient: c.g)
    let reference = c.complexStepVJP()
    for step in r.steps {
      let t = step.t - 1
      assertClose(step.input, Array(reference.input[(t * 2)..<(t * 2 + 2)]), "x_\(step.t)")
    }
    // Gate q's bias block ends each gate's n·F + n·n + n parameters.
    let gate = 2 * 2 + 2 * 2 + 2
    for q in 0..<4 {
      let bias = (0..<2).map { i in r.steps.reduce(0.0) { $0 + $1.deltas[q][i] } }
      let start = q * gate + gate - 2
      assertClose(bias, Array(reference.parameters[start..<(start + 2)]), "gate \(q)")
    }
    // Without a gradient at the cell state from later steps, the last step's ∂C/∂c_T is
    // ∂C/∂h_T ⊙ o_T ⊙ (1 − tanh² c_T).
    let last = lstm.run(c.x, c.p)[2]
    for i in 0..<2 {
      let tc = Double.tanh(last.c[i])
      XCTAssertEqual(r.steps[0].cell[i], c.g[i] * last.gates[3][i] * (1 - tc * tc), accuracy: 1e-15)
      XCTAssertEqual(r.steps[0].forget[i], last.gates[1][i])
    }
  }
}
