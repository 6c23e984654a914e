import Backprop
import CommandLineSupport
import Commands
import TestSupport
import XCTest

/// `nn-explain --arch`'s check section in every format (the kink notes, the summary's kink
/// count, the rounded atol, the names the other sections use) and its layers table.
final class LayeredExplainCheckTests: XCTestCase {
  private func run(_ args: [String]) -> ToolRun { runTool(.explain, args) }

  /// A file of a network with a 2×2 max-pool tie (conv outputs 3 and 3).
  ///
  /// The output 1.5 · 3 + 0.25 = 4.75 against the target 0.5 gives C = ½ · 4.25², which is
  /// 9.03125, so atol is 9.03125e-8, printed as text prints it, 9e-8. Both K1 entries move
  /// the tie apart, so they are kinks; the check passes.
  private func tieFile(_ directory: TemporaryDirectory) throws -> String {
    let tied = try TiedMaxPoolNetwork()
    return try directory.write(
      LayeredNetworkFile(network: tied.network, samples: [tied.sample]).json.pretty, "tie.json")
  }

  /// The text after the check section's heading (`6. Check …`, `## 6. …`, `{6. …`).
  private func checkSection(_ output: String) -> String {
    guard let range = output.range(of: "6. Check by central differences") else { return "" }
    return String(output[range.upperBound...])
  }

  func testEveryFormatCarriesTheKinkNotesTheCountAndTheRoundedAtol() throws {
    let directory = try TemporaryDirectory("layered-explain-check")
    let path = try tieFile(directory)
    let text = run(["--network", path])
    XCTAssertEqual(text.status, .success, text.error)
    let section = checkSection(text.output).replacing(/\s*\n\s*/, with: " ")
    XCTAssertTrue(section.contains("atol 9e-8,"), section)
    XCTAssertTrue(section.contains("On a kink: 1 unit sits exactly on a kink"), section)
    XCTAssertTrue(section.contains("Kinks: 2 entries"), section)
    XCTAssertTrue(section.contains("PASSED: 3 of 5 entries agree (2 kinks)"), section)
    for format in ["markdown", "latex"] {
      let r = run(["--network", path, "--format", format])
      XCTAssertEqual(r.status, .success, r.error)
      let math = checkSection(r.output)
      XCTAssertTrue(math.contains("atol 9e-8."), "\(format): \(math)")
      XCTAssertFalse(math.contains("9.03125"), "\(format): \(math)")
      XCTAssertTrue(
        math.contains("On a kink: 1 unit sits exactly on a kink"), "\(format): \(math)")
      XCTAssertTrue(math.contains("Kinks: 2 entries"), "\(format): \(math)")
      XCTAssertTrue(
        math.contains("PASSED: 3 of 5 entries agree (2 kinks); max relative error"),
        "\(format): \(math)")
      XCTAssertFalse(math.contains("5 of 5"), "\(format): \(math)")
    }
    // K1's row has only kinks: no error, as in the text table.
    let markdown = checkSection(run(["--network", path, "--format", "markdown"]).output)
    XCTAssertTrue(markdown.contains("| $2$ | $0$ | $2$ | — | — |"), markdown)
  }

  func testTheCheckNamesDenseTensorsAsTheOtherSectionsDo() throws {
    let directory = try TemporaryDirectory("layered-explain-names")
    let r = run(["--network", try tieFile(directory)])
    XCTAssertEqual(r.status, .success, r.error)
    let section = checkSection(r.output)
    let before = r.output.prefix(r.output.count - section.count)
    XCTAssertTrue(before.contains("W4 1×1"), String(before))
    XCTAssertTrue(section.contains("\nW4  1×1 "), section)
    XCTAssertTrue(section.contains("\nb4  1 "), section)
    XCTAssertFalse(r.output.contains("W⁴"), r.output)
    XCTAssertFalse(r.output.contains("b⁴"), r.output)
  }

  func testTheLayersTableKeepsAColumnBetweenLongLayersAndTheirInput() throws {
    let r = run([
      "--arch", "input 2x7x7, conv 3 3x3 stride 2 same, softplus, flatten, dense 2, sigmoid",
    ])
    XCTAssertEqual(r.status, .success, r.error)
    let lines = r.output.split(separator: "\n").drop { $0 != "1. Layers" }.dropFirst()
      .prefix { !$0.isEmpty && !$0.hasPrefix("2.") }
    XCTAssertEqual(lines.count, 5, r.output)
    XCTAssertTrue(lines.first?.contains("stride 2 same a⁰ 2×7×7") == true, r.output)
    // Every row's input begins in the same column, after a space.
    let columns = lines.map { line -> Int? in
      guard let arrow = line.firstIndex(of: "→"),
        let start = line[..<arrow].dropLast().lastIndex(of: " ").flatMap({
          line[..<$0].dropLast().lastIndex(of: " ")
        })
      else { return nil }
      return line.distance(from: line.startIndex, to: start)
    }
    XCTAssertEqual(Set(columns).count, 1, "\(columns)\n\(r.output)")
  }
}
