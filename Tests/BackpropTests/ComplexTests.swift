import Backprop
import Foundation
import TestSupport
import XCTest

final class ComplexTests: XCTestCase {
  func testArithmeticAgainstHandComputedValues() {
    let z = Complex(1, 2)
    let w = Complex(3, -1)
    XCTAssertEqual(z + w, Complex(4, 1))
    XCTAssertEqual(z - w, Complex(-2, 3))
    // (1 + 2i)(3 − i) = 3 − i + 6i + 2 = 5 + 5i.
    XCTAssertEqual(z * w, Complex(5, 5))
    // (5 + 5i) / (3 − i) = 1 + 2i.
    let q = Complex(5, 5) / w
    assertClose(q.re, 1, rtol: 1e-15, atol: 0, "re")
    assertClose(q.im, 2, rtol: 1e-15, atol: 0, "im")
    // Smith's branch with |im| > |re|: (1 + 2i) / (1 + 3i) = (7 − i) / 10.
    let q2 = z / Complex(1, 3)
    assertClose(q2.re, 0.7, rtol: 1e-15, atol: 0, "re")
    assertClose(q2.im, -0.1, rtol: 1e-15, atol: 0, "im")
    // Division without needless overflow.
    let big = Complex(1e300, 1e300) / Complex(1e300, 1e300)
    assertClose(big.re, 1, rtol: 1e-15, atol: 0, "re")
    assertClose(big.im, 0, rtol: 0, atol: 1e-15, "im")
    XCTAssertEqual(-z, Complex(-1, -2))
    XCTAssertEqual(Complex(2.5), Complex(2.5, 0))
    XCTAssertEqual(z.realPart, 1)
    // e^(iπ) = −1; ln(−1) = iπ; ln(1 + i) = ½ ln 2 + iπ/4.
    let e = Complex.exp(Complex(0, .pi))
    assertClose(e.re, -1, rtol: 1e-15, atol: 0, "re")
    assertClose(e.im, 0, rtol: 0, atol: 1e-15, "im")
    let l = Complex.log(Complex(1, 1))
    assertClose(l.re, 0.5 * log(2.0), rtol: 1e-15, atol: 0, "re")
    assertClose(l.im, .pi / 4, rtol: 1e-15, atol: 0, "im")
    // log1p(i) = ln(1 + i).
    let l1 = Complex.log1p(Complex(0, 1))
    assertClose(l1.re, 0.5 * log(2.0), rtol: 1e-15, atol: 0, "re")
    assertClose(l1.im, .pi / 4, rtol: 1e-15, atol: 0, "im")
    // tanh(iπ/4) = i tan(π/4) = i.
    let t = Complex.tanh(Complex(0, .pi / 4))
    assertClose(t.re, 0, rtol: 0, atol: 1e-15, "re")
    assertClose(t.im, 1, rtol: 1e-15, atol: 0, "im")
    // tanh(x) for real x, both signs, and large |x| without overflow.
    for x in [-3.0, -0.5, 0.7, 20, 800, -800] {
      XCTAssertEqual(Complex.tanh(Complex(x)).re, tanh(x), accuracy: 1e-15 * max(1, abs(tanh(x))))
      XCTAssertEqual(Complex.tanh(Complex(x)).im, 0)
    }
  }

  /// The complex-step derivative Im f(x + ih) / h of every element-wise activation equals
  /// its analytic derivative to 1e-13 relative (h = 1e-20; points away from the kinks).
  func testComplexStepDerivativeOfEachActivation() {
    let h = 1e-20
    for f in Activation.allCases where f.isElementwise {
      for x in [-30.0, -3, -0.7, -1e-3, 1e-3, 0.4, 2.5, 30] {
        let cs = f.apply([Complex(x, h)])[0].im / h
        assertClose(cs, f.derivative(x), rtol: 1e-13, atol: 1e-300, "\(f.name)′(\(x))")
        // The real part is the value. Complex.tanh computes (1 − e^−2z) / (1 + e^−2z), whose
        // real part loses relative accuracy for small |z| (absolute error ~1e-17), hence atol.
        assertClose(
          f.apply([Complex(x, h)])[0].re, f.apply([x])[0], rtol: 1e-15, atol: 1e-16,
          "\(f.name)(\(x))")
      }
    }
    // Softmax: column j of the complex-step Jacobian is Im softmax(z + ih e_j) / h, against
    // diag(a) − a aᵀ.
    let z = [0.3, -1.2, 2.0, 0.5]
    let a = Activation.softmax.apply(z)
    let jac = Activation.softmax.jacobian(layer: 1, z: z, a: a).matrix
    for j in 0..<z.count {
      var zc = z.map { Complex($0) }
      zc[j] = Complex(z[j], h)
      let column = Activation.softmax.apply(zc).map { $0.im / h }
      for i in 0..<z.count {
        let exact = (i == j ? a[i] : 0) - a[i] * a[j]
        assertClose(column[i], exact, rtol: 1e-13, atol: 1e-17, "∂softmax_\(i)/∂z_\(j)")
        assertClose(jac[i, j], exact, rtol: 1e-13, atol: 1e-17, "jacobian[\(i),\(j)]")
      }
    }
  }

  /// Complex step through each cost: ∂C/∂a_i against `gradient`.
  func testComplexStepDerivativeOfEachCost() {
    let h = 1e-20
    let a = [0.2, 0.7, 0.1]
    for cost in Cost.allCases {
      for y in [[0.0, 1, 0], [0.3, 0.5, 1]] where cost != .categoricalCrossEntropy || y[1] == 1 {
        let g = cost.gradient(a, target: y)
        for i in 0..<a.count {
          var ac = a.map { Complex($0) }
          ac[i] = Complex(a[i], h)
          let cs = cost.value(ac, target: y).im / h
          assertClose(cs, g[i], rtol: 1e-13, atol: 1e-300, "\(cost.name) ∂/∂a_\(i), y \(y)")
        }
      }
    }
  }
}
