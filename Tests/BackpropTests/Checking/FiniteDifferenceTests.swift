import Foundation
import XCTest

@testable import Backprop

/// The finite-difference formulas against closed-form derivatives.
final class FiniteDifferenceTests: XCTestCase {
  /// f(x) = e^(sin x) at x0, with f′(x) = cos x e^(sin x).
  private let x0 = 0.7
  private func f(_ x: Double) -> Double { exp(sin(x)) }
  private var exact: Double { cos(x0) * exp(sin(x0)) }

  private func estimate(_ method: FiniteDifferenceMethod, h: Double) -> Double {
    let changes = method.offsets.map { f(x0 + $0 * h) - f(x0) }
    return method.combine(changes, step: h)
  }

  func testDefaultStepsAreTheDocumentedOnes() {
    XCTAssertEqual(FiniteDifferenceMethod.central.defaultEpsilon, 1e-5)
    XCTAssertEqual(FiniteDifferenceMethod.forward.defaultEpsilon, 1e-7)
    XCTAssertEqual(FiniteDifferenceMethod.backward.defaultEpsilon, 1e-7)
    XCTAssertEqual(FiniteDifferenceMethod.fivePoint.defaultEpsilon, 1e-3)
    XCTAssertEqual(FiniteDifferenceMethod.richardson.defaultEpsilon, 1e-2)
    XCTAssertEqual(FiniteDifferenceMethod.complexStep.defaultEpsilon, 1e-20)
    XCTAssertEqual(
      FiniteDifferenceMethod.allCases.map(\.name),
      ["central", "forward", "backward", "five-point", "richardson", "complex-step"])
  }

  func testEveryRealMethodIsAccurateAtItsDefaultStep() {
    let bounds: [FiniteDifferenceMethod: Double] = [
      .central: 1e-9, .forward: 1e-6, .backward: 1e-6, .fivePoint: 1e-11, .richardson: 1e-11,
    ]
    for (method, bound) in bounds {
      let e = estimate(method, h: method.defaultEpsilon)
      XCTAssertLessThan(abs(e - exact), bound, "\(method): \(e) vs \(exact)")
    }
  }

  /// Halving h divides the truncation error by about 2^p.
  func testErrorOrders() {
    let cases: [(FiniteDifferenceMethod, Double)] = [
      (.forward, 1e-2), (.backward, 1e-2), (.central, 1e-2), (.fivePoint, 1e-1),
    ]
    for (method, h) in cases {
      let e1 = abs(estimate(method, h: h) - exact)
      let e2 = abs(estimate(method, h: h / 2) - exact)
      let observed = log2(e1 / e2)
      XCTAssertEqual(observed, Double(method.errorOrder), accuracy: 0.2, "\(method)")
    }
    // Richardson: far better than the central difference at its largest step.
    let central = abs(estimate(.central, h: 0.2) - exact)
    let richardson = abs(estimate(.richardson, h: 0.2) - exact)
    XCTAssertLessThan(richardson, central * 1e-4)
    XCTAssertEqual(FiniteDifferenceMethod.richardson.errorOrder, 8)
  }

  func testComplexStepOnAClosedForm() {
    // Im f(x + ih) / h for f(z) = e^z / (1 + z²), written with the library's Complex.
    let h = 1e-20
    let z = Complex(x0, h)
    let value = Complex.exp(z) / (Complex(1) + z * z)
    let d = FiniteDifferenceMethod.complexStep.combine([value.im], step: h)
    let fx = exp(x0) / (1 + x0 * x0)
    let expected = fx - exp(x0) * 2 * x0 / ((1 + x0 * x0) * (1 + x0 * x0))
    XCTAssertEqual(d, expected, accuracy: 1e-14 * abs(expected))
  }

  func testToleranceRule() {
    let t = Tolerance(rtol: 1e-5, atol: 1e-8)
    XCTAssertTrue(t.accepts(1, 1 + 0.9e-5))
    XCTAssertFalse(t.accepts(1, 1 + 1.1e-5))
    XCTAssertTrue(t.accepts(0, 0.9e-8))
    XCTAssertFalse(t.accepts(0, 1.1e-8))
    XCTAssertFalse(t.accepts(.nan, 0))
    XCTAssertEqual(Tolerance.relativeError(0, 0), 0)
    XCTAssertEqual(Tolerance.relativeError(2, -2), 2)
  }

  func testFloatDefaultsAreLooser() {
    for m in FiniteDifferenceMethod.allCases where !m.isComplex {
      XCTAssertGreaterThan(m.defaultFloatEpsilon, m.defaultEpsilon)
      let d = m.defaultTolerances(precision: .double)
      let f = m.defaultTolerances(precision: .float)
      XCTAssertGreaterThan(f.rtol, d.rtol)
      XCTAssertGreaterThan(f.atol, d.atol)
    }
  }
}
