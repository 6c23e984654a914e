import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// The text format: 80 columns for every shape and precision, titles that fit.
final class ExplainTextTests: ExplainCommandTestCase {
  func testTextFitsEightyColumnsForManyShapesAndPrecisions() {
    let shapes = [
      "10,10", "10,10,10", "9,10,10,9", "7,8,9,10", "10,1,10", "1,6", "6,1,6", "12,3", "3,11,2",
    ]
    let activations = ["sigmoid", "relu", "softmax", "tanh"]
    for (n, shape) in shapes.enumerated() {
      for precision in ["1", "6", "12", "17"] {
        for ascii in [false, true] {
          var args = [
            "--layers", shape, "--activation", activations[n % activations.count], "--precision",
            precision, "--seed", String(n % 4),
          ]
          if ascii { args.append("--ascii") }
          if precision == "17" && n % 2 == 0 { args += ["--param", "W1[0,0]"] }
          if precision == "12" && n % 3 == 0 { args += ["--cost", "categorical-cross-entropy"] }
          let out = run(args).out
          XCTAssertFalse(out.isEmpty, "\(args)")
          for (i, line) in out.split(separator: "\n").enumerated() where line.count > 80 {
            XCTFail("\(args) line \(i + 1) has \(line.count) columns: \(line)")
          }
        }
      }
    }
  }

  func testLongTitlesFit80Columns() {
    let ones = Array(repeating: "1", count: 32).joined(separator: ",")
    let wide = Array(repeating: "12", count: 30).joined(separator: ",")
    for args in [
      ["--layers", ones], ["--layers", ones, "--layer", "12"],
      ["--layers", ones, "--param", "W31[0,0]", "--ascii"], ["--layers", wide, "--ascii"],
    ] {
      let r = run(args)
      XCTAssertEqual(r.status, 0, r.err)
      let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
      XCTAssertGreaterThan(lines.count, 2)
      XCTAssertLessThanOrEqual(lines[0].count, 80, String(lines[0]))
      XCTAssertEqual(lines[1].count, lines[0].count, String(lines[1]))
      let count = args[1].split(separator: ",").count
      XCTAssertTrue(lines[0].contains("(\(count) layer sizes)"), String(lines[0]))
      if args.contains("--layer") { XCTAssertTrue(lines[0].hasSuffix(", layer 12")) }
      if args.contains("--param") {
        XCTAssertTrue(lines[0].hasSuffix(", parameter W^31[0,0]"), String(lines[0]))
      }
    }
    // A short title is unchanged.
    XCTAssertEqual(
      run(["--layers", "2,3,2"]).out.split(separator: "\n").first,
      "Backpropagation through a 2,3,2 network")
  }
}
