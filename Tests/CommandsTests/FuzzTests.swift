import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import TextSupport
import XCTest

/// Feeds malformed files and argument lists to both commands.
///
/// Every run must end with a documented exit status and, for a failure, a message on
/// stderr; a crash would stop the test process itself.
final class FuzzTests: XCTestCase {
  static let validNetwork = """
    {"layers": [2, 3, 2], "activations": ["relu", "softmax"],
     "cost": "categorical-cross-entropy",
     "weights": [[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]], [[0.7, -0.8, 0.9], [1.0, -1.1, 1.2]]],
     "biases": [[0.01, 0.02, 0.03], [0.04, 0.05]],
     "samples": [{"input": [1, 0.5], "target": [0, 1]}, {"input": [-1, 2], "target": [1, 0]}]}
    """

  /// One seeded mutation: cut, delete, duplicate or replace a span of the text.
  static func mutate(_ text: [Character], using rng: inout SplitMix64) -> String {
    var t = text
    let pieces: [String] = [
      "", "[", "]", "{", "}", ",", ":", "\"", "-", "1e999", "NaN", "null", "true", "0", "-1",
      "2.5", "\"tanh\"", "[]", "{}", "\\u0000", "1e9", "\u{FEFF}",
    ]
    for _ in 0..<(1 + rng.nextInt(below: 3)) {
      guard !t.isEmpty else { break }
      let i = rng.nextInt(below: t.count)
      let j = min(t.count, i + rng.nextInt(below: 8))
      switch rng.nextInt(below: 4) {
      case 0: t = Array(t[..<i])
      case 1: t.removeSubrange(i..<j)
      case 2: t.insert(contentsOf: t[i..<j], at: j)
      default: t.replaceSubrange(i..<j, with: Array(pieces[rng.nextInt(below: pieces.count)]))
      }
    }
    return String(t)
  }

  func run(_ tool: String, _ args: [String]) -> (ExitStatus, ToolRun) {
    let r = runTool(tool == "gradcheck" ? .gradcheck : .explain, args)
    return (r.status, r)
  }

  func testMutatedNetworkFilesAreRejectedCleanly() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("net.json").path
    var rng = SplitMix64(seed: 2026)
    let original = Array(Self.validNetwork)
    var rejected = 0
    for round in 0..<150 {
      let text = Self.mutate(original, using: &rng)
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      for tool in ["gradcheck", "nn-explain"] {
        let (status, capture) = run(tool, ["--network", path])
        XCTAssertTrue(
          [.success, .checkFailed, .dataError].contains(status),
          "round \(round), \(tool): status \(status) for\n\(text)\n\(capture.error)")
        if status == .dataError {
          rejected += 1
          XCTAssertTrue(capture.error.hasPrefix("Error: \(path): "), capture.error)
          XCTAssertEqual(capture.output, "")
        }
      }
    }
    XCTAssertGreaterThan(rejected, 100, "most mutations should make the file invalid")
  }

  func testRandomArgumentListsEndWithADocumentedStatus() {
    let words = [
      "--layers", "2,2", "1,1", "3,0", "2", "-1", "--activation", "relu", "softmax", "bogus",
      "--cost", "mse", "cross-entropy", "--samples", "0", "3", "--seed", "7", "--epsilon",
      "1e-300", "--method", "complex-step", "five-point", "--format", "json", "markdown",
      "--verbose", "--quiet", "--entries", "--directional", "--param", "W1[0,0]", "b9[0]",
      "--layer", "1", "--view", "index", "--input", "0,1", "--target", "1", "--network",
      "/nonexistent", "--gradients", "--precision", "float", "--ascii", "--rtol", "--atol",
      "--output-activation", "sigmoid", "--sample", "--", "x",
    ]
    var rng = SplitMix64(seed: 99)
    let allowed: [ExitStatus] = [.success, .checkFailed, .usage, .dataError, .cannotOpen]
    for round in 0..<300 {
      let args = (0..<(1 + rng.nextInt(below: 7))).map { _ in words[rng.nextInt(below: words.count)]
      }
      for tool in ["gradcheck", "nn-explain"] {
        let (status, capture) = run(tool, args)
        XCTAssertTrue(allowed.contains(status), "round \(round), \(tool) \(args): \(status)")
        if status == .usage || status == .dataError || status == .cannotOpen {
          XCTAssertTrue(capture.error.hasPrefix("Error: "), "\(tool) \(args): \(capture.error)")
        }
      }
    }
  }
}

