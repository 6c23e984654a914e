import Backprop
import XCTest

/// The first non-finite value of a layered network's forward pass, named by layer and sample.
final class LayeredNetworkNonFiniteTests: XCTestCase {
  let net = { () throws -> LayeredNetwork in
    try LayeredNetwork(
      architecture: Architecture.parse("input 1x2x2, conv 1 1x1, relu, flatten, dense 1, identity"),
      cost: .quadratic, parameters: [1e308, 0, 1, 1, 1, 1, 0])
  }

  func testAnOverflowingConvolutionIsNamedWithItsSample() throws {
    let network = try net()
    // Sample 0 stays finite (zero input); sample 1 overflows at its second entry (1e308 · 2).
    let samples = [
      Sample(input: [0, 0, 0, 0], target: [0]),
      Sample(input: [0, 2, 0, 0], target: [0]),
    ]
    let bad = try XCTUnwrap(network.firstNonFiniteValue(over: [samples[1]]))
    // The conv's output is z¹: relu shares its number 1.
    XCTAssertEqual(bad.quantity, .weightedInput)
    XCTAssertEqual(bad.layer, 1)
    XCTAssertEqual(bad.sample, 0)
    XCTAssertEqual(bad.entry, .unit(1))
    XCTAssertEqual(bad.value, .infinity)
    let both = try XCTUnwrap(network.firstNonFiniteValue(over: samples))
    XCTAssertEqual(both.sample, 1)
    XCTAssertThrowsError(
      try LayeredGradientCheck.run(
        network: network, samples: samples, analytic: [Double](repeating: 0, count: 7))
    ) { error in
      guard case GradientCheckError.nonFinite(let v) = error else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(v.layer, 1)
      XCTAssertEqual(v.sample, 1)
    }
  }

  func testAnOverflowingCostIsNamed() throws {
    // Every layer finite (1e308 · 1e-150 = 1e158), the cost ½ (1e158)² = inf.
    let bad = try XCTUnwrap(
      try net().firstNonFiniteValue(over: [Sample(input: [1e-150, 0, 0, 0], target: [0])]))
    XCTAssertEqual(bad.quantity, .cost)
    // The last layer's number: conv+relu 1, flatten 2, dense+identity 3.
    XCTAssertEqual(bad.layer, 3)
    XCTAssertEqual(bad.value, .infinity)
  }

  func testFiniteNetworksHaveNone() throws {
    let network = try net()
    XCTAssertNil(
      network.firstNonFiniteValue(over: [Sample(input: [1e-300, 0, 0, 0], target: [0])]))
  }
}
