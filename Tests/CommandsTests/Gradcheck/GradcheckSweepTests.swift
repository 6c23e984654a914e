import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

final class GradcheckSweepTests: XCTestCase {
  private func run(_ args: [String]) -> (ExitStatus, String, String) {
    let r = runTool(.gradcheck, args)
    return (r.status, r.output, r.error.replacingOccurrences(of: "\n  ", with: " "))
  }

  func testTheTableHasSixteenStepsAndFitsEightyColumns() {
    let (status, out, err) = run(["--layers", "2,3,2", "--samples", "2", "--sweep"])
    XCTAssertEqual(status, .success, err)
    let rows = out.split(separator: "\n").filter { $0.hasPrefix("  1e-") }
    XCTAssertEqual(rows.count, 16)
    for line in out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "\(line)") }
    XCTAssertTrue(out.contains("central: best ε = "), out)
  }

  /// The step is ε, as in `--epsilon`, the labs and the derivation: never h.
  func testTheStepIsCalledEpsilonInTheTableAndThePlot() throws {
    let directory = try TemporaryDirectory("sweep-epsilon")
    defer { directory.remove() }
    let plot = directory.url.appendingPathComponent("sweep.svg").path
    let (status, out, err) = run(["--layers", "2,2", "--sweep", "--plot", plot])
    XCTAssertEqual(status, .success, err)
    let lines = out.split(separator: "\n").map(String.init)
    XCTAssertTrue(lines.contains("Error |numeric − backprop| against the step ε:"), out)
    XCTAssertTrue(lines.contains { $0.hasPrefix("  ε        forward") }, out)
    XCTAssertFalse(out.contains("best h"), out)
    let svg = try String(contentsOfFile: plot, encoding: .utf8)
    XCTAssertTrue(svg.contains(">step ε</text>"), svg)
    XCTAssertFalse(svg.contains("step h"), svg)
  }

  func testJSONHoldsTheNumbersThePlotDraws() throws {
    let directory = try TemporaryDirectory("sweep")
    defer { directory.remove() }
    let plot = directory.url.appendingPathComponent("sweep.svg").path
    let (status, out, err) = run([
      "--layers", "2,3,2", "--sweep", "--param", "W2[1,0]", "--format", "json", "--plot", plot,
    ])
    XCTAssertEqual(status, .success, err)
    let json = try JSONValue.parse(out)
    XCTAssertEqual(json["parameter"], .string("W2[1,0]"))
    guard case .array(let methods) = json["methods"] else { return XCTFail(out) }
    XCTAssertEqual(methods.count, 3)
    // The analytic value is the library's backprop.
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 2]))
    let p = ParameterIndex(layer: 2, kind: .weight(row: 1, column: 0), columns: 3)
    XCTAssertEqual(json["analytic"], .number(file.network.gradients(over: file.samples)[p]))
    let svg = try String(contentsOfFile: plot, encoding: .utf8)
    XCTAssertTrue(svg.contains("class=\"central\""))
    XCTAssertTrue(svg.contains("width=\"640\""))
  }

  func testOptionsThatDoNotGoWithASweepAreUsageErrors() {
    for args in [
      ["--layers", "2,2", "--sweep", "--method", "forward"],
      ["--layers", "2,2", "--param", "W1[0,0]"],
      ["--layers", "2,2", "--sweep", "--param", "W3[0,0]"],
      ["--layers", "2,2", "--sweep", "--format", "markdown"],
    ] {
      XCTAssertEqual(run(args).0, .usage, "\(args)")
    }
  }
}
