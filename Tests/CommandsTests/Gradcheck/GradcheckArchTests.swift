import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// `gradcheck --arch` and layered network files on the command line.
final class GradcheckArchTests: XCTestCase {
  private var directory: TemporaryDirectory!

  override func setUpWithError() throws { directory = try TemporaryDirectory("layered-tests") }

  override func tearDown() { directory.remove() }

  private func run(_ args: [String]) -> (ExitStatus, String, String) {
    let r = runTool(.gradcheck, args)
    return (r.status, r.output, r.error)
  }

  func testTheIssuesFormsPassAndFit80Columns() {
    let forms: [[String]] = [
      [
        "--arch", "input 1x6x6, conv 2 3x3, relu, maxpool 2, flatten, dense 3, softmax",
        "--cost", "categorical-cross-entropy", "--samples", "2",
      ],
      ["--arch", "input 4x3, lstm 2, dense 1, sigmoid", "--cost", "quadratic"],
      ["--arch=input 4x3, rnn 3, dense 2, identity", "--cost=mse"],
      ["--arch", "input 3, dense 4, tanh, dense 2, sigmoid"],
    ]
    for args in forms {
      let (status, out, err) = run(args)
      XCTAssertEqual(status, .success, "\(args): \(err)")
      XCTAssertTrue(out.contains("PASSED"), out)
      for line in out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "\(line)") }
    }
  }

  func testDenseArchitectureNamesTheTensorsLikeLayers() {
    let (_, out, _) = run(["--arch", "input 3, dense 4, tanh, dense 2, sigmoid"])
    for name in ["\nW¹  4×3", "\nb¹  4 ", "\nW²  2×4", "\nb²  2 "] {
      XCTAssertTrue(out.contains(name), name)
    }
  }

  /// The columns both reports print from the network's numbers alone: the entry's name and
  /// its analytic gradient, from a verbose listing.
  private func namesAndAnalytic(_ out: String) -> [String] {
    let lines = out.split(separator: "\n")
    guard let start = lines.firstIndex(where: { $0.hasPrefix("Parameter") }) else { return [] }
    return lines[(start + 1)...].map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
  }

  func testADenseArchitectureReportsWhatLayersReports() {
    let pairs: [([String], [String])] = [
      (
        ["--arch", "input 3, dense 4, tanh, dense 2, sigmoid"],
        ["--layers", "3,4,2", "--activation", "tanh", "--output-activation", "sigmoid"]
      ),
      (
        ["--arch", "input 2, dense 3, relu, dense 2, identity", "--seed", "5", "--samples", "3"],
        [
          "--layers", "2,3,2", "--activation", "relu", "--output-activation", "identity",
          "--seed", "5", "--samples", "3",
        ]
      ),
    ]
    for (arch, layers) in pairs {
      let (s1, a, _) = run(arch + ["--verbose"])
      let (s2, l, _) = run(layers + ["--verbose"])
      XCTAssertEqual(s1, s2)
      let (archRows, layerRows) = (namesAndAnalytic(a), namesAndAnalytic(l))
      XCTAssertFalse(archRows.isEmpty, a)
      XCTAssertEqual(archRows, layerRows, "\(a)\n\(l)")
      // The same table: names, shapes and counts (the error columns differ in rounding).
      let table = { (text: String) in
        text.split(separator: "\n").filter { $0.hasPrefix("W") || $0.hasPrefix("b") }
          .prefix(4).map { $0.prefix(27) }
      }
      XCTAssertEqual(table(a), table(l))
    }
  }

  func testALayerThatDoesNotFitIsAUsageErrorNamingBothShapes() {
    let (status, _, err) = run(["--arch", "input 1x3x3, conv 2 5x5"])
    XCTAssertEqual(status, .usage)
    XCTAssertTrue(err.contains("conv 2 5x5"), err)
    XCTAssertTrue(err.contains("1×5×5") && err.contains("1×3×3"), err)
    let (s2, _, e2) = run(["--arch", "input 6, conv 2 3x3"])
    XCTAssertEqual(s2, .usage)
    XCTAssertTrue(e2.contains("vector 6"), e2)
  }

  func testBadArchitectureTextAndOptionsAreUsageErrors() {
    for args in [
      ["--arch", "input 3, convv 2"], ["--arch", "dense 3"],
      ["--arch", "input 3, dense 2", "--activation", "relu"],
      ["--arch", "input 3, dense 2", "--layers", "3,2"],
      ["--arch", "input 3, dense 2", "--cost", "cross-entropy"],
      ["--arch", "input 3, dense 2", "--samples", "0"],
      ["--arch", "input 3, dense 2", "--sweep", "--method", "forward"],
      ["--arch", "input 3, dense 2", "--param", "W1[0,0]"],
      ["--arch", "input 3, dense 2", "--taylor", "--epsilon", "1e-3"],
      ["--arch", "input 3, dense 2", "--taylor", "--method", "five-point"],
      ["--arch", "input 3, dense 2", "--max-parameters", "0"],
    ] {
      let (status, _, err) = run(args)
      XCTAssertEqual(status, .usage, "\(args)")
      XCTAssertTrue(err.hasPrefix("Error: "), err)
    }
  }

  func testHugeShapesAreRefusedBeforeAllocating() {
    for args in [
      ["--arch", "input 1x100000x100000, flatten"],
      ["--arch", "input 100000, dense 100000"],
      ["--arch", "input 1x4000x4000, conv 1000 1x1"],
      ["--arch", "input 100000, dense 2", "--samples", "1000"],
    ] {
      let (status, _, err) = run(args)
      XCTAssertEqual(status, .usage, "\(args)")
      XCTAssertTrue(err.contains("at most") || err.contains("more than"), err)
    }
  }

  func testDirectionalScreenReportsDirections() {
    let (status, out, _) = run([
      "--arch", "input 4x3, rnn 3, dense 2, identity", "--cost", "mse", "--directional", "5",
    ])
    XCTAssertEqual(status, .success)
    XCTAssertTrue(out.contains("Directional screen: 5 random directions, 0 failed"), out)
    XCTAssertTrue(out.contains("PASSED: all 5 directions agree; max relative error"), out)
  }

  func testJSONReportHasTensors() throws {
    let (status, out, _) = run([
      "--arch", "input 1x4x4, conv 1 2x2, relu, flatten, dense 2, identity", "--format", "json",
    ])
    XCTAssertEqual(status, .success)
    let json = try JSONValue.parse(out)
    guard case .object(let members) = json,
      case .array(let tensors)? = members.first(where: { $0.0 == "tensors" })?.1
    else { return XCTFail(out) }
    XCTAssertEqual(tensors.count, 4)
  }

  func testLayeredFilesAndAWrongGradientFile() throws {
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse("input 1x4x4, conv 2 2x2, relu, maxpool 2, flatten, dense 2, sigmoid"),
      cost: .crossEntropy, sampleCount: 2, seed: 3)
    let netPath = try directory.write(
      LayeredNetworkFile(network: net, samples: samples).json.pretty, "net.json")
    let (ok, out, err) = run(["--network", netPath])
    XCTAssertEqual(ok, .success, err)
    XCTAssertTrue(out.contains("K1"), out)
    var g = net.gradients(over: samples)
    for i in 0..<8 { g[i] = -g[i] }
    let gradPath = try directory.write(
      LayeredGradientFile.json(g, cost: nil, of: net).pretty, "grad.json")
    let (failed, report, _) = run(["--network", netPath, "--gradients", gradPath])
    XCTAssertEqual(failed, .checkFailed)
    XCTAssertTrue(report.contains("FAILED"), report)
    XCTAssertTrue(report.contains("wrong sign"), report)
    XCTAssertFalse(report.contains("Note:"), report)
    let stated = try directory.write(
      LayeredGradientFile.json(net.gradients(over: samples), cost: 123, of: net).pretty,
      "stated.json")
    let (ok2, noted, _) = run(["--network", netPath, "--gradients", stated])
    XCTAssertEqual(ok2, .success)
    XCTAssertTrue(noted.contains("states a cost of 1.23e+2"), noted)
  }

  func testBrokenLayeredFilesExit65NamingTheField() throws {
    let cases: [(String, String)] = [
      (
        #"{"architecture": "input 2, dense 1", "cost": "mse", "parameters": {"W1": [[1, 2]]}, "samples": [{"input": [1, 2], "target": [0]}]}"#,
        "parameters.b1: missing"
      ),
      (
        #"{"architecture": "input 2, dense 1", "cost": "mse", "parameters": {"W1": [[1]], "b1": [0]}, "samples": [{"input": [1, 2], "target": [0]}]}"#,
        "W1[0]"
      ),
      (
        #"{"architecture": "input 2, convv 1", "cost": "mse", "parameters": {}, "samples": []}"#,
        "architecture"
      ),
    ]
    for (text, fragment) in cases {
      let path = try directory.write(text, "bad.json")
      let (status, _, err) = run(["--network", path])
      XCTAssertEqual(status, .dataError, err)
      XCTAssertTrue(err.contains(fragment), "\(fragment) not in \(err)")
    }
  }
}
