import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// The network options `gradcheck` and `nn-explain` share: the same flags must build the
/// same network, with the same caps and the same messages.
final class NetworkOptionsTests: XCTestCase {
  private typealias Run = (status: ExitStatus, out: String, err: String)

  private func gradcheck(_ args: [String]) -> Run {
    let r = runTool(.gradcheck, args)
    return (r.status, r.output, r.error)
  }

  private func explain(_ args: [String]) -> Run {
    let r = runTool(.explain, args)
    return (r.status, r.output, r.error)
  }

  /// The error message on one line, as it was before wrapping.
  private func flat(_ err: String) -> String { err.replacingOccurrences(of: "\n  ", with: " ") }

  private func object(_ text: String) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try XCTUnwrap(value as? [String: Any])
  }

  /// ∂C/∂θ by parameter name (`W1[0,1]`, `b2[0]`) from nn-explain's JSON gradients.
  private func explainGradients(_ args: [String]) throws -> (
    activations: [String], [String: Double]
  ) {
    let r = explain(args + ["--format", "json"])
    XCTAssertEqual(r.status, .success, "\(args): \(r.err)")
    let json = try object(r.out)
    let activations = try XCTUnwrap(json["activations"] as? [String])
    let gradients = try XCTUnwrap(json["gradients"] as? [String: Any])
    let weights = try XCTUnwrap(gradients["weights"] as? [[[Double]]])
    let biases = try XCTUnwrap(gradients["biases"] as? [[Double]])
    var out: [String: Double] = [:]
    for (l, w) in weights.enumerated() {
      for (j, row) in w.enumerated() {
        for (k, x) in row.enumerated() { out["W\(l + 1)[\(j),\(k)]"] = x }
      }
    }
    for (l, b) in biases.enumerated() {
      for (j, x) in b.enumerated() { out["b\(l + 1)[\(j)]"] = x }
    }
    return (activations, out)
  }

  /// The analytic gradients gradcheck checked, by the same names.
  private func gradcheckGradients(_ args: [String]) throws -> [String: Double] {
    let r = gradcheck(args + ["--format", "json", "--verbose"])
    XCTAssertEqual(r.status, .success, "\(args): \(r.err)")
    let entries = try XCTUnwrap(try object(r.out)["entries"] as? [[String: Any]])
    var out: [String: Double] = [:]
    for e in entries {
      let layer = try XCTUnwrap(e["layer"] as? Int)
      let index = try XCTUnwrap(e["index"] as? [Int])
      let kind = try XCTUnwrap(e["kind"] as? String)
      let name =
        kind == "weight" ? "W\(layer)[\(index[0]),\(index[1])]" : "b\(layer)[\(index[0])]"
      out[name] = try XCTUnwrap(e["analytic"] as? Double)
    }
    return out
  }

  func testTheSameFlagsBuildTheSameNetworkInBothTools() throws {
    let configs: [([String], [String])] = [
      // Before the shared options, nn-explain chose softmax here and gradcheck sigmoid.
      (["--layers", "2,3,2", "--cost", "categorical-cross-entropy"], ["sigmoid", "softmax"]),
      (
        ["--layers", "2,3,2", "--activation", "relu", "--cost", "categorical-cross-entropy"],
        ["relu", "softmax"]
      ),
      (
        ["--layers", "2,2,2", "--activation", "tanh", "--cost", "cross-entropy"],
        ["tanh", "sigmoid"]
      ),
      (
        ["--layers", "2,3,3", "--activation", "softmax", "--cost", "cross-entropy"],
        ["softmax", "sigmoid"]
      ),
      (["--layers", "3,2", "--activation", "elu", "--samples", "3", "--seed", "5"], ["elu"]),
      (
        ["--layers", "2,2", "--cost", "mse", "--output-activation", "identity", "--seed", "2"],
        ["identity"]
      ),
    ]
    for (args, expected) in configs {
      let (activations, fromExplain) = try explainGradients(args)
      XCTAssertEqual(activations, expected, "\(args)")
      let fromGradcheck = try gradcheckGradients(args)
      XCTAssertEqual(fromExplain.count, fromGradcheck.count, "\(args)")
      XCTAssertFalse(fromExplain.isEmpty)
      for (name, x) in fromExplain {
        // Both print the library's backprop of the same network: equal to the last bit.
        XCTAssertEqual(fromGradcheck[name], x, "\(args) \(name)")
      }
    }
  }

  func testBothToolsParseLayersAlikeAndRejectSpacesInsideANumber() {
    for args in [["--layers", "1 2,1"], ["--layers", "2,x"], ["--layers", "2,,2"]] {
      for (tool, run) in [("gradcheck", gradcheck), ("nn-explain", explain)] {
        let r = run(args)
        XCTAssertEqual(r.status, .usage, "\(tool) \(args)")
        XCTAssertTrue(flat(r.err).contains("comma-separated whole numbers"), "\(tool): \(r.err)")
      }
    }
    XCTAssertTrue(flat(explain(["--layers", "1 2,1"]).err).contains("'1 2' is not one"))
    // Spaces around a number are fine in both.
    XCTAssertEqual(gradcheck(["--layers", " 2, 1", "-q"]).status, .success)
    XCTAssertEqual(explain(["--layers", " 2, 1"]).status, .success)
  }

  func testBothToolsHaveTheSameCaps() {
    let depth = NetworkOptions.maximumDepth
    let deepest = Array(repeating: "1", count: depth + 1).joined(separator: ",")
    let tooDeep = Array(repeating: "1", count: depth + 2).joined(separator: ",")
    for (tool, run) in [("gradcheck", gradcheck), ("nn-explain", explain)] {
      XCTAssertNotEqual(run(["--layers", deepest]).status, .usage, tool)
      let deep = run(["--layers", tooDeep])
      XCTAssertEqual(deep.status, .usage, tool)
      XCTAssertTrue(flat(deep.err).contains("at most \(depth) layers after the input"), deep.err)
      // n,n,2 has (n + 1)(n + 2) parameters: 2236 · 2237 = 5,001,932 is over the cap.
      let big = run(["--layers", "2235,2235,2"])
      XCTAssertEqual(big.status, .usage, tool)
      XCTAssertTrue(flat(big.err).contains("5001932 parameters; at most 5000000"), big.err)
      XCTAssertEqual(run(["--layers", "100001,1"]).status, .usage, tool)
      XCTAssertEqual(run(["--layers", "2,2", "--samples", "10001"]).status, .usage, tool)
    }
  }

  func testRandomNetworkErrorsNameTheOption() {
    // One softmax output is always 1; the library's field activations[0] becomes the option.
    for (tool, run) in [("gradcheck", gradcheck), ("nn-explain", explain)] {
      let r = run([
        "--layers", "2,1", "--output-activation", "softmax", "--cost", "cross-entropy",
      ])
      XCTAssertEqual(r.status, .usage, tool)
      XCTAssertTrue(r.err.hasPrefix("Error: --output-activation softmax: "), r.err)
      XCTAssertFalse(r.err.contains("activations["), r.err)
      let bad = run(["--layers", "2,2", "--cost", "cross-entropy", "--output-activation", "relu"])
      XCTAssertEqual(bad.status, .usage, tool)
      XCTAssertTrue(
        flat(bad.err).contains("--output-activation must be sigmoid or softmax"), bad.err)
    }
  }

  func testLongErrorsAreWrappedToEightyColumnsInBothTools() {
    let long = explain(["--layers", "2,3,4,3,2", "--param", "W9[0,0]"])
    XCTAssertEqual(long.status, .usage)
    let message = long.err.split(separator: "\n").prefix { !$0.hasPrefix("Usage:") }
    XCTAssertGreaterThan(message.count, 1, long.err)
    XCTAssertTrue(message[0].hasPrefix("Error: --param 'W9[0,0]'"), long.err)
    for line in message.dropFirst() { XCTAssertTrue(line.hasPrefix("  "), "\(line)") }
    // Nothing is lost: joined again, the lines give the message in one line.
    let joined = message.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    XCTAssertTrue(joined.contains("W4 is 2x3, b4 has 2 entries)"), joined)
    for r in [long, gradcheck(["--layers", "2,2", "--samples", "5", "--entries", "x"])] {
      for line in r.err.split(separator: "\n") {
        XCTAssertLessThanOrEqual(line.count, 80, "\(line)")
      }
    }
  }

  func testHelpTextsOfTheSharedOptionsAreTheSame() {
    func optionLines(_ help: String) -> [String: [String]] {
      var out: [String: [String]] = [:]
      var current: String?
      for line in help.split(separator: "\n").map(String.init) {
        if line.hasPrefix("  --") {
          current = String(line.dropFirst(2).prefix { $0 != " " })
          out[current ?? ""] = [line]
        } else if line.hasPrefix("      "), let c = current {
          out[c, default: []].append(line)
        } else {
          current = nil
        }
      }
      return out
    }
    let g = optionLines(gradcheck(["--help"]).out)
    let e = optionLines(explain(["--help"]).out)
    for name in [
      "--network", "--layers", "--activation", "--output-activation", "--cost", "--samples",
      "--seed",
    ] {
      XCTAssertNotNil(g[name], name)
      XCTAssertEqual(g[name], e[name], name)
    }
  }
}
