import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// Each activation kind's math against independent references: finite differences, the
/// complex step, hand-written closed forms in a, and the breaks seen by one-sided slopes.
final class ActivationKindTests: XCTestCase {
  let elementwise = Activation.allCases.filter { $0 != .softmax }

  func testEachNameMapsToItsOwnKind() {
    let expected: [Activation: any ActivationFunction.Type] = [
      .sigmoid: Sigmoid.self, .tanh: Tanh.self, .relu: ReLU.self, .leakyReLU: LeakyReLU.self,
      .elu: ELU.self, .softplus: Softplus.self, .identity: Identity.self, .softmax: Softmax.self,
    ]
    for act in Activation.allCases {
      XCTAssertEqual(act.function.kind, act)
      XCTAssertTrue(type(of: act.function) == expected[act], "\(act)")
      XCTAssertEqual(act.function.isElementwise, act != .softmax)
    }
  }

  /// f′(z) against central differences of f, away from the breaks at 0.
  func testDerivativeMatchesCentralDifferences() {
    let h = 1e-6
    for act in elementwise {
      for z in [-2.3, -0.7, 0.4, 1.9] {
        let f: (Double) -> Double = { act.value($0) }
        let central = (f(z + h) - f(z - h)) / (2 * h)
        assertClose(act.derivative(z), central, rtol: 1e-8, atol: 1e-10, "\(act.name)′(\(z))")
      }
    }
  }

  /// f′(z) against the complex step Im f(z + ih) / h, which has no cancellation.
  func testDerivativeMatchesTheComplexStep() {
    let h = 1e-20
    for act in elementwise {
      for z in [-2.3, -0.7, 0.4, 1.9, 25] {
        let step: Complex = act.value(Complex(z, h))
        assertClose(act.derivative(z), step.im / h, rtol: 1e-13, atol: 1e-300, "\(act.name)")
      }
    }
  }

  /// The local Jacobian against central differences of the whole layer, column by column.
  func testJacobianMatchesFiniteDifferencesOfTheLayer() {
    let z = [0.3, -1.2, 0.8]
    let h = 1e-6
    for act in Activation.allCases {
      let a = act.apply(z)
      let jacobian = act.jacobian(layer: 1, z: z, a: a)
      XCTAssertEqual(jacobian.rows, 3)
      XCTAssertEqual(jacobian.columns, 3)
      for k in 0..<3 {
        var up = z
        var down = z
        up[k] += h
        down[k] -= h
        let (au, ad) = (act.apply(up), act.apply(down))
        for i in 0..<3 {
          assertClose(
            jacobian.matrix[i, k], (au[i] - ad[i]) / (2 * h), rtol: 1e-7, atol: 1e-9,
            "\(act.name) ∂a\(i)/∂z\(k)")
        }
      }
    }
  }

  /// The declared breaks against one-sided slopes at 0: a kink has different left and right
  /// slopes; a crease has equal slopes but different curvatures; smooth kinds neither.
  func testBreaksMatchOneSidedSlopesAtZero() {
    let h = 1e-5
    for act in elementwise {
      let f: (Double) -> Double = { act.value($0) }
      let right = (f(h) - f(0)) / h
      let left = (f(0) - f(-h)) / h
      let rightCurve = (f(2 * h) - 2 * f(h) + f(0)) / (h * h)
      let leftCurve = (f(0) - 2 * f(-h) + f(-2 * h)) / (h * h)
      let kinked = abs(right - left) > 1e-3
      let creased = !kinked && abs(rightCurve - leftCurve) > 1e-1
      let expected: [SmoothnessBreak] =
        kinked ? [SmoothnessBreak(at: 0, .kink)] : creased ? [SmoothnessBreak(at: 0, .crease)] : []
      XCTAssertEqual(act.breaks, expected, act.name)
      XCTAssertEqual(act.kinks, kinked ? [0] : [], act.name)
    }
    XCTAssertEqual(Activation.softmax.breaks, [])
    XCTAssertEqual(Crossings(at: .relu), .kink)
    XCTAssertEqual(Crossings(at: .leakyReLU), .kink)
    XCTAssertEqual(Crossings(at: .elu), .crease)
    XCTAssertEqual(Crossings(at: .sigmoid), [])
  }

