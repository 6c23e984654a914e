import Backprop
import XCTest

final class SampleFileTests: XCTestCase {
  func testReadsSamples() throws {
    let s = try SampleFile.read(
      json: #"{"samples": [{"input": [0, 1], "target": [1]}, {"input": [2, 3], "target": [0]}]}"#)
    XCTAssertEqual(s, [Sample(input: [0, 1], target: [1]), Sample(input: [2, 3], target: [0])])
  }

  func testANetworkFileIsASamplesFile() throws {
    let text = """
      {"layers": [1, 1], "activations": ["identity"], "cost": "quadratic",
       "weights": [[[1]]], "biases": [[0]], "samples": [{"input": [3], "target": [4]}]}
      """
    XCTAssertEqual(try SampleFile.read(json: text), [Sample(input: [3], target: [4])])
  }

  func testErrorsNameTheField() {
    let cases: [(String, String)] = [
      (#"{"samples": []}"#, "samples"),
      (
        #"{"samples": [{"input": [0], "target": [1]}, {"input": [0, 1], "target": [1]}]}"#,
        "samples[1].input"
      ),
      (#"{"samples": [{"input": [0], "target": ["a"]}]}"#, "samples[0].target[0]"),
      (#"{"sample": []}"#, "sample"),
      (#"{"samples": [{"input": [], "target": [1]}]}"#, "samples[0].input"),
    ]
    for (text, path) in cases {
      XCTAssertThrowsError(try SampleFile.read(json: text), text) {
        XCTAssertEqual(($0 as? NetworkError)?.field, path, text)
      }
    }
  }
}