/// The hardening fuzz of the commands, in-process.
///
/// 12,250 seeded malformed inputs go through the file readers and the argument parsers of
/// gradcheck, nn-explain and nn-train. Each ends with its documented exit
/// status and one error message on one logical line (wrapped to 80 columns) that names the
/// argument or the JSON path; none crashes.
final class MalformedInputFuzzTests: XCTestCase {
  /// Asserts that `run` printed one error on one logical line naming one of `names`.
  ///
  /// The error block of `run` (before the usage lines) is `Error: ` and one message wrapped
  /// by the console's own rule, which holds only for a message without line breaks; it
  /// names one of `names`. Returns the message.
  @discardableResult
  func assertOneLineError(
    _ run: ToolRun, naming names: [String], _ context: @autoclosure () -> String,
    file: StaticString = #filePath, line: UInt = #line
  ) -> String {
    let lines = run.error.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let block = Array(lines.prefix { !$0.hasPrefix("Usage:") && !$0.isEmpty })
    guard let first = block.first, first.hasPrefix("Error: ") else {
      XCTFail("no error line: \(run.error.prefix(300)) — \(context())", file: file, line: line)
      return ""
    }
    XCTAssertTrue(
      block.dropFirst().allSatisfy { $0.hasPrefix("  ") && !$0.hasPrefix("   ") },
      "continuation lines: \(run.error.prefix(400)) — \(context())", file: file, line: line)
    let message = ([String(first.dropFirst(7))] + block.dropFirst().map { String($0.dropFirst(2)) })
      .joined(separator: " ")
    XCTAssertEqual(
      WordWrap.lines(message, width: 80, prefix: "Error: ", indent: 2), block,
      "not one line: \(context())", file: file, line: line)
    XCTAssertLessThanOrEqual(
      message.count, 400, "message too long: \(context())", file: file, line: line)
    XCTAssertTrue(
      names.contains { message.contains($0) }, "\(message) names none of \(names) — \(context())",
      file: file, line: line)
    XCTAssertEqual(run.output, "", context(), file: file, line: line)
    return message
  }

  /// 3,400 broken network files, 200 of each kind: every one the reader rejects has a JSON
  /// path and a one-line message; one in 32 also goes through a command as a file, which
  /// exits 65 naming the file and the path, or 0 or 1 when the breakage left it valid.
  func testBrokenNetworkFilesAreRejectedWithTheirJSONPath() throws {
    let directory = try TemporaryDirectory("fuzz-network")
    defer { directory.remove() }
    var rng = SplitMix64(seed: 12)
    var rejected = 0
    var runs = 0
    var generated = 0
    for _ in 0..<200 {
      for breakage in MalformedInputs.Breakage.allCases {
        let (text, mustReject) = MalformedInputs.networkText(breakage, &rng)
        do {
          _ = try NetworkFile(json: text)
          XCTAssertFalse(mustReject, "\(breakage) accepted: \(text.prefix(200))")
        } catch {
          rejected += 1
          XCTAssertFalse(error.field.isEmpty)
          XCTAssertFalse(error.description.contains("\n"), "\(breakage): \(error)")
          XCTAssertLessThanOrEqual(error.description.count, 300, "\(breakage)")
        }
        generated += 1
        guard generated % 32 == 0 else { continue }
        runs += 1
        let path = try directory.write(text, "net-\(runs % 8).json")
        let tool: Tool = runs % 2 == 0 ? .gradcheck : .explain
        let run = runTool(tool, ["--network", path])
        if mustReject {
          XCTAssertEqual(run.status, .dataError, "\(breakage) \(tool): \(run.error)")
        } else {
          XCTAssertTrue(
            [.success, .checkFailed, .dataError].contains(run.status), "\(breakage) \(tool)")
        }
        if run.status == .dataError {
          let message = assertOneLineError(run, naming: [path], "\(breakage) \(tool)")
          XCTAssertTrue(message.hasPrefix(path + ": "), message)
        }
      }
    }
    XCTAssertGreaterThan(rejected, 3_000)
    XCTAssertGreaterThan(runs, 100)
  }

