import CommandLineSupport
import XCTest

/// How `runCommand` reports a thrown error: `Error: …` wrapped to 80 columns.
final class CommandRunnerErrorTests: XCTestCase {
  let spec = CommandSpec(
    name: "tool", version: "1", overview: "Does a thing.", usage: ["[options]"], options: [])

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
