import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// `gradcheck --exec` against the shipped `backprop-example`, correct and with each mistake.
final class ExecCommandTests: XCTestCase {
  private var directory: TemporaryDirectory?

  override func setUpWithError() throws { directory = try TemporaryDirectory("exec-tests") }

  override func tearDown() { directory?.remove() }

  private func run(_ args: [String]) -> (ExitStatus, String, String) {
    let r = runTool(.gradcheck, args)
    return (r.status, r.output, r.error)
  }

  /// Runs the example with `bug` on a few small networks.
  private func exec(
    bug: String?, _ extra: [String] = [], trials: Int = 4, format: String = "json"
  ) throws -> (ExitStatus, String) {
    let program = ExecWordsQuoting.quoted(try ExampleBinary.required())
    let command = program + (bug.map { " --bug \($0)" } ?? "")
    var defaults = [
      "--trials": "\(trials)", "--layers-range": "1...3", "--sizes-range": "1...3",
      "--samples-range": "1...3", "--timeout": "20", "--format": format,
    ]
    for name in extra where defaults[name] != nil { defaults[name] = nil }
    let given = defaults.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
    let (status, out, err) = run(["--exec", command] + given + extra)
    XCTAssertEqual(err, "")
    return (status, out)
  }

  private func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

  /// A 1-1 network with one sample.
  private let tinyNetwork = """
    {"layers": [1, 1], "activations": ["sigmoid"], "cost": "quadratic", "weights": [[[0.5]]],
     "biases": [[0.1]], "samples": [{"input": [1], "target": [0]}]}
    """

  private func number(_ v: JSONValue?) -> Double? {
    if case .number(let x) = v { return x }
    return nil
  }

  private func strings(_ v: JSONValue?) -> [String] {
    guard case .array(let items) = v else { return [] }
    return items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
  }

  /// The diagnosis causes of the minimal network's check.
  private func causes(_ report: JSONValue) -> [String] {
    guard case .array(let findings) = report["check"]?["diagnosis"] else { return [] }
    return findings.compactMap {
      if case .string(let s) = $0["cause"] { return s } else { return nil }
    }
  }

  func testTheCorrectProgramPassesEveryTrial() throws {
    let activations = Activation.allCases.map(\.name).joined(separator: ",")
    let costs = Cost.allCases.map(\.name).joined(separator: ",")
    let (status, out) = try exec(
      bug: nil, ["--activations", activations, "--costs", costs, "--jobs", "2"], trials: 12)
    XCTAssertEqual(status, .success, out)
    let report = try json(out)
    XCTAssertEqual(number(report["passed"]), 12)
    XCTAssertEqual(report["ok"], .bool(true))
  }

  func testEachMistakeIsCaughtAndNamed() throws {
    let expected: [(String, String, [String])] = [
      ("sign", "sign", []), ("scale", "scale", []),
      ("sum-instead-of-mean", "sum-instead-of-mean", ["--samples-range", "2...3"]),
      ("missing-output-derivative", "missing-output-derivative", []),
      ("derivative-of-activation", "derivative-of-activation", []),
      ("previous-activation", "previous-activation", ["--sizes-range", "2...2"]),
      ("bias", "bias", []),
      ("transpose", "transpose", ["--sizes-range", "2...2", "--layers-range", "2...3"]),
    ]
    for (bug, cause, extra) in expected {
      let (status, out) = try exec(bug: bug, extra + ["--no-shrink"], trials: 2)
      XCTAssertEqual(status, .checkFailed, bug)
      let report = try json(out)
      XCTAssertEqual(number(report["passed"]), 0, bug)
      XCTAssertEqual(causes(report).first, cause, "\(bug): \(causes(report))")
    }
  }

