import CommandLineSupport
import XCTest

final class ArgumentParserTests: XCTestCase {
  let spec = CommandSpec(
    name: "tool", version: "9.9.9", overview: "Does a thing.",
    usage: ["--network <file> [--verbose]"],
    options: [
      .value("network", "file", "The network file."),
      .value("epsilon", "h", "The step.", default: "1e-5"),
      .value("input", "values", "Input values."),
      .flag("verbose", "Print more.", short: "v"),
    ])

  func parse(_ args: [String]) throws -> ParsedArguments { try ParsedArguments(args, spec: spec) }

  func testSpaceAndEqualsFormsGiveTheSameValue() throws {
    XCTAssertEqual(try parse(["--epsilon", "1e-6"]).value("epsilon"), "1e-6")
    XCTAssertEqual(try parse(["--epsilon=1e-6"]).value("epsilon"), "1e-6")
    XCTAssertEqual(try parse(["--epsilon="]).value("epsilon"), "")
  }

  func testAValueOptionGivenTwiceIsAUsageError() throws {
    XCTAssertThrowsError(try parse(["--network", "a.json", "--network=b.json"])) { error in
      XCTAssertEqual((error as? CommandError)?.status, .usage)
      XCTAssertTrue("\(error)".contains("--network is given more than once"), "\(error)")
    }
    XCTAssertTrue(try parse(["-v", "--verbose"]).flag("verbose"))
  }

  func testFlagsShortNamesAndPositionals() throws {
    let p = try parse(["-v", "extra", "--", "--verbose"])
    XCTAssertTrue(p.flag("verbose"))
    XCTAssertEqual(p.positionals, ["extra", "--verbose"])
  }

  func testNegativeNumbersAreValuesButOptionsAreNot() throws {
    XCTAssertEqual(try parse(["--input", "-1,2"]).value("input"), "-1,2")
    XCTAssertEqual(try parse(["--epsilon", "-1"]).value("epsilon"), "-1")
    XCTAssertThrowsError(try parse(["--network", "--verbose"])) { error in
      XCTAssertEqual((error as? CommandError)?.status, .usage)
      XCTAssertTrue("\(error)".contains("missing value for --network"), "\(error)")
    }
  }

  func testUnknownOptionsAndMisusedFlagsAreUsageErrors() {
    for args in [["--bogus"], ["-x"], ["--verbose=yes"], ["--network"], ["-vv"]] {
      XCTAssertThrowsError(try parse(args), "\(args)") { error in
        XCTAssertEqual((error as? CommandError)?.status, .usage, "\(args)")
      }
    }
  }

  func testTypedAccessorsNameTheOption() throws {
    let p = try parse(["--epsilon", "abc", "--input", "1,x"])
    XCTAssertThrowsError(try p.positiveNumber("epsilon")) {
      XCTAssertTrue("\($0)".contains("--epsilon"))
    }
    XCTAssertThrowsError(try p.numbers("input")) { XCTAssertTrue("\($0)".contains("'x'")) }
    XCTAssertThrowsError(try parse(["--epsilon", "-2"]).positiveNumber("epsilon")) {
      XCTAssertTrue("\($0)".contains("must be positive"))
    }
    XCTAssertThrowsError(try parse(["--epsilon", "inf"]).positiveNumber("epsilon"))
    XCTAssertThrowsError(try parse(["--epsilon", "nan"]).positiveNumber("epsilon"))
    XCTAssertEqual(try parse(["--input", "0.5, -1"]).numbers("input"), [0.5, -1])
    XCTAssertNil(try parse([]).integer("epsilon", in: 0...3))
    XCTAssertThrowsError(try parse(["--epsilon", "7"]).integer("epsilon", in: 0...3))
  }

