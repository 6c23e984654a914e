import Backprop
import TestSupport
import XCTest

/// Layered network and gradient files: round trips, nesting, and errors with their paths.
final class LayeredNetworkFileTests: XCTestCase {
  func testWriteThenReadGivesTheSameNetwork() throws {
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse(
        "input 2x4x4, conv 2 3x3 same, tanh, avgpool 2, flatten, dense 2, sigmoid"),
      cost: .crossEntropy, sampleCount: 2, seed: 4)
    let text = LayeredNetworkFile(network: net, samples: samples).json.pretty
    XCTAssertTrue(LayeredNetworkFile.isLayered(json: text))
    let read = try LayeredNetworkFile(json: text)
    XCTAssertEqual(read.network.parameters, net.parameters)
    XCTAssertEqual(read.samples, samples)
    XCTAssertEqual(read.network.architecture, net.architecture)
    let g = net.gradients(over: samples)
    let back = try LayeredGradientFile.read(
      json: LayeredGradientFile.json(g, cost: 0.5, of: net).pretty, for: net)
    XCTAssertEqual(back.gradients, g)
    XCTAssertEqual(back.cost, 0.5)
  }

  func testTensorsAreNestedLikeTheirShapes() throws {
    let text = #"""
      {"architecture": "input 1x3x3, conv 1 2x2, relu, flatten, dense 1, identity",
       "cost": "mse",
       "parameters": {"K1": [[[[0.1, -0.2], [0.3, 0.4]]]], "b1": [0.05],
                      "W3": [[0.5, -0.5, 0.25, 1]], "b3": [0]},
       "samples": [{"input": [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], "target": [0.5]}]}
      """#
    let file = try LayeredNetworkFile(json: text)
    XCTAssertEqual(file.network.parameters, [0.1, -0.2, 0.3, 0.4, 0.05, 0.5, -0.5, 0.25, 1, 0])
    XCTAssertEqual(file.samples[0].input, [1, 2, 3, 4, 5, 6, 7, 8, 9])
    // z = K ⋆ x + b by hand: (0,0) 0.1·1 − 0.2·2 + 0.3·4 + 0.4·5 + 0.05 = 2.95, …
    let z = file.network.trace(file.samples[0].input)[1]
    assertClose(z, [2.95, 3.55, 4.75, 5.35], rtol: 1e-14, atol: 0)
  }

  func testATargetForAnImageOutputIsNestedLikeItOrFlat() throws {
    func file(target: String) -> String {
      #"{"architecture": "input 1x3x3, conv 1 2x2", "cost": "quadratic", "#
        + #""parameters": {"K1": [[[[0.1, -0.2], [0.3, 0.4]]]], "b1": [0.05]}, "#
        + #""samples": [{"input": [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], "target": "#
        + target + "}]}"
    }
    // The output is 1×2×2: row-major, the target's rows as written.
    let nested = try LayeredNetworkFile(json: file(target: "[[[1, 2], [3, 4]]]"))
    XCTAssertEqual(nested.samples[0].target, [1, 2, 3, 4])
    let flat = try LayeredNetworkFile(json: file(target: "[1, 2, 3, 4]"))
    XCTAssertEqual(flat.samples[0].target, [1, 2, 3, 4])
    XCTAssertThrowsError(try LayeredNetworkFile(json: file(target: "[1, 2, 3]"))) { error in
      let message = "\(error)"
      XCTAssertTrue(message.contains("samples[0].target"), message)
      XCTAssertTrue(message.contains("expected 4 numbers (shape 1×2×2"), message)
    }
    XCTAssertThrowsError(try LayeredNetworkFile(json: file(target: "[[1, 2], [3, 4]]"))) {
      error in
      let message = "\(error)"
      XCTAssertTrue(message.contains("samples[0].target"), message)
      XCTAssertTrue(message.contains("1×2×2"), message)
    }
  }

  func testErrorsNameTheField() {
    let base = #"{"architecture": "input 2, dense 1", "cost": "mse", "#
    let cases: [(String, String)] = [
      (base + #""parameters": {"W1": [[1, 2]], "b1": [0]}, "samples": []}"#, "samples"),
      (base + #""parameters": {"W1": [[1, 2]], "b1": [0], "K2": [1]}, "samples": []}"#, "K2"),
      (
        base + #""parameters": {"W1": [[1, 2]], "b1": [0]}, "samples": [{"input": [1], "#
          + #""target": [0]}]}"#, "samples[0].input"
      ),
      (
        #"{"architecture": "input 2, dense 1", "cost": "hinge", "parameters": {}, "samples": []}"#,
        "cost"
      ),
    ]
    for (text, field) in cases {
      XCTAssertThrowsError(try LayeredNetworkFile(json: text), field) { error in
        XCTAssertTrue("\(error)".contains(field), "\(error) does not name \(field)")
      }
    }
  }
}
