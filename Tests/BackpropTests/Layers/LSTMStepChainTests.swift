import Foundation
import TestSupport
import XCTest
import _Differentiation

@testable import Backprop

/// The LSTM's back-propagation through time step by step: the ∂C/∂h_t and ∂C/∂c_t the
/// backward pass carries (what `nn-explain` prints as the chain through the cell state),
/// against the oracle's reverse mode and central differences of the oracle's plain
/// recurrence from step t on, for C = ⟨g, h_T⟩.
final class LSTMStepChainTests: XCTestCase {
  func testCarriedStateGradientsMatchTheRecurrenceFromEachStep() throws {
    for (steps, features, units, seed) in [(4, 2, 3, UInt64(7)), (5, 1, 2, 8)] {
      let shape = TensorShape.sequence(steps: steps, features: features)
      let c = try LayerCase(.lstm(units: units), input: shape, seed: seed)
      guard let lstm = c.layer as? LSTMLayer else { return XCTFail("not an LSTM layer") }
      let l = PlainLayer(.lstm(units: units), input: [steps, features])
      let (p, x, g) = (c.p, c.x, c.g)
      var recorded: [Int: (dh: [Double], dc: [Double])] = [:]
      _ = lstm.backward(x, parameters: p, outputGradient: g, steps: steps, summed: true) {
        recorded[$0] = ($1, $2)
      }
      XCTAssertEqual(recorded.count, steps)
      // The states after each step by the oracle's recurrence: (h_t, c_t) for t = 0 … T.
      let zero = [Double](repeating: 0, count: units)
      var states = [(h: zero, c: zero)]
      for t in 0..<steps {
        let (h, cell) = states[t]
        var one = l
        one.steps = t + 1
        let hc = plainLSTMSteps(p, 0, x, h, cell, one, from: t)
        states.append((Array(hc[..<units]), Array(hc[units...])))
      }
      for t in 1...steps {
        // C from the states after step t: ⟨g, h_T⟩ of the steps t + 1 … T.
        let tail = { (h: [Double], cell: [Double]) -> Double in
          let hc = plainLSTMSteps(p, 0, x, h, cell, l, from: t)
          return zip(g, hc[..<units]).map(*).reduce(0, +)
        }
        // ∂C/∂h_t, holding c_t.
        let (h, cell) = states[t]
        let dh = plainTangent(
          gradient(at: h) { h in
            let hc = plainLSTMSteps(p, 0, x, h, cell, l, from: t)
            var s = 0.0
            for j in 0..<withoutDerivative(at: units) { s = s + g[j] * hc[j] }
            return s
          }, count: units)
        // ∂C/∂c_t with h_t = o_t ⊙ tanh(c_t) following it (o_t from h_(t−1) and x_t).
        let o = plainGate(p, 0, x, t - 1, states[t - 1].h, l, 3)
        let dc = plainTangent(
          gradient(at: cell) { cell in
            var h: [Double] = []
            for j in 0..<withoutDerivative(at: units) { h.append(o[j] * tanh(cell[j])) }
            let hc = plainLSTMSteps(p, 0, x, h, cell, l, from: t)
            var s = 0.0
            for j in 0..<withoutDerivative(at: units) { s = s + g[j] * hc[j] }
            return s
          }, count: units)
        let label = "T=\(steps) n=\(units), step \(t)"
        guard let step = recorded[t - 1] else { return XCTFail("\(label) not recorded") }
        assertClose(step.dh, dh, rtol: 1e-12, atol: 1e-15, label + " ∂C/∂h_t vs oracle")
        assertClose(step.dc, dc, rtol: 1e-12, atol: 1e-15, label + " ∂C/∂c_t vs oracle")
        // Central differences of the plain recurrence (independent of any reverse mode).
        let e = 1e-6
        let fdh = (0..<units).map { j in
          (tail(h.with(j, h[j] + e), cell) - tail(h.with(j, h[j] - e), cell)) / (2 * e)
        }
        let moved = { (cell: [Double]) in (zip(o, cell).map { $0 * tanh($1) }, cell) }
        let fdc = (0..<units).map { j in
          (tail(moved(cell.with(j, cell[j] + e)).0, cell.with(j, cell[j] + e))
            - tail(moved(cell.with(j, cell[j] - e)).0, cell.with(j, cell[j] - e))) / (2 * e)
        }
        assertClose(step.dh, fdh, rtol: 1e-6, atol: 1e-9, label + " ∂C/∂h_t vs differences")
        assertClose(step.dc, fdc, rtol: 1e-6, atol: 1e-9, label + " ∂C/∂c_t vs differences")
      }
      // The states at T match the library's forward pass.
      assertClose(
        states[steps].h, lstm.forward(x, parameters: p), rtol: 1e-14, atol: 1e-16, "h_T")
    }
  }
}