  func testADeepOnlyMistakeShrinksToThreeWeightLayers() throws {
    let (status, out) = try exec(
      bug: "deep-only",
      ["--layers-range", "3...3", "--sizes-range", "2...2", "--samples-range", "1...1"],
      trials: 1)
    XCTAssertEqual(status, .checkFailed)
    let report = try json(out)
    guard case .array(let layers) = report["counterexample"]?["layers"] else { return XCTFail(out) }
    let sizes = layers.compactMap(number)
    XCTAssertEqual(sizes.count, 4, "exactly three weight layers: \(sizes)")
    for hidden in sizes.dropFirst().dropLast() {
      XCTAssertTrue((1...2).contains(hidden), "\(sizes)")
    }
    XCTAssertFalse(strings(report["shrink"]?["steps"]).isEmpty)
  }

  func testBrokenProgramsAreFailedTrialsNotFatal() throws {
    let cases: [(String, String)] = [
      ("crash", "exit"), ("garbage", "not-json"), ("wrong-shape", "wrong-shape"),
    ]
    for (bug, kind) in cases {
      let (status, out) = try exec(bug: bug, trials: 2)
      XCTAssertEqual(status, .checkFailed, bug)
      guard case .array(let results) = try json(out)["results"] else { return XCTFail(out) }
      for r in results {
        XCTAssertEqual(r["outcome"], .string("program-failed"), bug)
        XCTAssertEqual(r["failure"], .string(kind), bug)
      }
    }
    let (_, crash) = try exec(bug: "crash", trials: 1, format: "text")
    XCTAssertTrue(crash.contains("exited with status 3: Fatal error: Index out of range"), crash)
    let (_, shape) = try exec(bug: "wrong-shape", trials: 1, format: "text")
    XCTAssertTrue(shape.contains("wrong shape at biases["), shape)
  }

  func testAProgramThatClosesItsOutputOrWritesNaNIsNamed() throws {
    let closed = run(["--exec", "sh -c 'exec >&-; cat > /dev/null'", "--trials", "1"])
    XCTAssertEqual(closed.0, .checkFailed)
    XCTAssertTrue(closed.1.contains("closed its output without an answer"), closed.1)
    let nan = run([
      "--exec", #"sh -c 'cat > /dev/null; echo "{\"weights\": [[[NaN]]], \"biases\": [[0]]}"'"#,
      "--network", try XCTUnwrap(directory).write(tinyNetwork, "tiny.json"),
    ])
    XCTAssertEqual(nan.0, .checkFailed)
    XCTAssertTrue(nan.1.contains("NaN or infinity at weights[0][0][0]"), nan.1)
  }

  func testAHangingProgramIsKilledAtTheTimeOut() throws {
    let program = ExecWordsQuoting.quoted(try ExampleBinary.required())
    let (status, out, _) = run(
      [
        "--exec", program + " --bug hang", "--trials", "2", "--jobs", "2", "--timeout", "0.5",
        "--sizes-range", "1...2", "--layers-range", "1...1",
      ])
    XCTAssertEqual(status, .checkFailed)
    XCTAssertTrue(out.contains("no answer within 0.5 s; killed with its child processes"), out)
    var s: Int32 = 0
    XCTAssertLessThanOrEqual(waitpid(-1, &s, WNOHANG), 0, "a killed program was left unreaped")
  }

  func testTheSameSeedGivesTheSameTrialsWithAnyJobs() throws {
    let one = try exec(
      bug: "multi-sample",
      ["--jobs", "1", "--seed", "5", "--sizes-range", "1...2", "--layers-range", "1...1"], trials: 4
    ).1
    let three = try exec(
      bug: "multi-sample",
      ["--jobs", "3", "--seed", "5", "--sizes-range", "1...2", "--layers-range", "1...1"], trials: 4
    ).1
    XCTAssertEqual(one, three)
    // The shrunk failure is the first failing trial by index, whichever job finished first.
    guard case .array(let results) = try json(one)["results"] else { return XCTFail(one) }
    let failing = results.filter { $0["outcome"] != .string("passed") }
    XCTAssertGreaterThan(failing.count, 1, "the test needs several failing trials")
    XCTAssertEqual(try json(one)["firstFailure"], failing.first?["trial"])
    let other = try exec(
      bug: "multi-sample", ["--jobs", "1", "--seed", "6", "--no-shrink"], trials: 4)
    XCTAssertNotEqual(try json(one)["results"], try json(other.1)["results"])
  }

