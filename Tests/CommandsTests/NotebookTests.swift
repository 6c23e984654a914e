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
///
/// Blocks folded in `<details>` (a lab's *Output* and *Answer* blocks) are run like any
/// other; the tests below also check that the answer-free handout (`LabHandout`) keeps
/// every question and command and shows no output under a prompt.
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
    try steps(in: String(contentsOf: file, encoding: .utf8), file: file.lastPathComponent)
  }

  static func steps(in text: String, file: String) -> [Step] {
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
          Step(file: file, line: n + 1, command: String(line.dropFirst(2))))
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

  static let labFolder = root.appendingPathComponent("Notebooks-text")

  /// The lab files, `README.md` included, in name order.
  static func labFiles() throws -> [URL] {
    try FileManager.default.contentsOfDirectory(at: labFolder, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
  }

  /// The numbered labs (`01-….md` to `10-….md`) with their text.
  static func labs() throws -> [(name: String, text: String)] {
    try labFiles().filter { $0.lastPathComponent.first?.isNumber == true }.map {
      ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8))
    }
  }

  func testEveryLabCommandPrintsWhatTheLabShows() throws {
    let folder = Self.labFolder
    let labs = try Self.labFiles()
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

  /// Every `$ ` line of a lab, folded or not, indented or not, is a step the test runs:
  /// a block the parser skipped would drop its commands silently.
  func testEveryCommandLineOfALabIsAStep() throws {
    let labs = try Self.labs()
    XCTAssertGreaterThanOrEqual(labs.count, 10, "labs 01 to 10 not found")
    for (name, text) in labs {
      let dollarLines = text.split(separator: "\n").filter {
        $0.drop { $0 == " " }.hasPrefix("$ ")
      }
      let steps = Self.steps(in: text, file: name)
      XCTAssertGreaterThan(steps.count, 0, "\(name) runs no command")
      XCTAssertEqual(steps.count, dollarLines.count, "\(name): commands outside console blocks")
      let visible = LabHandout(text).lines
      let folded = steps.filter { !visible.contains("$ \($0.command)") }
      XCTAssertGreaterThan(folded.count, 0, "\(name) folds no output")
    }
  }

  /// The answer-free handout of `Docs/Instructors.md` keeps every prompt and every command
  /// and leaves no output under a prompt; the folds are well formed for GitHub and `sed`.
  func testHandoutKeepsQuestionsAndCommandsAndDropsAnswers() throws {
    for (name, text) in try Self.labs() {
      let handout = LabHandout(text)
      let prompts = LabHandout.prompts(handout.lab)
      XCTAssertGreaterThan(prompts.count, 0, "\(name) has no prompt")
      XCTAssertEqual(LabHandout.prompts(handout.lines), prompts, "\(name): a prompt is folded")
      XCTAssertTrue(
        handout.lab.contains("<details><summary>Answer</summary>"), "\(name) has no answer")
      XCTAssertFalse(
        handout.lines.contains { $0.hasPrefix("<details>") || $0.hasPrefix("</details>") })
      for step in Self.steps(in: text, file: name) {
        XCTAssertTrue(handout.shows(step.command), "\(name):\(step.line) is not in the handout")
      }
      XCTAssertEqual(handout.outputUnderPrompts, [], "\(name): handout lines with output")
      XCTAssertEqual(handout.malformedFolds, [], "\(name): lab lines")
    }
  }

  func testHandoutOfASmallLab() {
    let lab = """
      **Predict.** How many?

      Run: `nn-explain --layers 2,2`

      <details><summary>Output</summary>

      ```console
      $ nn-explain --layers 2,2
      ```

      </details>
      after
      """
    let handout = LabHandout(lab)
    XCTAssertEqual(
      handout.lines, ["**Predict.** How many?", "", "Run: `nn-explain --layers 2,2`", "", "after"])
    XCTAssertTrue(handout.shows("nn-explain --layers 2,2"))
    XCTAssertFalse(handout.shows("nn-explain --layers 2"))
    XCTAssertEqual(handout.outputUnderPrompts, [])
    XCTAssertEqual(handout.malformedFolds, [])
    let unfolded = LabHandout("**Predict.** x\n\n```console\n$ a\n```\n## 2\n```console\n```")
    XCTAssertEqual(unfolded.outputUnderPrompts, [3])
    let cramped = LabHandout("<details><summary>A</summary>\n```console\n```\n</details>")
    XCTAssertEqual(cramped.malformedFolds, [1, 4])
    let nested = LabHandout("<details>\n\n<details>\n\n</details>\n")
    XCTAssertEqual(nested.malformedFolds, [3])
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
