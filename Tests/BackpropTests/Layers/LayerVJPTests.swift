import Backprop
import TestSupport
import XCTest

/// Every layer's backward pass against derivatives of its own forward pass, taken
/// independently: the complex step (to rounding) and central differences.
final class LayerVJPTests: XCTestCase {
  func testBackwardMatchesComplexStepOfForward() throws {
    for c in try layerCases() {
      let vjp = c.layer.backward(c.x, parameters: c.p, outputGradient: c.g)
      let reference = c.complexStepVJP()
      assertClose(vjp.input, reference.input, rtol: 1e-12, atol: 1e-13, "\(c.name) ∂/∂x")
      assertClose(
        vjp.parameters, reference.parameters, rtol: 1e-12, atol: 1e-13, "\(c.name) ∂/∂p")
    }
  }

  func testBackwardMatchesCentralDifferencesOfForward() throws {
    for c in try layerCases() {
      let vjp = c.layer.backward(c.x, parameters: c.p, outputGradient: c.g)
      let jx = centralDifferenceJacobian(of: { c.layer.forward($0, parameters: c.p) }, at: c.x)
      assertClose(vjp.input, jx.leftMultiplied(by: c.g), rtol: 1e-7, atol: 1e-8, c.name)
      guard !c.p.isEmpty else { continue }
      let jp = centralDifferenceJacobian(of: { c.layer.forward(c.x, parameters: $0) }, at: c.p)
      assertClose(vjp.parameters, jp.leftMultiplied(by: c.g), rtol: 1e-7, atol: 1e-8, c.name)
    }
  }

  func testFloatForwardAgreesWithDouble() throws {
    for c in try layerCases() {
      let d = c.layer.forward(c.x, parameters: c.p)
      let f = c.layer.forward(c.x.map { Float($0) }, parameters: c.p.map { Float($0) })
      assertClose(f.map { Double($0) }, d, rtol: 1e-4, atol: 1e-5, c.name)
    }
  }

  func testOutputHasTheStatedShape() throws {
    for c in try layerCases() {
      XCTAssertEqual(
        c.layer.forward(c.x, parameters: c.p).count, c.layer.outputShape.count, c.name)
      XCTAssertEqual(c.layer.parameterCount, c.layer.tensors.map(\.count).reduce(0, +))
    }
  }
}