  /// Broken gradient files against a valid network: 1,000 through the reader, one in 10
  /// through gradcheck.
  func testBrokenGradientFilesAreRejectedWithTheirJSONPath() throws {
    let directory = try TemporaryDirectory("fuzz-gradients")
    defer { directory.remove() }
    let network = try NetworkFile(json: MalformedInputs.network.compact)
    let networkPath = try directory.write(MalformedInputs.network.compact, "net.json")
    let valid = GradientFile.json(network.network.gradients(over: network.samples))
    var rng = SplitMix64(seed: 13)
    for round in 0..<1_000 {
      var chars = Array(valid.compact)
      let cut = rng.nextInt(below: chars.count)
      switch rng.nextInt(below: 3) {
      case 0: chars = Array(chars[..<cut])
      case 1: chars.remove(at: cut)
      default:
        chars.insert(
          contentsOf: ["]", "[", "null", "1e999", "\"x\""][rng.nextInt(below: 5)], at: cut)
      }
      let text = String(chars)
      var rejectedByReader = false
      do {
        _ = try GradientFile.read(json: text, for: network.network)
      } catch {
        rejectedByReader = true
        XCTAssertFalse(error.description.contains("\n"))
      }
      guard round % 10 == 0 else { continue }
      let path = try directory.write(text, "grad.json")
      let run = runTool(.gradcheck, ["--network", networkPath, "--gradients", path, "-q"])
      if rejectedByReader {
        XCTAssertEqual(run.status, .dataError, text)
        assertOneLineError(run, naming: [path], text)
      } else {
        XCTAssertTrue([.success, .checkFailed].contains(run.status))
      }
    }
  }

  /// Files that cannot be read or hold no text: each exits 66 or 65 naming the file.
  func testUnreadableMissingEmptyAndNonUTF8FilesAreFoundBeforeTheWork() throws {
    let directory = try TemporaryDirectory("fuzz-files")
    defer { directory.remove() }
    var rng = SplitMix64(seed: 14)
    for round in 0..<100 {
      let bytes = MalformedInputs.invalidUTF8(&rng)
      let path = directory.url.appendingPathComponent("bad-\(round % 4).json").path
      try bytes.write(to: URL(fileURLWithPath: path))
      let run = runTool(round % 2 == 0 ? .gradcheck : .explain, ["--network", path])
      XCTAssertEqual(run.status, .dataError)
      XCTAssertTrue(assertOneLineError(run, naming: [path], "utf-8").contains("not UTF-8"))
    }
    let empty = try directory.write("", "empty.json")
    let cases: [(String, ExitStatus, String)] = [
      (directory.url.path, .cannotOpen, "directory"),
      (directory.url.appendingPathComponent("missing.json").path, .cannotOpen, "no such file"),
      (empty, .dataError, "empty"),
    ]
    for (path, status, reason) in cases {
      for tool in [Tool.gradcheck, .explain] {
        let run = runTool(tool, ["--network", path])
        XCTAssertEqual(run.status, status, "\(tool) \(path)")
        XCTAssertTrue(assertOneLineError(run, naming: [path], path).contains(reason), run.error)
      }
      let gradients = runTool(
        .gradcheck,
        [
          "--network", try directory.write(MalformedInputs.network.compact, "n.json"),
          "--gradients", path,
        ])
      XCTAssertEqual(gradients.status, status)
      assertOneLineError(gradients, naming: [path], path)
    }
  }

  /// Seeded argument lists end with a documented status and usage errors on one line.
  ///
  /// 3,400 lists for gradcheck and nn-explain, 850 of them for nn-train: every run ends
  /// with a documented status;
  /// every usage error is one line naming an option (or the stray argument).
  func testRandomArgumentListsEndWithADocumentedStatusAndOneLine() {
    var rng = SplitMix64(seed: 15)
    let allowed: [ExitStatus] = [.success, .checkFailed, .usage, .dataError, .cannotOpen]
    var usageErrors = 0
    for round in 0..<3_400 {
      let args = MalformedInputs.arguments(&rng)
      // nn-train gets one list in four, with one epoch so that a valid list trains briefly.
      let tools: [Tool] = round % 4 == 0 ? [.gradcheck, .explain, .train] : [.gradcheck, .explain]
      for tool in tools {
        let extra: [String] =
          tool == .gradcheck ? ["-q"] : tool == .train ? ["--epochs", "1", "--every", "1"] : []
        let run = runTool(tool, args + extra)
        XCTAssertTrue(
          allowed.contains(run.status), "round \(round), \(tool) \(args): \(run.status)")
        if run.status == .usage {
          usageErrors += 1
          assertOneLineError(
            run, naming: ["--", "argument", "option '-"], "\(tool) \(args)")
          XCTAssertTrue(run.error.contains("Usage: \(tool.rawValue)"))
        } else if run.status == .dataError || run.status == .cannotOpen {
          // A file that cannot be read or is invalid: the message names its path.
          let words = args.flatMap { $0.split(separator: "=", maxSplits: 1).map(String.init) }
          assertOneLineError(run, naming: words, "\(tool) \(args)")
        }
      }
    }
    XCTAssertGreaterThan(usageErrors, 4_000)
  }
}
