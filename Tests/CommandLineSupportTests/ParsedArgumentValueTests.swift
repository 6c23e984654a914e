import CommandLineSupport
import XCTest

/// The typed accessors of `ParsedArguments`: integer lists, choices from an enumeration,
/// non-negative and positive numbers, each with the error that names its option.
final class ParsedArgumentValueTests: XCTestCase {
  enum Shape: String, CaseIterable { case round, square }

  let spec = CommandSpec(
    name: "tool", version: "1", overview: "Does a thing.", usage: ["[options]"],
    options: [
      .value("sizes", "list", "Sizes."), .value("shape", "name", "A shape."),
      .value("tol", "x", "A tolerance."),
    ])

  func parse(_ args: [String]) throws -> ParsedArguments { try ParsedArguments(args, spec: spec) }

  func testIntegersAllowSpacesAroundButNotInsideANumber() throws {
    XCTAssertEqual(try parse(["--sizes", "2,3"]).integers("sizes", in: 1...9), [2, 3])
    XCTAssertEqual(try parse(["--sizes", " 2 , 3 "]).integers("sizes", in: 1...9), [2, 3])
    XCTAssertNil(try parse([]).integers("sizes", in: 1...9))
    XCTAssertThrowsError(try parse(["--sizes", "1 2,1"]).integers("sizes", in: 1...99)) {
      XCTAssertEqual(($0 as? CommandError)?.status, .usage)
      XCTAssertTrue("\($0)".contains("'1 2' is not one"), "\($0)")
    }
    XCTAssertThrowsError(try parse(["--sizes", "2,,3"]).integers("sizes", in: 1...9))
    XCTAssertThrowsError(try parse(["--sizes", "2,1.5"]).integers("sizes", in: 1...9))
    XCTAssertThrowsError(try parse(["--sizes", "2,10"]).integers("sizes", in: 1...9)) {
      XCTAssertTrue("\($0)".contains("from 1 to 9, got 10"), "\($0)")
    }
  }

  func testGenericChoiceListsTheCases() throws {
    XCTAssertEqual(try parse([]).choice("shape", default: Shape.round), .round)
    XCTAssertEqual(try parse(["--shape", "square"]).choice("shape", default: Shape.round), .square)
    XCTAssertNil(try parse([]).choice("shape", of: Shape.self))
    XCTAssertThrowsError(try parse(["--shape", "oval"]).choice("shape", default: Shape.round)) {
      XCTAssertTrue("\($0)".contains("--shape must be one of round, square; got 'oval'"), "\($0)")
    }
  }

  func testNonNegativeNumberAllowsZeroAndPositiveNumberDoesNot() throws {
    XCTAssertEqual(try parse(["--tol", "0"]).nonNegativeNumber("tol"), 0)
    XCTAssertEqual(try parse(["--tol", "1e-3"]).nonNegativeNumber("tol"), 1e-3)
    XCTAssertThrowsError(try parse(["--tol", "-1"]).nonNegativeNumber("tol")) {
      XCTAssertTrue("\($0)".contains("--tol must be zero or positive, got -1"), "\($0)")
    }
    XCTAssertThrowsError(try parse(["--tol", "0"]).positiveNumber("tol")) {
      XCTAssertTrue("\($0)".contains("--tol must be positive, got 0"), "\($0)")
    }
    XCTAssertThrowsError(try parse(["--tol", "nan"]).nonNegativeNumber("tol"))
  }
}
