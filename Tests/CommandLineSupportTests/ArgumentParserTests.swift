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
