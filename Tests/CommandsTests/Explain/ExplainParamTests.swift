import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// Parameter traces (`--param`) and the option messages: wording, headings, path counts
/// too large to list, errors naming the option.
final class ExplainParamTests: ExplainCommandTestCase {
  func testBiasTraceWordingAndHeadings() {
    let bias = run(["--layers", "2,2,2", "--param", "b2[1]"]).out
    XCTAssertFalse(bias.contains("= 1 = 1"), bias)
    XCTAssertFalse(bias.contains("parameter's input"), bias)
    XCTAssertTrue(bias.contains("∂C/∂b²[1] = δ²[1] = "), bias)
    XCTAssertTrue(bias.contains("Paths from the cost to b²[1]"), bias)
    let ascii = run(["--layers", "2,2,2,2", "--param", "W2[1,0]", "--ascii"]).out
    XCTAssertTrue(ascii.contains("Paths from the cost to W^2[1,0]"), ascii)
    let rounded = run(["--layers", "2,2", "--precision", "1"]).out
    XCTAssertTrue(rounded.contains("rounded to 1 significant digit"), rounded)
    XCTAssertFalse(run(["--layers", "2,2"]).out.contains("rounded to"))
    // 10^20 paths overflow a 64-bit count: the message says so instead of "too many".
    let deep = run([
      "--layers", Array(repeating: "10", count: 21).joined(separator: ","), "--param", "W1[0,0]",
    ])
    XCTAssertTrue(deep.out.contains("more paths than a 64-bit integer can count"), deep.err)
    let wide = run(["--layers", "2,10,10,10", "--param", "W1[0,0]"])
    XCTAssertTrue(wide.out.contains("There are 100 paths, too many to list"), wide.err)
  }

  func testParameterAndLayerMessages() throws {
    let r = run(["--layers", "2,2", "--param", "b1[5]"])
    XCTAssertEqual(r.status, 64)
    XCTAssertTrue(r.err.contains("b1 has 2 entries"), r.err)
    let many = run(["--layers", Array(repeating: "2", count: 66).joined(separator: ",")])
    XCTAssertEqual(many.status, 64)
    XCTAssertTrue(many.err.contains("at most 64 layers after the input"), many.err)
    let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Docs/Explaining.md")
    let text = try String(contentsOf: docs, encoding: .utf8).replacingOccurrences(
      of: "\n", with: " ")
    XCTAssertTrue(
      text.contains("at most \(NetworkOptions.maximumDepth) layers after the input"))
    XCTAssertFalse(text.contains("at most 32 sizes"))
  }
}
