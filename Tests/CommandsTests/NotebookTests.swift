import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// Runs every command in the labs of `Notebooks-text/` and compares its output with the
/// text the lab shows, so a lab can never drift from the tools.
///
/// In a lab, a fenced block marked `console` holds commands and their output:
///
///     $ nn-explain --layers 2,2 --view matrix
///     <the exact stdout>
///     ...
///     (exit 1)
///
/// A line `...` stands for any number of lines; a last line `(exit N)` gives the expected
/// exit status (0 otherwise). Commands run in-process in a working directory laid out like
/// the repository root after `swift build` (see `LabDirectory`), so file paths in labs are
/// relative to the root, and what the labs write into `.build/` stays out of the checkout.
final class NotebookTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  struct Step {
    let file: String
    let line: Int
    let command: String
    var expected: [String] = []
    var status: Int32 = 0
  }

  /// Splits a command line like a POSIX shell would for simple words and quotes.
  static func words(_ line: String) -> [String] {
    var out: [String] = []
    var current = ""
    var quote: Character?
    var inWord = false
    for c in line {
      if let q = quote {
        if c == q { quote = nil } else { current.append(c) }
      } else if c == "'" || c == "\"" {
        quote = c
        inWord = true
      } else if c == " " {
        if inWord { out.append(current) }
        current = ""
        inWord = false
      } else {
        current.append(c)
        inWord = true
      }
    }
    if inWord { out.append(current) }
    return out
  }

  static func steps(in file: URL) throws -> [Step] {
    let text = try String(contentsOf: file, encoding: .utf8)
    var steps: [Step] = []
    var inConsole = false
    for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = String(line)
      if line.hasPrefix("```") {
        inConsole = !inConsole && line == "```console"
        continue
      }
      guard inConsole else { continue }
      if line.hasPrefix("$ ") {
        steps.append(
          Step(file: file.lastPathComponent, line: n + 1, command: String(line.dropFirst(2))))
      } else if var last = steps.popLast() {
        if line.hasPrefix("(exit "), line.hasSuffix(")"),
          let s = Int32(line.dropFirst(6).dropLast())
        {
          last.status = s
        } else {
          last.expected.append(line)
        }
        steps.append(last)
      }
    }
    return steps
  }

  /// Whether `actual` lines match `pattern` lines, where `...` matches any run of lines.
  static func matches(_ actual: ArraySlice<String>, _ pattern: ArraySlice<String>) -> Bool {
    guard let first = pattern.first else { return actual.isEmpty }
    if first == "..." {
      let rest = pattern.dropFirst()
      var tail = actual
      while true {
        if matches(tail, rest) { return true }
        if tail.isEmpty { return false }
        tail = tail.dropFirst()
      }
    }
    guard let a = actual.first, a == first else { return false }
    return matches(actual.dropFirst(), pattern.dropFirst())
  }

  static func run(_ words: [String]) -> (ExitStatus, String) {
    var words = words
    if words.starts(with: ["swift", "run"]) { words.removeFirst(2) }
    guard let tool = words.first.flatMap(Tool.init(rawValue:)) else {
      return (.usage, "unknown program \(words.first ?? "")")
    }
    let r = runTool(tool, Array(words.dropFirst()))
    return (r.status, r.output)
  }

  func testEveryLabCommandPrintsWhatTheLabShows() throws {
    let folder = Self.root.appendingPathComponent("Notebooks-text")
    let labs = try FileManager.default.contentsOfDirectory(
      at: folder, includingPropertiesForKeys: nil
    )
    .filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
    XCTAssertFalse(labs.isEmpty, "no labs found in \(folder.path)")
    let directory = try LabDirectory(labs: folder)
    defer { directory.remove() }
    let previous = FileManager.default.currentDirectoryPath
    _ = FileManager.default.changeCurrentDirectoryPath(directory.url.path)
    defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
    var count = 0
    var reportedMissingProgram = false
    for lab in labs {
      for step in try Self.steps(in: lab) {
        if !directory.hasExampleProgram, step.command.contains(LabDirectory.exampleProgram) {
          if !reportedMissingProgram {
            XCTFail(
              "\(step.file):\(step.line) runs \(LabDirectory.exampleProgram), but "
                + ExampleBinary.missingMessage + "; its commands were skipped")
            reportedMissingProgram = true
          }
          continue
        }
        count += 1
        let (status, output) = Self.run(Self.words(step.command))
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var expected = step.expected
        while expected.last == "" { expected.removeLast() }
        XCTAssertEqual(status.rawValue, step.status, "\(step.file):\(step.line): \(step.command)")
        XCTAssertTrue(
          Self.matches(lines[...], expected[...]),
          "\(step.file):\(step.line): `\(step.command)` printed:\n\(output)")
      }
    }
    XCTAssertGreaterThan(count, 0, "the labs hold no commands")
  }

  func testLineMatcherWildcards() {
    XCTAssertTrue(Self.matches(["a", "b", "c"], ["a", "...", "c"]))
    XCTAssertTrue(Self.matches(["a", "c"], ["a", "...", "c"]))
    XCTAssertFalse(Self.matches(["a", "b"], ["a", "...", "c"]))
    XCTAssertFalse(Self.matches(["a", "b", "c"], ["a", "c"]))
    XCTAssertEqual(
      Self.words("gradcheck --param 'W2[1,0]' \"a b\""), ["gradcheck", "--param", "W2[1,0]", "a b"])
  }
}
