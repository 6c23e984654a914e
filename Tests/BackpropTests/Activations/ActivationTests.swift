import Backprop
import Foundation
import TestSupport
import XCTest

final class ActivationTests: XCTestCase {
  func testNamesAndProperties() {
    XCTAssertEqual(
      Activation.allCases.map(\.name),
      ["sigmoid", "tanh", "relu", "leaky-relu", "elu", "softplus", "identity", "softmax"])
    XCTAssertEqual(Activation(rawValue: "leaky-relu"), .leakyReLU)
    XCTAssertEqual(Activation.allCases.filter { !$0.isElementwise }, [.softmax])
    XCTAssertEqual(Activation.allCases.filter { !$0.kinks.isEmpty }, [.relu, .leakyReLU])
    XCTAssertEqual(Activation.relu.kinks, [0])
    XCTAssertEqual(Activation.leakySlope, 0.01)
  }

  /// Values at points where the closed forms are exact or known by hand.
  func testValuesAgainstHandComputedNumbers() {
    let ln2 = log(2.0)
    let ln3 = log(3.0)
    func v(_ f: Activation, _ z: Double) -> Double { f.apply([z])[0] }
    XCTAssertEqual(v(.sigmoid, 0), 0.5)
    assertClose(v(.sigmoid, ln3), 0.75, rtol: 1e-15, atol: 0, "σ(ln 3)")
    assertClose(v(.sigmoid, -ln3), 0.25, rtol: 1e-15, atol: 0, "σ(−ln 3)")
    assertClose(v(.tanh, ln2), 0.6, rtol: 1e-15, atol: 0, "tanh(ln 2) = 3/5")
    XCTAssertEqual(v(.relu, -2), 0)
    XCTAssertEqual(v(.relu, 3), 3)
    XCTAssertEqual(v(.relu, 0), 0)
    XCTAssertEqual(v(.leakyReLU, -2), -0.02)
    XCTAssertEqual(v(.leakyReLU, 2), 2)
    XCTAssertEqual(v(.elu, 2), 2)
    assertClose(v(.elu, -ln2), -0.5, rtol: 1e-15, atol: 0, "elu(−ln 2)")
    assertClose(v(.softplus, 0), ln2, rtol: 1e-15, atol: 0, "softplus(0)")
    assertClose(v(.softplus, ln3), log(4.0), rtol: 1e-15, atol: 0, "softplus(ln 3)")
    assertClose(v(.softplus, -ln3), log(4.0 / 3), rtol: 1e-15, atol: 0, "softplus(−ln 3)")
    XCTAssertEqual(v(.identity, -1.25), -1.25)
    // softmax([0, ln 2, ln 5]) = [1, 2, 5] / 8.
    assertClose(
      Activation.softmax.apply([0, ln2, log(5.0)]), [0.125, 0.25, 0.625], rtol: 1e-15, atol: 0,
      "softmax")
    // Shifting all logits does not change softmax.
    assertClose(
      Activation.softmax.apply([100, 100 + ln2, 100 + log(5.0)]), [0.125, 0.25, 0.625],
      rtol: 1e-13, atol: 0, "shifted softmax")
  }

  /// Derivatives against closed forms, and the kink conventions.
  func testDerivativesAgainstClosedForms() {
    for z in [-3.0, -0.5, 0.25, 2] {
      let s = 1 / (1 + exp(-z))
      assertClose(Activation.sigmoid.derivative(z), s * (1 - s), rtol: 1e-14, atol: 0, "σ′")
      assertClose(
        Activation.tanh.derivative(z), 1 / (cosh(z) * cosh(z)), rtol: 1e-14, atol: 0, "tanh′")
      assertClose(Activation.softplus.derivative(z), s, rtol: 1e-14, atol: 0, "softplus′")
      XCTAssertEqual(Activation.relu.derivative(z), z > 0 ? 1 : 0)
      XCTAssertEqual(Activation.leakyReLU.derivative(z), z > 0 ? 1 : 0.01)
      assertClose(Activation.elu.derivative(z), z > 0 ? 1 : exp(z), rtol: 1e-15, atol: 0, "elu′")
      XCTAssertEqual(Activation.identity.derivative(z), 1)
    }
    // Saturated units keep full relative accuracy: σ′(z) = e^−z / (1 + e^−z)² and
    // tanh′(z) = 4 e^−2z / (1 + e^−2z)² for large z (not 1 − σ or 1 − tanh², which round
    // to 0 or lose digits).
    for z in [30.0, 40, -40, 300] {
      let e = exp(-abs(z))
      assertClose(
        Activation.sigmoid.derivative(z), e / ((1 + e) * (1 + e)), rtol: 1e-14, atol: 0, "σ′(\(z))")
      let e2 = exp(-2 * abs(z))
      assertClose(
        Activation.tanh.derivative(z), 4 * e2 / ((1 + e2) * (1 + e2)), rtol: 1e-14, atol: 0,
        "tanh′(\(z))")
    }
    // At the kink: relu′(0) = 0 and leaky-relu′(0) = 0.01 (the derivative from the left).
    XCTAssertEqual(Activation.relu.derivative(0), 0)
    XCTAssertEqual(Activation.leakyReLU.derivative(0), 0.01)
  }

