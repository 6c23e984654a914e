import Backprop
import CommandLineSupport
import Commands
import Foundation
import XCTest

/// `gradcheck --exec CMD --model` against the convolution example (protocol 2).
final class ModelExecTests: XCTestCase {
  private func run(_ extra: [String], bug: String? = nil) throws -> (ExitStatus, JSONValue) {
    let c = CapturingConsole()
    let program =
      ExecWordsQuoting.quoted(try ExampleBinary.required()) + " --model"
      + (bug.map { " --bug \($0)" } ?? "")
    let status = GradcheckCommand.main(
      ["--exec", program, "--model", "--format", "json", "--timeout", "20"] + extra,
      console: c.console)
    XCTAssertEqual(c.error, "")
    return (status, try JSONValue.parse(c.output))
  }

  private func kernelDiagnosis(_ report: JSONValue) -> JSONValue? {
    guard case .array(let tensors) = report["tensors"] else { return nil }
    return tensors.first { $0["name"] == .string("kernel") }?["diagnosis"]?["cause"]
  }

  func testTheRightConvolutionPasses() throws {
    let (status, report) = try run([])
    XCTAssertEqual(status, .success)
    XCTAssertEqual(report["checked"], .number(10), "9 kernel entries and 1 bias")
    XCTAssertEqual(report["failures"], .number(0))
  }

  func testEachModelMistakeIsNamed() throws {
    for (bug, cause) in [
      ("sign", "sign"), ("scale", "scale"), ("transpose", "transpose"),
      ("entry", "isolated-entries"),
    ] {
      let (status, report) = try run([], bug: bug)
      XCTAssertEqual(status, .checkFailed, bug)
      XCTAssertEqual(kernelDiagnosis(report), .string(cause), bug)
    }
  }

  func testEntriesSampleALargerModel() throws {
    let (status, report) = try run(["--entries", "4"], bug: nil)
    XCTAssertEqual(status, .success)
    XCTAssertEqual(report["checked"], .number(5), "4 kernel entries, the 1 bias")
  }

  func testDirectionsFindTheWrongEntries() throws {
    let (status, report) = try run(["--directional", "12", "--seed", "1"], bug: "entry")
    XCTAssertEqual(status, .checkFailed)
    XCTAssertEqual(report["directions"], .number(12))
    XCTAssertEqual(kernelDiagnosis(report), .string("isolated-entries"))
    let (right, passed) = try run(["--directional", "12"])
    XCTAssertEqual(right, .success)
    XCTAssertEqual(passed["failedDirections"], .number(0))
  }

  func testAModelThatDiesIsAFailedCheck() throws {
    let c = CapturingConsole()
    let status = GradcheckCommand.main(
      ["--exec", "sh -c 'read line; echo not json'", "--model"], console: c.console)
    XCTAssertEqual(status, .checkFailed)
    XCTAssertTrue(c.output.contains("FAILED: the program output is not JSON"), c.output)
  }
}
