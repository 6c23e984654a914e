import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// `gradcheck --arch … --taylor`: the step-free verdict on layered networks.
final class GradcheckArchTaylorTests: XCTestCase {
  private var directory: TemporaryDirectory!

  override func setUpWithError() throws { directory = try TemporaryDirectory("arch-taylor") }

  override func tearDown() { directory.remove() }

  private func run(_ args: [String]) -> (ExitStatus, String, String) {
    let r = runTool(.gradcheck, args)
    return (r.status, r.output, r.error)
  }

  func testRightGradientsPassPerNumberedLayer() {
    let (status, out, err) = run([
      "--arch", "input 1x6x6, conv 2 3x3, relu, maxpool 2, flatten, dense 3, softmax",
      "--cost", "categorical-cross-entropy", "--samples", "2", "--taylor",
    ])
    XCTAssertEqual(status, .success, err)
    XCTAssertTrue(out.hasPrefix("Taylor test of the network 'input 1x6x6"), out)
    XCTAssertTrue(out.contains("PASSED: 2 of 2 layers pass"), out)
    for line in out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "\(line)") }
  }

  func testAWrongGradientFileFailsAndVerboseNamesTheEntry() throws {
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse("input 4x2, rnn 2, dense 1, identity"), cost: .quadratic,
      sampleCount: 1, seed: 2)
    let netPath = try directory.write(
      LayeredNetworkFile(network: net, samples: samples).json.pretty, "net.json")
    var g = net.gradients(over: samples)
    let i = try XCTUnwrap(net.parameterIndex(named: "Wh1[1,0]"))
    g[i] += 1e-3 * max(1, abs(g[i]))
    let gradPath = try directory.write(
      LayeredGradientFile.json(g, cost: nil, of: net).pretty, "grad.json")
    let (status, out, _) = run([
      "--network", netPath, "--gradients", gradPath, "--taylor", "--verbose",
    ])
    XCTAssertEqual(status, .checkFailed, out)
    let failed = out.split(separator: "\n").filter { $0.hasSuffix("FAILED") }
    XCTAssertTrue(failed.contains { $0.hasPrefix("Wh1[1,0]") }, out)
    XCTAssertFalse(failed.contains { $0.hasPrefix("W2[") || $0.hasPrefix("b2[") }, out)
    let (json, jsonOut, _) = run([
      "--network", netPath, "--gradients", gradPath, "--taylor", "--format", "json",
    ])
    XCTAssertEqual(json, .checkFailed)
    XCTAssertEqual(
      try JSONValue.parse(jsonOut)["architecture"], .string(net.architecture.description))
  }
}