  /// f′ written in terms of a, evaluated by hand-written closed forms, equals f′(z).
  func testDerivativeInTermsOfActivationAgreesWithDerivative() {
    let inA: [Activation: (Double, Double) -> Double] = [
      .sigmoid: { a, _ in a * (1 - a) },
      .tanh: { a, _ in 1 - a * a },
      .relu: { a, _ in a > 0 ? 1 : 0 },
      .leakyReLU: { a, _ in a > 0 ? 1 : 0.01 },
      .elu: { a, z in z <= 0 ? a + 1 : 1 },
      .softplus: { a, _ in 1 - exp(-a) },
      .identity: { _, _ in 1 },
    ]
    for act in elementwise {
      for z in [-2.3, -0.7, 0.4, 1.9] {
        let a: Double = act.value(z)
        guard let form = inA[act] else { return XCTFail("no form for \(act)") }
        assertClose(act.derivative(z), form(a, z), rtol: 1e-12, atol: 1e-15, act.name)
      }
    }
  }

  /// The spellings of each kind's symbol and derivative forms.
  func testSymbolsAndDerivativeSpellings() {
    XCTAssertEqual(
      Activation.sigmoid.function.symbol, MathText("σ", ascii: "sigmoid", latex: "\\sigma"))
    XCTAssertEqual(Activation.tanh.function.symbol.latex, "\\tanh")
    XCTAssertEqual(
      Activation.leakyReLU.function.symbol,
      MathText("leaky-relu", ascii: "leaky-relu", latex: "\\operatorname{leaky-relu}"))
    XCTAssertEqual(Activation.sigmoid.function.derivativeInA.ascii, "a(1 - a)")
    XCTAssertEqual(Activation.tanh.function.derivativeInA.unicode, "1 − a²")
    XCTAssertEqual(Activation.softplus.function.derivativeInA.latex, "1 - e^{-a}")
    XCTAssertEqual(Activation.softmax.function.derivativeInA.unicode, "diag(a) − a aᵀ")
    for act in [Activation.relu, .leakyReLU, .identity] {
      XCTAssertNil(act.function.derivativeAtActivation, act.name)
    }
  }

  /// The diagnosis sentences built from the kinds' facts, against the sentences written by
  /// hand for each kind (relu, leaky-relu and identity have none).
  func testDerivativeNotesFromTheKindsFacts() throws {
    let one = Matrix(rows: 1, columns: 1, storage: [1])
    let network = try Network(
      sizes: Array(repeating: 1, count: 9), activations: Activation.allCases.reversed(),
      cost: .quadratic, weights: Array(repeating: one, count: 8),
      biases: Array(repeating: [0], count: 8))
    XCTAssertEqual(
      DiagnosisFinding.derivativeNotes(network.activations),
      [
        "For softmax, the Jacobian is diag(a) − a aᵀ with a = softmax(z); taking it at "
          + "softmax(a) applies softmax twice.",
        "For softplus, softplus′(z) = σ(z) = 1 − e^(−a); computing softplus′(a) gives "
          + "σ(a) instead.",
        "For elu, elu′(z) = e^z = a + 1 for z ≤ 0 (1 above); computing elu′(a) gives e^a "
          + "instead.",
        "For tanh, tanh′(z) = 1 − tanh²(z) = 1 − a²; computing tanh′(a) applies tanh "
          + "twice.",
        "For the sigmoid, σ′(z) = σ(z)(1 − σ(z)) = a(1 − a); computing σ′(a) applies σ "
          + "twice.",
      ])
  }
}
