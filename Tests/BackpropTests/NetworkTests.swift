import Backprop
import XCTest

/// `Network.init` and `Network.validate(_:field:)` name the field at fault.
final class NetworkTests: XCTestCase {
  func testNetworkInitRejectsInconsistentShapesNamingTheField() {
    let w22 = Matrix(rows: 2, columns: 2)
    func fails(
      _ field: String, _ make: () throws -> Network, line: UInt = #line
    ) {
      do {
        _ = try make()
        XCTFail("accepted", line: line)
      } catch let error as NetworkError {
        XCTAssertEqual(error.field, field, "\(error)", line: line)
        XCTAssertEqual(error.description, "\(error.field): \(error.message)", line: line)
      } catch {
        XCTFail("unexpected \(error)", line: line)
      }
    }
    fails("layers") {
      try Network(sizes: [2], activations: [], cost: .quadratic, weights: [], biases: [])
    }
    fails("layers[1]") {
      try Network(
        sizes: [2, 0], activations: [.relu], cost: .quadratic,
        weights: [Matrix(rows: 0, columns: 2)], biases: [[]])
    }
    fails("activations") {
      try Network(
        sizes: [2, 2], activations: [.relu, .relu], cost: .quadratic, weights: [w22],
        biases: [[0, 0]])
    }
    fails("weights") {
      try Network(
        sizes: [2, 2], activations: [.relu], cost: .quadratic, weights: [], biases: [[0, 0]])
    }
    fails("biases") {
      try Network(
        sizes: [2, 2], activations: [.relu], cost: .quadratic, weights: [w22], biases: [])
    }
    fails("weights[0]") {
      try Network(
        sizes: [3, 2], activations: [.relu], cost: .quadratic, weights: [w22], biases: [[0, 0]])
    }
    fails("biases[0]") {
      try Network(
        sizes: [2, 2], activations: [.relu], cost: .quadratic, weights: [w22], biases: [[0]])
    }
    for output in Activation.allCases where output != .sigmoid && output != .softmax {
      for cost in [Cost.crossEntropy, .categoricalCrossEntropy] {
        fails("activations[1]") {
          try Network(
            sizes: [2, 2, 2], activations: [.sigmoid, output], cost: cost, weights: [w22, w22],
            biases: [[0, 0], [0, 0]])
        }
      }
    }
  }

  func testSampleValidationNamesTheField() throws {
    let net = try Network(
      sizes: [2, 3], activations: [.tanh], cost: .mse, weights: [Matrix(rows: 3, columns: 2)],
      biases: [[0, 0, 0]])
    XCTAssertNoThrow(try net.validate(Sample(input: [1, 2], target: [1, 2, 3]), field: "s"))
    XCTAssertThrowsError(
      try net.validate(Sample(input: [1], target: [1, 2, 3]), field: "samples[4]")
    ) { error in
      XCTAssertEqual((error as? NetworkError)?.field, "samples[4].input")
    }
    XCTAssertThrowsError(
      try net.validate(Sample(input: [1, 2], target: [1, 2]), field: "samples[0]")
    ) { error in
      XCTAssertEqual((error as? NetworkError)?.field, "samples[0].target")
    }
    XCTAssertEqual(net.depth, 1)
    XCTAssertEqual(net.parameterCount, 9)
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
}
