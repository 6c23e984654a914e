import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// Byte-for-byte comparisons of `nn-explain` output with the files in `Golden/`.
///
/// To rewrite the golden files after an intended change, run
/// `UPDATE_GOLDEN=1 swift test --filter ExplainGoldenTests`, then read the diff.
final class ExplainGoldenTests: XCTestCase {
  /// The commands with golden output: file stem and arguments.
  static let cases: [(name: String, arguments: [String])] = [
    ("explain-2-2-2-2", ["--layers", "2,2,2,2"]),
    ("explain-2-3-2-tanh-mse", ["--layers", "2,3,2", "--activation", "tanh", "--cost", "mse"]),
    (
      "explain-3-4-3-softmax-cce",
      [
        "--layers", "3,4,3", "--output-activation", "softmax", "--cost",
        "categorical-cross-entropy",
      ]
    ),
    ("explain-param-W2-1-0", ["--layers", "2,2,2,2", "--param", "W2[1,0]"]),
    ("explain-layer-2", ["--layers", "2,2,2,2", "--layer", "2"]),
    ("explain-784-30-10", ["--layers", "784,30,10"]),
    ("explain-2-2-2-mistake-transpose", ["--layers", "2,2,2", "--mistake", "transpose"]),
    (
      "explain-arch-conv-pool-softmax-cce",
      [
        "--arch", "input 1x4x4, conv 1 2x2, relu, maxpool 2, flatten, dense 2, softmax",
        "--cost", "categorical-cross-entropy",
      ]
    ),
  ]

  /// The cases whose check fails by design (exit status 1 where the check is shown, not in
  /// JSON): a mistake built in.
  static let failingCases: Set<String> = ["explain-2-2-2-mistake-transpose"]

  static let formats: [(format: String, ext: String)] = [
    ("text", "txt"), ("markdown", "md"), ("json", "json"),
  ]

  /// Runs nn-explain in-process and returns stdout, failing on a non-zero status.
  static func run(_ arguments: [String]) -> (String, Int32) {
    let r = runTool(.explain, arguments)
    return (r.output, r.status.rawValue)
  }

  /// The folder of golden files in the source tree (for rewriting them).
  static var sourceGoldenDirectory: URL {
    // This file is Tests/CommandsTests/Explain/…; the goldens are Tests/CommandsTests/Golden.
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Golden")
  }

  func testGoldenFiles() throws {
    let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
    for c in Self.cases {
      for f in Self.formats {
        let (output, status) = Self.run(c.arguments + ["--format", f.format])
        let expected: Int32 = Self.failingCases.contains(c.name) ? 1 : 0
        XCTAssertEqual(status, expected, "\(c.name) \(f.format) exit status")
        let file = "\(c.name).\(f.ext)"
        if update {
          try output.write(
            to: Self.sourceGoldenDirectory.appendingPathComponent(file), atomically: true,
            encoding: .utf8)
          continue
        }
        guard let url = Bundle.module.url(forResource: "Golden/\(file)", withExtension: nil),
          let expected = try? String(contentsOf: url, encoding: .utf8)
        else {
          XCTFail("missing golden file \(file); run with UPDATE_GOLDEN=1 to create it")
          continue
        }
        if output != expected {
          let a = output.split(separator: "\n", omittingEmptySubsequences: false)
          let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
          let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
          let line =
            first.map { "line \($0.offset + 1): got '\($0.element.0)', expected '\($0.element.1)'" }
            ?? "lengths differ: \(a.count) vs \(b.count) lines"
          XCTFail("\(file) differs from the golden file (\(line)); UPDATE_GOLDEN=1 rewrites it")
        }
      }
    }
  }

  func testTextFitsEightyColumns() {
    for c in Self.cases {
      for ascii in [false, true] {
        let (output, _) = Self.run(c.arguments + (ascii ? ["--ascii"] : []))
        for (n, line) in output.split(separator: "\n").enumerated() {
          XCTAssertLessThanOrEqual(line.count, 80, "\(c.name) line \(n + 1): \(line)")
          if ascii {
            XCTAssertTrue(
              line.unicodeScalars.allSatisfy(\.isASCII), "\(c.name) --ascii line \(n + 1): \(line)")
          }
        }
      }
    }
  }
}
