import Backprop
import XCTest

/// The first value that is not finite, on networks whose overflow is worked out by hand.
final class NonFiniteValueTests: XCTestCase {
  /// 1-1-1, identity hidden layer, identity output, quadratic cost.
  func network(w1: Double, w2: Double, b2: Double) throws -> Network {
    try Network(
      sizes: [1, 1, 1], activations: [.identity, .identity], cost: .quadratic,
      weights: [
        Matrix(rows: 1, columns: 1, storage: [w1]), Matrix(rows: 1, columns: 1, storage: [w2]),
      ],
      biases: [[0], [b2]])
  }

  func testAFiniteNetworkHasNone() throws {
    let net = try network(w1: 0.5, w2: -2, b2: 1)
    let samples = [Sample(input: [3], target: [1])]
    XCTAssertNil(net.firstNonFiniteValue(over: samples))
    XCTAssertNil(net.firstNonFiniteValueOfBackprop(over: samples))
  }

  /// Sample 0 is fine; sample 1's input 1e300 times W¹ = 1e10 overflows z¹.
  func testTheFirstSampleAndLayerThatOverflowIsNamed() throws {
    let net = try network(w1: 1e10, w2: 1, b2: 0)
    let samples = [Sample(input: [1], target: [0]), Sample(input: [1e300], target: [0])]
    XCTAssertEqual(
      net.firstNonFiniteValue(over: samples),
      NonFiniteValue(
        quantity: .weightedInput, layer: 1, sample: 1, entry: .unit(0), value: .infinity))
  }

  /// W¹ = 0 makes a¹ = 0 and z² = b² = 1; the cost ½(1 − (−1))² = 2 is finite, but
  /// δ² = a² − y = 2 and δ¹ = W² δ² = 1e308 · 2 overflows.
  func testADeltaThatOverflowsIsFoundByTheBackwardScanOnly() throws {
    let net = try network(w1: 0, w2: 1e308, b2: 1)
    let samples = [Sample(input: [1], target: [-1])]
    XCTAssertNil(net.firstNonFiniteValue(over: samples))
    XCTAssertEqual(
      net.firstNonFiniteValueOfBackprop(over: samples),
      NonFiniteValue(quantity: .delta, layer: 1, sample: 0, entry: .unit(0), value: .infinity))
  }

  /// δ¹ = 1e300 · 2 is finite, but ∂C/∂W¹ = δ¹ x with x = 1e10 is not.
  func testAGradientThatOverflowsNamesItsParameter() throws {
    let net = try network(w1: 0, w2: 1e300, b2: 1)
    let samples = [Sample(input: [1e10], target: [-1])]
    let index = ParameterIndex(layer: 1, kind: .weight(row: 0, column: 0), columns: 1)
    XCTAssertEqual(
      net.firstNonFiniteValueOfBackprop(over: samples),
      NonFiniteValue(
        quantity: .gradient, layer: 1, sample: nil, entry: .parameter(index), value: .infinity))
  }
}