  func testHelpScreenLayoutFitsEightyColumns() {
    let help = spec.helpScreen()
    XCTAssertTrue(help.hasPrefix("OVERVIEW: Does a thing.\n\nUSAGE: tool --network <file>"))
    XCTAssertTrue(help.contains("\nOPTIONS:\n"))
    XCTAssertTrue(help.contains("  --epsilon <h>           The step. (default: 1e-5)\n"), help)
    XCTAssertTrue(help.contains("  -v, --verbose           Print more.\n"), help)
    XCTAssertTrue(help.contains("  -h, --help              Show help information.\n"), help)
    for line in help.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80) }
  }

  func testRunnerMapsErrorsToStatusesAndMessages() {
    let capture = CapturingConsole()
    let status = runCommand(spec, arguments: ["--bogus"], console: capture.console) { _, _ in
      .success
    }
    XCTAssertEqual(status, .usage)
    XCTAssertEqual(
      capture.error,
      "Error: unknown option '--bogus'\nUsage: tool --network <file> [--verbose]\n"
        + "  See 'tool --help' for more information.\n")
    XCTAssertEqual(capture.output, "")

    let data = CapturingConsole()
    let s2 = runCommand(spec, arguments: [], console: data.console) { _, _ in
      throw CommandError(.dataError, "net.json: weights[0]: expected 2 rows, found 3")
    }
    XCTAssertEqual(s2, .dataError)
    XCTAssertEqual(data.error, "Error: net.json: weights[0]: expected 2 rows, found 3\n")
  }

  func testHelpAndVersionGoToStdoutAndSucceed() {
    let help = CapturingConsole()
    XCTAssertEqual(
      runCommand(spec, arguments: ["-h"], console: help.console) { _, _ in .checkFailed }, .success)
    XCTAssertTrue(help.output.hasPrefix("OVERVIEW:"))
    let version = CapturingConsole()
    XCTAssertEqual(
      runCommand(spec, arguments: ["--version"], console: version.console) { _, _ in .checkFailed },
      .success)
    XCTAssertEqual(version.output, "tool 9.9.9\n")
  }

  func testColourOnlyOnATerminalWithoutNoColor() {
    XCTAssertTrue(CapturingConsole(terminal: true).console.colorEnabled)
    XCTAssertFalse(CapturingConsole(terminal: false).console.colorEnabled)
    XCTAssertFalse(
      CapturingConsole(terminal: true, environment: ["NO_COLOR": "1"]).console.colorEnabled)
    XCTAssertTrue(
      CapturingConsole(terminal: true, environment: ["NO_COLOR": ""]).console.colorEnabled)
    XCTAssertFalse(
      CapturingConsole(terminal: true, environment: ["TERM": "dumb"]).console.colorEnabled)
    XCTAssertTrue(
      CapturingConsole(terminal: true, environment: ["TERM": "xterm-256color"]).console.colorEnabled
    )
    XCTAssertEqual(TextStyle(enabled: false).fail("x"), "x")
    XCTAssertEqual(TextStyle(enabled: true).fail("x"), "\u{1B}[31mx\u{1B}[0m")
  }
}

final class ArgumentParserReviewTests: XCTestCase {
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

  func testLongErrorsAreWrappedToEightyColumnsWithIndentedContinuations() {
    let words = (1...40).map { "word\($0)" }
    let capture = CapturingConsole()
    let status = runCommand(spec, arguments: [], console: capture.console) { _, _ in
      throw CommandError(.dataError, words.joined(separator: " "))
    }
    XCTAssertEqual(status, .dataError)
    let lines = capture.error.split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertEqual(lines.last, "")
    let text = lines.dropLast()
    XCTAssertGreaterThan(text.count, 2)
    XCTAssertTrue(text[0].hasPrefix("Error: word1 word2 "))
    for line in text {
      XCTAssertLessThanOrEqual(line.count, 80, "\(line)")
      XCTAssertFalse(line.hasSuffix(" "), "\(line)")
    }
    for line in text.dropFirst() {
      XCTAssertTrue(line.hasPrefix("  ") && !line.hasPrefix("   "), "\(line)")
    }
    // Each line is full: the next word would not have fitted.
    for (n, line) in text.enumerated().dropLast() {
      let next = text[n + 1].split(separator: " ").first ?? ""
      XCTAssertGreaterThan(line.count + 1 + next.count, 80, "\(line)")
    }
    // No word is lost or reordered.
    let back = text.joined(separator: " ").split(separator: " ").dropFirst().map(String.init)
    XCTAssertEqual(back, words)
    // A short message stays on one line.
    let short = CapturingConsole()
    _ = runCommand(spec, arguments: [], console: short.console) { _, _ in
      throw CommandError(.dataError, "net.json: weights[0]: expected 2 rows, found 3")
    }
    XCTAssertEqual(short.error, "Error: net.json: weights[0]: expected 2 rows, found 3\n")
  }
}
