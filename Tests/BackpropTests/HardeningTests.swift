import Backprop
import Foundation
import XCTest

/// Cases found by independent review: saturated softmax, degenerate networks, huge files.
final class HardeningTests: XCTestCase {
  /// A 1-2 softmax network with logits ±10: one output is 1 − 2e-9.
  func testSoftmaxBackwardKeepsItsDigitsNearOne() throws {
    let net = try Network(
      sizes: [1, 2], activations: [.softmax], cost: .quadratic,
      weights: [Matrix(rows: 2, columns: 1, storage: [10, -10])], biases: [[0, 0]])
    let samples = [Sample(input: [1], target: [0, 1])]
    let g = net.gradients(over: samples)
    // ±4.12230721938699022926e-09, computed with 60-digit arithmetic (mpmath).
    let reference = 4.12230721938699022926e-09
    XCTAssertEqual(g.biases[0][0], reference, accuracy: 1e-14 * reference)
    XCTAssertEqual(g.biases[0][1], -reference, accuracy: 1e-14 * reference)
    // The dense Jacobian's diagonal a(1 − a) keeps its digits too: the chain agrees.
    let trace = net.forward(samples[0].input)
    let chain = net.chainRule(forDeltaOf: 1, trace: trace, target: samples[0].target)
    XCTAssertEqual(chain.evaluate()[0], reference, accuracy: 1e-14 * reference)
  }

  func testSaturatedSoftmaxDeepNetworkMatchesHighPrecisionValues() throws {
    // elu → softmax with large weights: δ² is tiny (one output is 1 − 1e-22) and every
    // gradient of layer 1 depends on its exact value. Even the complex step (and JAX) lose
    // digits here, in the normalisation of the softmax.
    let net = try Network(
      sizes: [2, 3, 3], activations: [.elu, .softmax], cost: .mse,
      weights: [
        Matrix(rows: 3, columns: 2, storage: [3, -2, 1, 4, -5, 2]),
        Matrix(rows: 3, columns: 3, storage: [9, 1, -4, -8, 2, 3, 1, -9, 7]),
      ],
      biases: [[0.5, -0.5, 0.1], [2, -3, 1]])
    let g = net.gradients(over: [Sample(input: [1.5, -0.5], target: [0.2, 0.3, 0.5])])
    // Naive backprop in 80-digit arithmetic (mpmath), rounded to 20 digits.
    let w1: [Double] = [
      5.0781248724977088612e-23, -1.6927082908325696204e-23, 2.3351721753665736589e-23,
      -7.7839072512219121964e-24, -1.5701184838963454191e-26, 5.2337282796544847303e-27,
    ]
    let b1 = [3.3854165816651392408e-23, 1.5567814502443824393e-23, -1.0467456559308969461e-26]
    let b2 = [4.231770727081424051e-24, -1.207501361208934239e-50, -4.231770727081424051e-24]
    for (actual, expected) in zip(g.weights[0].storage + g.biases[0] + g.biases[1], w1 + b1 + b2) {
      XCTAssertEqual(actual, expected, accuracy: 1e-12 * abs(expected) + 1e-60)
    }
  }

  func testCrossEntropyOverASingleSoftmaxOutputIsRejected() {
    XCTAssertThrowsError(
      try Network(
        sizes: [2, 1], activations: [.softmax], cost: .crossEntropy,
        weights: [Matrix(rows: 1, columns: 2)], biases: [[0]])
    ) { error in
      XCTAssertEqual((error as? NetworkError)?.field, "activations[0]")
    }
  }

  func testHugeLayerSizesInAFileAreRefusedBeforeAllocating() {
    let text = """
      {"layers": [1000000, 1000000], "activations": ["sigmoid"], "cost": "quadratic",
       "weights": [[[]]], "biases": [[]], "samples": []}
      """
    XCTAssertThrowsError(try NetworkFile(json: text)) { error in
      XCTAssertEqual((error as? NetworkError)?.field, "layers")
      XCTAssertTrue("\(error)".contains("at most 5000000"), "\(error)")
    }
    // Enough huge layers to overflow an Int count must not trap either.
    let many = Array(repeating: "1000000", count: 20_000).joined(separator: ",")
    XCTAssertThrowsError(
      try NetworkFile(
        json: #"{"layers": [\#(many)], "activations": [], "cost": "quadratic", "#
          + #""weights": [], "biases": [], "samples": []}"#))
  }

  func testChainRuleNamesItsPartialProducts() throws {
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 2], seed: 1))
    let trace = file.network.forward(file.samples[0].input)
    let chain = file.network.chainRule(
      forDeltaOf: 1, trace: trace, target: file.samples[0].target)
    XCTAssertEqual(
      chain.prefixNames(), ["∂C/∂a²", "δ² = ∂C/∂z²", "∂C/∂a¹", "δ¹ = ∂C/∂z¹"])
    XCTAssertEqual(chain.prefixNames(.ascii)[3], "d^1 = dC/dz^1")
    XCTAssertEqual(chain.prefixNames().count, chain.prefixValues().count)
  }

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
