import XCTest

@testable import Backprop

final class ProgramAnswerTests: XCTestCase {
  private var file: NetworkFile?

  override func setUpWithError() throws {
    file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 2, 1], sampleCount: 2, seed: 1))
  }

  private func outcome(_ text: String) throws -> TrialOutcome {
    TrialCheck.outcome(
      of: .output(Array(text.utf8)), for: try XCTUnwrap(file), options: GradientCheckOptions())
  }

  func testRightGradientsPassAndWrongOnesFail() throws {
    let file = try XCTUnwrap(self.file)
    let right = file.network.gradients(over: file.samples)
    XCTAssertTrue(try outcome(GradientFile.json(right).compact).passed)
    guard case .failed(let report) = try outcome(GradientFile.json(right.scaled(by: 2)).compact)
    else {
      return XCTFail("doubled gradients should fail")
    }
    XCTAssertEqual(report.failures, report.parametersChecked)
  }

  func testUnusableAnswersAreTypedFailures() throws {
    XCTAssertEqual(try outcome(""), .programFailed(.closedEarly(stderr: "")))
    guard case .programFailed(.notJSON) = try outcome("gradients: 1, 2") else { return XCTFail() }
    let nan = #"{"weights": [[[1, NaN], [0, 0]], [[0, 0]]], "biases": [[0, 0], [0]]}"#
    XCTAssertEqual(try outcome(nan), .programFailed(.nonFinite(path: "weights[0][0][1]")))
    let inf = #"{"weights": [[[1, 0], [0, 0]], [[0, -Infinity]]], "biases": [[0, 0], [0]]}"#
    XCTAssertEqual(try outcome(inf), .programFailed(.nonFinite(path: "weights[1][0][1]")))
    let short = #"{"weights": [[[1, 0], [0, 0]], [[0, 0]]], "biases": [[0, 0], []]}"#
    guard case .programFailed(.wrongShape(let path, _)) = try outcome(short) else {
      return XCTFail()
    }
    XCTAssertEqual(path, "biases[1]")
  }

  func testNaNInsideAStringIsLeftAlone() {
    XCTAssertEqual(ProgramJSON.replacingNonFinite(#"["NaN", NaN]"#), #"["NaN", 1e999]"#)
  }
}
