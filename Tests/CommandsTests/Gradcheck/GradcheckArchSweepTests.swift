import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// `gradcheck --arch … --sweep`, `--param`, `--plot`, and the size guard of `--arch`.
final class GradcheckArchSweepTests: XCTestCase {
  private func run(_ args: [String]) -> (ExitStatus, String, String) {
    let r = runTool(.gradcheck, args)
    return (r.status, r.output, r.error.replacingOccurrences(of: "\n  ", with: " "))
  }

  static let conv = "input 1x6x6, conv 2 3x3, relu, maxpool 2, flatten, dense 3, softmax"

  func testTheTableOfAKernelEntryHasSixteenStepsAndFits80Columns() {
    let (status, out, err) = run([
      "--arch", GradcheckArchSweepTests.conv, "--cost", "categorical-cross-entropy",
      "--samples", "2", "--sweep", "--param", "K1[0,0,1,1]",
    ])
    XCTAssertEqual(status, .success, err)
    XCTAssertTrue(out.hasPrefix("Step sweep of K1[0,0,1,1] in the network 'input 1x6x6"), out)
    XCTAssertEqual(out.split(separator: "\n").filter { $0.hasPrefix("  1e-") }.count, 16)
    XCTAssertTrue(out.contains("central: best ε = "), out)
    for line in out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "\(line)") }
  }

  /// w = 0.05 before a relu with x = 1: the central difference at ε = 1e-1 reaches
  /// w − 0.1 < 0, across the kink; smaller steps and every forward step do not.
  func testAStepAcrossAKinkIsMarkedAndNoted() throws {
    let directory = try TemporaryDirectory("arch-sweep-kink")
    defer { directory.remove() }
    let network = try directory.write(
      #"{"architecture": "input 1, dense 1, relu, dense 1, sigmoid", "cost": "quadratic", "#
        + #""parameters": {"W1": [[0.05]], "b1": [0], "W2": [[2]], "b2": [0]}, "#
        + #""samples": [{"input": [1], "target": [0]}]}"#, "relu.json")
    let plot = directory.url.appendingPathComponent("sweep.svg").path
    let (status, out, err) = run([
      "--network", network, "--sweep", "--param", "W1[0,0]", "--plot", plot,
    ])
    XCTAssertEqual(status, .success, err)
    let rows = out.split(separator: "\n").filter { $0.hasPrefix("  1e-") }
    let first = rows[0].split(separator: " ")
    XCTAssertFalse(first[1].hasSuffix("*"), "\(rows[0])")
    XCTAssertTrue(first[2].hasSuffix("*"), "\(rows[0])")
    XCTAssertFalse(rows.dropFirst().contains { $0.contains("*") }, out)
    let flat = out.replacingOccurrences(of: "\n", with: " ")
    XCTAssertTrue(flat.contains("(theory 2; 1 of its "), out)
    XCTAssertTrue(flat.contains("* The step crosses a kink"), out)
    let svg = try String(contentsOfFile: plot, encoding: .utf8)
    XCTAssertEqual(svg.components(separatedBy: "class=\"kink\"").count - 1, 1)
    XCTAssertTrue(svg.contains("step crosses a kink"))
    let (_, json, _) = run([
      "--network", network, "--sweep", "--param", "W1[0,0]", "--format", "json",
    ])
    guard case .array(let methods)? = try JSONValue.parse(json)["methods"],
      methods.count == 3, case .array(let central)? = methods[1]["crossesKink"]
    else { return XCTFail(json) }
    XCTAssertEqual(central.first, .bool(true))
    XCTAssertEqual(central.dropFirst().filter { $0 == .bool(true) }.count, 0)
  }

  /// The complex step has no cancellation: at small steps it agrees with backprop to
  /// rounding only if the sweep perturbs the named entry of the layered network's cost.
  func testJSONAndThePlotOfARecurrentEntry() throws {
    let directory = try TemporaryDirectory("arch-sweep")
    defer { directory.remove() }
    let plot = directory.url.appendingPathComponent("sweep.svg").path
    let arch = "input 4x3, lstm 2, dense 1, sigmoid"
    for name in ["Wf1[1,0]", "b2[0]", "Uo1[0,1]"] {
      let (status, out, err) = run([
        "--arch", arch, "--sweep", "--param", name, "--format", "json", "--plot", plot,
      ])
      XCTAssertEqual(status, .success, err)
      let json = try JSONValue.parse(out)
      XCTAssertEqual(json["parameter"], .string(name))
      let (net, samples) = try LayeredNetwork.random(
        Architecture.parse(arch), cost: .quadratic, sampleCount: 1, seed: 0)
      let i = try XCTUnwrap(net.parameterIndex(named: name))
      let analytic = net.gradients(over: samples)[i]
      XCTAssertEqual(json["analytic"], .number(analytic))
      guard case .array(let methods) = json["methods"], methods.count == 3,
        case .array(let errors) = methods[2]["errors"]
      else { return XCTFail(out) }
      guard case .number(let e) = errors[9] else { return XCTFail(out) }
      XCTAssertLessThanOrEqual(e, 1e-14 * max(1, abs(analytic)), name)
      let svg = try String(contentsOfFile: plot, encoding: .utf8)
      XCTAssertTrue(svg.contains("class=\"central\""))
    }
  }

  func testWithoutParamTheWorstEntryOfACentralCheckIsSwept() throws {
    let (status, out, err) = run(["--arch", "input 3, dense 4, tanh, dense 2, sigmoid", "--sweep"])
    XCTAssertEqual(status, .success, err)
    XCTAssertTrue(out.hasPrefix("Step sweep of "), out)
  }

  func testAParameterThatIsNotThereListsTheTensors() {
    let (status, _, err) = run([
      "--arch", "input 1x4x4, conv 2 2x2, flatten, dense 2, identity", "--sweep", "--param",
      "K1[2,0,0,0]",
    ])
    XCTAssertEqual(status, .usage)
    XCTAssertTrue(err.contains("--param 'K1[2,0,0,0]'"), err)
    XCTAssertTrue(err.contains("K1 2×1×2×2, b1 2, W3 2×18, b3 2"), err)
    let (none, _, e2) = run(["--arch", "input 3, tanh", "--sweep", "--param", "W1[0,0]"])
    XCTAssertEqual(none, .usage)
    XCTAssertTrue(e2.contains("this network has no parameters"), e2)
  }

  func testOptionsThatDoNotGoWithASweepAreUsageErrors() {
    for args in [
      ["--sweep", "--gradients", "g.json"], ["--sweep", "--entries", "2"],
      ["--sweep", "--format", "markdown"], ["--plot", "x.svg"], ["--sweep", "--taylor"],
    ] {
      let (status, _, err) = run(["--arch", "input 3, dense 2, tanh"] + args)
      XCTAssertEqual(status, .usage, "\(args)")
      XCTAssertTrue(err.contains("--"), err)
    }
  }

  func testTheSizeGuardRefusesTooMuchWorkNamingMaxParameters() {
    // 13,610 parameters are allowed, but 1,000 samples of a forward pass that reads each
    // filter entry at 676 positions are not.
    let arch = "input 1x28x28, conv 8 3x3, relu, flatten, dense 10, softmax"
    let (status, _, err) = run([
      "--arch", arch, "--cost", "categorical-cross-entropy", "--samples", "1000",
      "--max-parameters", "60000",
    ])
    XCTAssertEqual(status, .usage)
    XCTAssertTrue(err.contains("evaluations") && err.contains("--max-parameters 60000"), err)
    let (few, _, e2) = run(["--arch", "input 3, dense 4, tanh", "--max-parameters", "10"])
    XCTAssertEqual(few, .usage)
    XCTAssertTrue(e2.contains("16 parameters"), e2)
  }
}