  func testTheCounterexampleIsSavedAndExplained() throws {
    let path = try XCTUnwrap(directory).url.appendingPathComponent("minimal.json").path
    let (status, out) = try exec(
      bug: "sign", ["--save-counterexample", path], trials: 1, format: "text")
    XCTAssertEqual(status, .checkFailed)
    let saved = try NetworkFile(contentsOf: path)
    XCTAssertEqual(saved.network.sizes, [1, 1], "a sign error shows on the smallest network")
    XCTAssertTrue(out.contains("Derivation:\n  nn-explain --network \(path)\n"), out)
    XCTAssertTrue(out.contains("Diagnosis: sign"), out)
    XCTAssertEqual(runTool(.explain, ["--network", path]).status, .success)
  }

  func testALayeredNetworkFileIsRefusedNamingTheFileAndTheField() throws {
    let layered = """
      {"architecture": "input 1, dense 1, sigmoid", "cost": "quadratic",
       "parameters": {"W1": [[0.5]], "b1": [0.1]},
       "samples": [{"input": [1], "target": [0]}]}
      """
    let path = try XCTUnwrap(directory).write(layered, "layered.json")
    let (status, out, wrapped) = run(
      ["--exec", "no-such-program-for-gradcheck", "--network", path])
    // Errors wrap at 80 columns, continuing with two spaces.
    let err = wrapped.replacingOccurrences(of: "\n  ", with: " ")
    XCTAssertEqual(status, .dataError)
    XCTAssertEqual(out, "")
    XCTAssertTrue(err.contains("\(path): architecture: a layered network file"), err)
    XCTAssertTrue(err.contains("protocol 1) sends the program dense network files only"), err)
    XCTAssertFalse(err.contains("unknown field"), err)
  }

  func testUsageErrorsNameTheOption() {
    for (args, words) in [
      (["--exec", "x 'y"], "quote is never closed"),
      (["--exec", "x", "--layers", "2,2"], "--layers-range"),
      (["--exec", "x", "--sweep"], "--sweep cannot be combined with --exec"),
      (["--exec", "x", "--layers-range", "0...3"], "--layers-range"),
      (["--exec", "x", "--activations", "sigmoid,cosine"], "'cosine'"),
      (["--exec", "x", "--model", "--trials", "3"], "--trials applies to networks"),
      (["--exec", "x", "--format", "csv"], "--format"),
      (
        ["--exec", "x", "--arch", "input 3, dense 2, sigmoid"],
        "--arch cannot be combined with --exec: protocol 1 sends the program dense network"
      ),
    ] {
      let (status, _, wrapped) = run(args)
      let err = wrapped.replacingOccurrences(of: "\n  ", with: " ")
      XCTAssertEqual(status, .usage, "\(args)")
      XCTAssertTrue(err.contains(words), "\(args): \(err)")
    }
    for option in ["--model", "--trials=3", "--no-shrink"] {
      let (status, _, err) = run(["--network", "net.json", option])
      let name = option.split(separator: "=")[0]
      XCTAssertEqual(status, .usage, option)
      XCTAssertTrue(err.contains("Error: \(name) needs --exec"), "\(option): \(err)")
    }
    let (status, _, err) = run(["--exec", "no-such-program-for-gradcheck", "--trials", "1"])
    XCTAssertEqual(status, .cannotOpen)
    XCTAssertTrue(err.contains("cannot start 'no-such-program-for-gradcheck'"), err)
  }
}

/// Quoting a path for `--exec`.
enum ExecWordsQuoting {
  static func quoted(_ path: String) -> String {
    "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
