import Backprop
import Foundation
import TestSupport
import XCTest

/// Each cost's math against independent references: central differences of its value,
/// the chain rule through the output activation for the fused forms, and its target range.
final class CostKindTests: XCTestCase {
  let a = [0.2, 0.7, 0.45]
  let y = [0.0, 1.0, 0.3]

  func testEachNameMapsToItsOwnCost() {
    let expected: [Cost: any CostFunction.Type] = [
      .quadratic: Quadratic.self, .mse: MeanSquaredError.self, .crossEntropy: CrossEntropy.self,
      .categoricalCrossEntropy: CategoricalCrossEntropy.self,
    ]
    for cost in Cost.allCases {
      XCTAssertEqual(cost.function.kind, cost)
      XCTAssertTrue(type(of: cost.function) == expected[cost], cost.name)
    }
    XCTAssertEqual(Cost.crossEntropy.function.fusedActivation, .sigmoid)
    XCTAssertEqual(Cost.categoricalCrossEntropy.function.fusedActivation, .softmax)
    XCTAssertNil(Cost.quadratic.function.fusedActivation)
    XCTAssertNil(Cost.mse.function.fusedActivation)
  }

  /// ∂C/∂a against central differences of C.
  func testGradientMatchesCentralDifferences() {
    let h = 1e-6
    for cost in Cost.allCases {
      let g = cost.gradient(a, target: y)
      for i in 0..<a.count {
        var up = a
        var down = a
        up[i] += h
        down[i] -= h
        let central = (cost.value(up, target: y) - cost.value(down, target: y)) / (2 * h)
        assertClose(g[i], central, rtol: 1e-7, atol: 1e-9, "\(cost.name) ∂C/∂a\(i)")
      }
    }
  }

  /// The fused value from z equals the value from a = f(z), and the fused δ^L equals
  /// ∂C/∂a times the output activation's Jacobian, for moderate z where both are accurate.
  func testFusedFormsMatchTheChainRule() {
    let z = [0.4, -1.1, 0.9]
    for cost in [Cost.crossEntropy, .categoricalCrossEntropy] {
      guard let f = cost.function.fusedActivation else { return XCTFail(cost.name) }
      XCTAssertTrue(cost.isFused(with: f))
      let out = f.apply(z)
      let target = cost == .categoricalCrossEntropy ? [0.0, 1, 0] : y
      let fromZ: Double = cost.value(z: z, a: out, outputActivation: f, target: target)
      assertClose(fromZ, cost.value(out, target: target), rtol: 1e-14, atol: 0, cost.name)
      let chain = f.backward(cost.gradient(out, target: target), z: z, a: out)
      let fused = cost.fusedOutputDelta(z: z, a: out, target: target, outputActivation: f)
      assertClose(fused ?? [], chain, rtol: 1e-12, atol: 1e-15, "\(cost.name) δ^L")
    }
    XCTAssertNil(
      Cost.quadratic.fusedOutputDelta(z: z, a: z, target: y, outputActivation: .identity))
    XCTAssertNil(
      Cost.crossEntropy.fusedOutputDelta(z: z, a: z, target: y, outputActivation: .softmax))
  }

  func testTargetRangeIsCheckedByTheCost() {
    XCTAssertNil(Cost.quadratic.targetRange)
    XCTAssertNoThrow(try Cost.mse.validateTarget([-3, 7], field: "target"))
    XCTAssertNoThrow(try Cost.crossEntropy.validateTarget([0, 1, 0.5], field: "target"))
    for cost in [Cost.crossEntropy, .categoricalCrossEntropy] {
      XCTAssertEqual(cost.targetRange, 0...1)
      XCTAssertEqual(cost.function.firstInvalidTarget(in: [0.5, 1.5, -1]), 1)
      XCTAssertThrowsError(try cost.validateTarget([0.5, 1.5], field: "samples[2].target")) {
        error in
        XCTAssertEqual(
          error as? NetworkError,
          NetworkError(
            field: "samples[2].target[1]",
            message: "\(cost.name) needs targets in [0, 1], found 1.5"))
      }
    }
  }

  /// The symbolic gradient, evaluated by hand at the test point, equals the gradient.
  func testGradientFormulaSpellings() {
    XCTAssertEqual(Cost.quadratic.function.gradientFormula.ascii, "a_i - y_i")
    XCTAssertEqual(Cost.mse.function.gradientFormula.ascii, "2 (a_i - y_i) / n")
    XCTAssertEqual(
      Cost.crossEntropy.function.gradientFormula.ascii, "(a_i - y_i) / (a_i (1 - a_i))")
    XCTAssertEqual(Cost.categoricalCrossEntropy.function.gradientFormula.ascii, "-y_i / a_i")
    let forms: [Cost: (Double, Double) -> Double] = [
      .quadratic: { a, y in a - y }, .mse: { a, y in 2 * (a - y) / 3 },
      .crossEntropy: { a, y in (a - y) / (a * (1 - a)) },
      .categoricalCrossEntropy: { a, y in -y / a },
    ]
    for cost in Cost.allCases {
      guard let form = forms[cost] else { return XCTFail(cost.name) }
      assertClose(
        cost.gradient(a, target: y), zip(a, y).map(form), rtol: 1e-14, atol: 1e-15, cost.name)
    }
  }
}
