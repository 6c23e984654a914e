import Backprop
import Foundation
import TestSupport
import XCTest

final class CostTests: XCTestCase {
  func testNames() {
    XCTAssertEqual(
      Cost.allCases.map(\.name), ["quadratic", "mse", "cross-entropy", "categorical-cross-entropy"])
    XCTAssertNil(Cost.quadratic.allowedOutputActivations)
    XCTAssertNil(Cost.mse.allowedOutputActivations)
    XCTAssertEqual(Cost.crossEntropy.allowedOutputActivations, [.sigmoid, .softmax])
    XCTAssertEqual(Cost.categoricalCrossEntropy.allowedOutputActivations, [.sigmoid, .softmax])
  }

  /// Values and gradients against numbers worked by hand.
  func testValuesAndGradientsAgainstHandComputedNumbers() {
    // quadratic: ½((1 − 0)² + (2 − 0)² + (3 − 0)²) = 7; mse: 14 / 3.
    let a = [1.0, 2, 3]
    let zero = [0.0, 0, 0]
    XCTAssertEqual(Cost.quadratic.value(a, target: zero), 7)
    XCTAssertEqual(Cost.quadratic.gradient(a, target: zero), [1, 2, 3])
    assertClose(Cost.mse.value(a, target: zero), 14.0 / 3, rtol: 1e-15, atol: 0, "mse")
    assertClose(
      Cost.mse.gradient(a, target: zero), [2.0 / 3, 4.0 / 3, 2], rtol: 1e-15, atol: 0, "mse′")
    // cross-entropy, a = [0.8, 0.3], y = [1, 0]: −(ln 0.8 + ln 0.7).
    let ce = Cost.crossEntropy.value([0.8, 0.3], target: [1, 0])
    assertClose(ce, -(log(0.8) + log(0.7)), rtol: 1e-15, atol: 0, "CE")
    // ∂C/∂a = (a − y) / (a (1 − a)) = [−0.2 / 0.16, 0.3 / 0.21] = [−1.25, 1/0.7].
    assertClose(
      Cost.crossEntropy.gradient([0.8, 0.3], target: [1, 0]), [-1.25, 1 / 0.7], rtol: 1e-15,
      atol: 0, "CE′")
    // Fractional target: y = 0.25, a = 0.5: −(0.25 ln 0.5 + 0.75 ln 0.5) = ln 2; ∂ = 1.
    assertClose(
      Cost.crossEntropy.value([0.5], target: [0.25]), log(2.0), rtol: 1e-15, atol: 0, "CE")
    assertClose(Cost.crossEntropy.gradient([0.5], target: [0.25]), [1], rtol: 1e-15, atol: 0, "CE′")
    // categorical: a = [0.2, 0.5, 0.3], y = e₂: −ln 0.5 = ln 2; ∂ = [0, −2, 0].
    let cce = Cost.categoricalCrossEntropy
    assertClose(
      cce.value([0.2, 0.5, 0.3], target: [0, 1, 0]), log(2.0), rtol: 1e-15, atol: 0, "CCE")
    XCTAssertEqual(cce.gradient([0.2, 0.5, 0.3], target: [0, 1, 0]), [0, -2, 0])
    // 0 · ln 0 counts as 0: an output of exactly 0 where the target is 0 is fine.
    XCTAssertEqual(cce.value([0, 1], target: [0, 1]), 0)
    XCTAssertEqual(Cost.crossEntropy.value([0, 1], target: [0, 1]), 0)
    XCTAssertEqual(Cost.crossEntropy.gradient([0, 1], target: [0, 1]), [1, -1])
  }

  /// The generic value in Float and Complex matches the Double value.
  func testGenericValueInOtherScalars() {
    for cost in Cost.allCases {
      let a = [0.2, 0.7, 0.1]
      let y = cost == .quadratic || cost == .mse ? [0.5, -1, 2] : [0, 1, 0]
      let d: Double = cost.value(a, target: y)
      let f: Float = cost.value(a.map { Float($0) }, target: y)
      let c: Complex = cost.value(a.map { Complex($0) }, target: y)
      assertClose(Double(f), d, rtol: 1e-6, atol: 0, cost.name)
      assertClose(c.re, d, rtol: 1e-15, atol: 0, cost.name)
      XCTAssertEqual(c.im, 0)
    }
  }

  /// The mean over samples is the mean of the per-sample costs.
  func testBatchCostIsTheMean() throws {
    let net = try Network(
      sizes: [1, 1], activations: [.identity], cost: .quadratic,
      weights: [Matrix(rows: 1, columns: 1, storage: [2])], biases: [[1]])
    // a = 2x + 1: samples (0 → 1, y 0) cost ½, (1 → 3, y 1) cost 2: mean 1.25.
    let samples = [Sample(input: [0], target: [0]), Sample(input: [1], target: [1])]
    XCTAssertEqual(net.cost(over: samples), 1.25)
    XCTAssertEqual(net.gradients(over: samples).cost, 1.25)
    // ∂C/∂w = mean((a − y) x) = (0 + 2) / 2 = 1; ∂C/∂b = mean(a − y) = (1 + 2) / 2 = 1.5.
    XCTAssertEqual(net.gradients(over: samples).weights[0][0, 0], 1)
    XCTAssertEqual(net.gradients(over: samples).biases[0][0], 1.5)
  }
}
