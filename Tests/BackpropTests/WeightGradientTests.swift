import Backprop
import XCTest

/// The last step of the chain, ∂C/∂W^l = δ^l (a^(l−1))ᵀ and ∂C/∂b^l = δ^l.
final class WeightGradientTests: XCTestCase {
  func testWeightGradientAccumulatesTheOuterProduct() {
    let step = WeightGradient(layer: 2, delta: [2, -1], previousActivation: [0.5, 3, 4])
    var w = Matrix(rows: 2, columns: 3, repeating: 1)
    var b = [10.0, 20.0]
    step.accumulate(into: &w, biases: &b, scale: 0.5)
    // 1 + 0.5 · δ_j a_k, worked by hand.
    XCTAssertEqual(w.storage, [1.5, 4, 5, 0.75, -0.5, -1])
    XCTAssertEqual(b, [11, 19.5])
  }
}
