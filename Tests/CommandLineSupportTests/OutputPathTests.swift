import CommandLineSupport
import Foundation
import TestSupport
import XCTest

/// `OutputPath` against real files and directories made by the test.
final class OutputPathTests: XCTestCase {
  func testProblemsOfPathsThatCannotBeWritten() throws {
    let directory = try TemporaryDirectory("output-path")
    let existing = try directory.write("x", "existing.txt")
    let base = directory.url.path
    XCTAssertNil(OutputPath.problem(existing))
    XCTAssertNil(OutputPath.problem(base + "/new.json"))
    XCTAssertNil(OutputPath.problem("-"))
    XCTAssertEqual(OutputPath.problem(""), .empty)
    XCTAssertEqual(OutputPath.problem(base), .isDirectory)
    XCTAssertEqual(
      OutputPath.problem(base + "/missing/new.json"), .missingDirectory(base + "/missing"))
    XCTAssertEqual(OutputPath.problem(existing + "/new.json"), .parentNotDirectory(existing))
    XCTAssertNil(OutputPath.problem(existing), "checking creates and truncates nothing")
    XCTAssertEqual(try String(contentsOfFile: existing, encoding: .utf8), "x")
    XCTAssertFalse(FileManager.default.fileExists(atPath: base + "/new.json"))
  }

  func testCheckNamesTheOptionAndExitsWithCannotOpen() throws {
    let spec = CommandSpec(
      name: "tool", version: "1", overview: "A test.", usage: ["[options]"],
      options: [.value("save", "file", "Where to save.")], discussion: "")
    let parsed = try ParsedArguments(["--save", "/nonexistent-dir/out.json"], spec: spec)
    XCTAssertThrowsError(try OutputPath.check(parsed, option: "save")) { error in
      XCTAssertEqual(
        error as? CommandError,
        CommandError(
          .cannotOpen,
          "--save /nonexistent-dir/out.json: cannot write: no such folder /nonexistent-dir"
        ))
    }
    XCTAssertNoThrow(try OutputPath.check(try ParsedArguments([], spec: spec), option: "save"))
  }
}