  /// Stable forms at large |z|: no NaN, no infinity, the right limits.
  func testStableFormsAtLargeMagnitudes() {
    for z in [800.0, -800, 1e308, -1e308] {
      for f in Activation.allCases where f.isElementwise {
        let a = f.apply([z])[0]
        let d = f.derivative(z)
        XCTAssertFalse(a.isNaN, "\(f.name)(\(z)) = \(a)")
        XCTAssertFalse(d.isNaN || d.isInfinite, "\(f.name)′(\(z)) = \(d)")
        XCTAssertTrue(a.isFinite, "\(f.name)(\(z)) = \(a)")
      }
    }
    XCTAssertEqual(Activation.sigmoid.apply([800])[0], 1)
    XCTAssertEqual(Activation.sigmoid.apply([-800])[0], 0)
    XCTAssertEqual(Activation.sigmoid.derivative(800), 0)
    XCTAssertEqual(Activation.sigmoid.derivative(-800), 0)
    // σ(−40) = e^−40 / (1 + e^−40) keeps full relative accuracy (not 1 − σ(40) = 0).
    assertClose(
      Activation.sigmoid.apply([-40])[0], exp(-40) / (1 + exp(-40)), rtol: 1e-15, atol: 0, "σ(−40)")
    XCTAssertEqual(Activation.softplus.apply([800])[0], 800)
    XCTAssertEqual(Activation.softplus.apply([-800])[0], 0)
    // softplus(−40) = log1p(e^−40) ≈ e^−40, with full relative accuracy.
    assertClose(
      Activation.softplus.apply([-40])[0], exp(-40), rtol: 1e-15, atol: 0, "softplus(−40)")
    assertClose(
      Activation.softplus.apply([40])[0], 40 + exp(-40), rtol: 1e-15, atol: 0, "softplus(40)")
    XCTAssertEqual(Activation.softplus.derivative(800), 1)
    XCTAssertEqual(Activation.tanh.apply([800])[0], 1)
    XCTAssertEqual(Activation.tanh.apply([-800])[0], -1)
    XCTAssertEqual(Activation.elu.apply([-800])[0], -1)
    // Softmax with huge logits.
    for logits in [[1000.0, 0, -1000], [1e308, 1e308, -1e308], [-1000, -1000], [800, 799]] {
      let a = Activation.softmax.apply(logits)
      XCTAssertTrue(a.allSatisfy(\.isFinite), "softmax(\(logits)) = \(a)")
      assertClose(a.reduce(0, +), 1, rtol: 1e-15, atol: 0, "Σ softmax(\(logits))")
      let jac = Activation.softmax.jacobian(layer: 1, z: logits, a: a)
      XCTAssertTrue(jac.matrix.storage.allSatisfy(\.isFinite), "∂softmax at \(logits)")
    }
    XCTAssertEqual(Activation.softmax.apply([1000, 0, -1000]), [1, 0, 0])
    XCTAssertEqual(Activation.softmax.apply([1e308, 1e308]), [0.5, 0.5])
    assertClose(
      Activation.softmax.apply([800, 799]), [1 / (1 + exp(-1)), 1 / (1 + exp(1))], rtol: 1e-15,
      atol: 0, "softmax([800, 799])")
  }

  /// `backward` (the vector-Jacobian product without the Jacobian) equals gᵀ · J, computed
  /// here from the dense matrix by a plain loop.
  func testBackwardEqualsRowTimesJacobian() {
    var rng = SplitMix64(seed: 88)
    for f in Activation.allCases {
      for n in 1...4 {
        let z = (0..<n).map { _ in 4 * rng.nextUniform() - 2 }
        let g = (0..<n).map { _ in rng.nextGaussian() }
        let a = f.apply(z)
        let j = f.jacobian(layer: 1, z: z, a: a).matrix
        let expected = (0..<n).map { k in (0..<n).reduce(0.0) { $0 + g[$1] * j[$1, k] } }
        assertClose(f.backward(g, z: z, a: a), expected, rtol: 1e-13, atol: 1e-15, f.name)
      }
    }
    // The softmax Jacobian is diag(a) − a aᵀ: here for a = [1/8, 2/8, 5/8].
    let a = [0.125, 0.25, 0.625]
    let j = Activation.softmax.jacobian(layer: 2, z: [0, log(2.0), log(5.0)], a: a)
    XCTAssertEqual(j.matrix[0, 0], 0.125 - 0.125 * 0.125)
    XCTAssertEqual(j.matrix[0, 2], -0.125 * 0.625)
    XCTAssertEqual(j.matrix[2, 1], -0.625 * 0.25)
    XCTAssertEqual(j.description, "∂a²/∂z² (3×3, dense)")
  }
}
