import Backprop
import XCTest

final class PredictionRuleTests: XCTestCase {
  func testOneHotTargetsUseTheLargestOutput() {
    XCTAssertTrue(PredictionRule.isRight(output: [0.2, 0.3, 0.25], target: [0, 1, 0]))
    XCTAssertFalse(PredictionRule.isRight(output: [0.4, 0.3, 0.25], target: [0, 1, 0]))
  }

  func testOtherTargetsCompareEachOutputWithAHalf() {
    // The half-adder's (0, 0) and (0, 1) are not one-hot classes but two bits.
    XCTAssertTrue(PredictionRule.isRight(output: [0.1, 0.2], target: [0, 0]))
    XCTAssertFalse(PredictionRule.isRight(output: [0.1, 0.6], target: [0, 0]))
    XCTAssertTrue(PredictionRule.isRight(output: [0.7], target: [1]))
    XCTAssertFalse(PredictionRule.isRight(output: [0.3], target: [1]))
  }

  func testPredictedClass() {
    XCTAssertEqual(PredictionRule.predictedClass([0.7]), 1)
    XCTAssertEqual(PredictionRule.predictedClass([0.2]), 0)
    XCTAssertEqual(PredictionRule.predictedClass([0.2, 0.5, 0.3]), 1)
  }

  func testTheReadingFollowsTheTargetsAsIsRightDoes() {
    XCTAssertEqual(PredictionRule.reading(for: [[0, 0], [1, 0], [0, 1]]), .thresholded)
    XCTAssertEqual(PredictionRule.reading(for: [[1, 0], [0, 1]]), .largestOutput)
    XCTAssertEqual(PredictionRule.reading(for: [[1], [0]]), .thresholded)
    XCTAssertEqual(PredictionRule.predictedClass([0.9, 0.2], reading: .thresholded), 2)
    XCTAssertEqual(PredictionRule.predictedClass([0.1, 0.2], reading: .thresholded), 0)
    XCTAssertEqual(PredictionRule.predictedClass([0.1, 0.2], reading: .largestOutput), 1)
    XCTAssertEqual(PredictionRule.predictedClass([0.6, 0.7, 0.2], reading: .thresholded), 6)
  }
}
