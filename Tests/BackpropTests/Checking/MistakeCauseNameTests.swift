import Foundation
import XCTest

@testable import Backprop

/// Every classic mistake the checker can build is reported under the cause of the same name.
final class MistakeCauseNameTests: XCTestCase {
  /// Each mistake built into backprop is reported as the cause of the same name, against a
  /// table written here.
  func testEveryBuiltMistakeHasTheCauseOfTheSameName() {
    let expected: [BackpropMistake: (MistakeCause, String)] = [
      .missingOutputDerivative: (.missingOutputDerivative, "missing-output-derivative"),
      .derivativeOfActivation: (.derivativeOfActivation, "derivative-of-activation"),
      .previousActivation: (.previousActivation, "previous-activation"),
      .transpose: (.transpose, "transpose"),
    ]
    XCTAssertEqual(BackpropMistake.allCases.count, expected.count)
    for mistake in BackpropMistake.allCases {
      XCTAssertEqual(MistakeCause(rawValue: mistake.rawValue)?.rawValue, mistake.rawValue)
      XCTAssertEqual(mistake.cause, expected[mistake]?.0, "\(mistake)")
      XCTAssertEqual(mistake.rawValue, expected[mistake]?.1, "\(mistake)")
    }
  }
}
