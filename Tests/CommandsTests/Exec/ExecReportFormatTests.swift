import Backprop
import CommandLineSupport
import Commands
import Foundation
import XCTest

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The JUnit and Gradescope reports parse and carry the text report's numbers.
final class ExecReportFormatTests: XCTestCase {
  private func run(_ bug: String, format: String) throws -> String {
    let c = CapturingConsole()
    let program = ExecWordsQuoting.quoted(try ExampleBinary.required())
    _ = GradcheckCommand.main(
      [
        "--exec", program + " --bug " + bug, "--trials", "5", "--seed", "2", "--layers-range",
        "1...2",
        "--sizes-range", "1...3", "--samples-range", "1...3", "--format", format, "--no-shrink",
      ],
      console: c.console)
    return c.output
  }

  /// `PASSED: p of n trials passed.` in the text report.
  private func textCounts(_ bug: String) throws -> (passed: Int, total: Int) {
    let text = try run(bug, format: "text")
    let line = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("trials passed") })
    let words = line.split(separator: " ")
    return (try XCTUnwrap(Int(words[1])), try XCTUnwrap(Int(words[3])))
  }

  private final class Cases: NSObject, XMLParserDelegate {
    var cases = 0
    var failures = 0
    var messages: [String] = []
    var suiteTests: String?
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      if name == "testcase" { cases += 1 }
      if name == "failure" {
        failures += 1
        messages.append(attributes["message"] ?? "")
      }
      if name == "testsuite" { suiteTests = attributes["tests"] }
    }
  }

  func testJUnitParsesWithOneCasePerTrial() throws {
    // multi-sample fails exactly on the trials with more than one sample.
    let (passed, total) = try textCounts("multi-sample")
    let xml = try run("multi-sample", format: "junit")
    let parser = XMLParser(data: Data(xml.utf8))
    let cases = Cases()
    parser.delegate = cases
    XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")\n\(xml)")
    XCTAssertEqual(cases.cases, total)
    XCTAssertEqual(cases.suiteTests, "\(total)")
    XCTAssertEqual(cases.failures, total - passed)
    XCTAssertTrue(
      cases.messages.allSatisfy { $0.hasPrefix("gradients disagree at") }, "\(cases.messages)")
  }

  func testGradescopeResultsCarryTheScore() throws {
    let (passed, total) = try textCounts("multi-sample")
    let results = try JSONValue.parse(try run("multi-sample", format: "gradescope"))
    XCTAssertEqual(results["score"], .number(Double(passed)))
    XCTAssertEqual(results["max_score"], .number(Double(total)))
    guard case .array(let tests) = results["tests"] else { return XCTFail("no tests") }
    XCTAssertEqual(tests.count, total)
    var earned = 0.0
    for t in tests {
      guard case .string = t["name"], case .number(let s) = t["score"],
        t["max_score"] == .number(1),
        case .string = t["output"]
      else { return XCTFail("incomplete test \(t)") }
      earned += s
    }
    XCTAssertEqual(earned, Double(passed))
    guard case .string(let output) = results["output"] else { return XCTFail("no output") }
    XCTAssertTrue(output.contains("\(passed) of \(total) trials passed"), output)
  }

  func testAProgramFailureIsAJUnitFailureWithItsReason() throws {
    let xml = try run("garbage", format: "junit")
    let cases = Cases()
    let parser = XMLParser(data: Data(xml.utf8))
    parser.delegate = cases
    XCTAssertTrue(parser.parse())
    XCTAssertEqual(cases.failures, 5)
    XCTAssertTrue(
      cases.messages.allSatisfy { $0.hasPrefix("output is not JSON") }, "\(cases.messages)")
  }
}
