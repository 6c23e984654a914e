import Backprop
import XCTest

/// RPROP's step-size rules on one parameter, worked by hand.
///
/// The network is 1-1 with the identity activation and the quadratic cost, its bias frozen
/// at 0, one sample x = 1, y = 0: C(w) = ½ w², so ∂C/∂w = w and only its sign matters.
/// From w = 1 with η⁺ = 1.2, η⁻ = 0.5, Δ₀ = 0.1, the steps grow 0.1, 0.12, 0.144, 0.1728,
/// 0.20736, 0.248832, 0.2985984 while w stays positive: w = 0.9, 0.78, 0.636, 0.4632,
/// 0.25584, 0.007008, −0.2915904. The 8th gradient is negative: the sign changed.
final class RpropTests: XCTestCase {
  private func weights(_ variant: RpropParameters.Variant, maximumStep: Double = 50, steps: Int)
    throws -> [Double]
  {
    var network = try Network(
      sizes: [1, 1], activations: [.identity], cost: .quadratic,
      weights: [Matrix(rows: 1, columns: 1, storage: [1])], biases: [[0]])
    var state = OptimizerState(
      .rprop(RpropParameters(maximumStep: maximumStep, variant: variant)), learningRate: 0,
      freezeBiases: true, for: network)
    var out: [Double] = []
    for _ in 0..<steps {
      _ = network.descend(
        on: [Sample(input: [1], target: [0])], order: .parallel, state: &state)
      out.append(network.weights[0][0, 0])
    }
    return out
  }

  private let growing = [0.9, 0.78, 0.636, 0.4632, 0.25584, 0.007008, -0.2915904]

  func testRpropPlusTakesTheStepBackOnASignChange() throws {
    let w = try weights(.backtracking, steps: 10)
    // 8: Δ = 0.1492992, w takes back its last step (−0.2985984) to 0.007008, gradient
    //    forgotten. 9: neutral, Δ kept: w = 0.007008 − 0.1492992 = −0.1422912.
    // 10: sign change again: Δ = 0.0746496, step taken back: w = 0.007008.
    let expected = growing + [0.007008, -0.1422912, 0.007008]
    for (i, (a, e)) in zip(w, expected).enumerated() {
      XCTAssertEqual(a, e, accuracy: 1e-12, "step \(i + 1)")
    }
  }

  func testIRpropMinusHoldsStillOnceOnASignChange() throws {
    let w = try weights(.improvedMinus, steps: 10)
    // 8: Δ = 0.1492992, gradient set to 0, w stays −0.2915904.
    // 9: neutral, Δ kept: w = −0.2915904 + 0.1492992 = −0.1422912.
    // 10: same sign as 9: Δ = 0.17915904, w = −0.1422912 + 0.17915904 = 0.03686784.
    let expected = growing + [-0.2915904, -0.1422912, 0.03686784]
    for (i, (a, e)) in zip(w, expected).enumerated() {
      XCTAssertEqual(a, e, accuracy: 1e-12, "step \(i + 1)")
    }
  }

  func testStepSizesStopAtTheMaximum() throws {
    // Δmax = 0.13: steps 0.1, 0.12, then 0.13 for good: w = 0.9, 0.78, 0.65, 0.52.
    let w = try weights(.backtracking, maximumStep: 0.13, steps: 4)
    for (a, e) in zip(w, [0.9, 0.78, 0.65, 0.52]) { XCTAssertEqual(a, e, accuracy: 1e-12) }
  }

  func testThePapersConstantsAreTheDefaults() {
    let p = RpropParameters()
    XCTAssertEqual(
      [p.increase, p.decrease, p.initialStep, p.maximumStep, p.minimumStep],
      [1.2, 0.5, 0.1, 50, 1e-6])
    XCTAssertEqual(p.variant, .backtracking)
  }
}
