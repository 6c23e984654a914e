import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
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
