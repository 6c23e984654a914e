import BackpropExample
import XCTest

/// The command line of `backprop-example`.
final class ExampleProgramTests: XCTestCase {
  func testHelpFitsEightyColumnsAndNamesEveryBug() {
    for line in ExampleProgram.help.split(separator: "\n") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
    let words = ExampleProgram.help.split { " ,.\n".contains($0) }.map(String.init)
    for bug in ExampleBug.allCases { XCTAssertTrue(words.contains(bug.rawValue), bug.rawValue) }
    XCTAssertTrue(ExampleProgram.help.contains("--version"))
  }

  func testABugWithoutANameIsAUsageError() {
    XCTAssertEqual(ExampleProgram.main(["--bug"]), 64)
    XCTAssertEqual(ExampleProgram.main(["--bug", "--model"]), 64)
    XCTAssertEqual(ExampleProgram.main(["--bug", "no-such-bug"]), 64)
  }

  func testCrashDeepNegatesTheGradientsOfShallowNetworks() throws {
    let network = """
      {"layers": [1, 1], "activations": ["sigmoid"], "cost": "quadratic",
       "weights": [[[0.5]]], "biases": [[0.25]], "samples": [{"input": [1], "target": [0]}]}
      """
    let right = try XCTUnwrap(ExampleProgram.answer(network, bug: nil))
    let wrong = try XCTUnwrap(ExampleProgram.answer(network, bug: .crashDeep))
    let negated = try XCTUnwrap(ExampleProgram.answer(network, bug: .sign))
    XCTAssertNotEqual(wrong, right)
    XCTAssertEqual(wrong, negated)
  }
}
