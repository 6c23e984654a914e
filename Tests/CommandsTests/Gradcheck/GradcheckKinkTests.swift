import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// Kinks from the command line: a wrong gradient at an exact kink fails and says why; a
/// directional self-check across kinks passes.
final class GradcheckKinkTests: XCTestCase {
  private func run(_ args: [String]) -> (ExitStatus, String) {
    let r = runTool(.gradcheck, args)
    return (r.status, r.output + r.error)
  }

  func testWrongGradientAtAKinkFailsAndSaysWhy() throws {
    let directory = try TemporaryDirectory("gradcheck-kinks")
    let file = try exactZeroReluNetwork()
    var g = file.network.gradients(over: file.samples)
    let net = try directory.write(file.json.pretty, "net.json")
    let good = try directory.write(GradientFile.json(g).pretty, "good.json")
    // Each b¹_j sits on a kink (z = 0 for sample 0, whose a¹ = 0 and a² = b²): its other
    // side adds ½ (W²ᵀ (b² − y))_j. The error points away from it, outside the one-sided
    // derivatives (a value between them would be a valid subgradient).
    let (w2, b2, y) = (file.network.weights[1], file.network.biases[1], file.samples[0].target)
    for j in 0..<4 {
      let side = (0..<2).reduce(0.0) { $0 + w2[$1, j] * (b2[$1] - y[$1]) }
      g.biases[0][j] -= side >= 0 ? 0.1 : -0.1
    }
    let bad = try directory.write(GradientFile.json(g).pretty, "bad.json")
    let (okStatus, okText) = run(["--network", net, "--gradients", good])
    XCTAssertEqual(okStatus, .success, okText)
    let (status, text) = run(["--network", net, "--gradients", bad, "--verbose"])
    XCTAssertEqual(status, .checkFailed, text)
    XCTAssertTrue(text.contains("FAILED: 4 of 26"), text)
    XCTAssertTrue(text.contains("kink, re-check failed"), text)
    XCTAssertTrue(text.contains("4 disagree (counted as failures)"), text)
    XCTAssertFalse(text.contains("PASSED"), text)
    for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "\(line)") }
  }

  func testDirectionalSelfCheckOfReluNetworkPasses() {
    // A step along one direction crosses a kink: the screen must not call that a failure.
    let (status, text) = run([
      "--layers", "10,30,3", "--activation", "relu", "--samples", "3000", "--seed", "2",
      "--directional", "5",
    ])
    XCTAssertEqual(status, .success, text)
    XCTAssertTrue(text.contains("crossed a relu kink"), text)
  }

  func testKinkNetworkFilePasses() throws {
    var f = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 4, 2], hiddenActivation: .relu, outputActivation: .identity, sampleCount: 2,
        seed: 1))
    let z = f.network.forward(f.samples[0].input).z[1]
    for j in 0..<4 { f.network.biases[0][j] += (j % 2 == 0 ? 3e-7 : -3e-7) - z[j] }
    let directory = try TemporaryDirectory("gradcheck-kinks")
    let net = try directory.write(f.json.pretty, "kinks.json")
    let (status, out) = run(["--network", net])
    XCTAssertEqual(status, .success, out)
    XCTAssertTrue(out.contains("Kinks:"), out)
  }
}
