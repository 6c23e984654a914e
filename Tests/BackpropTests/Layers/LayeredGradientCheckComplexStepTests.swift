import Backprop
import TestSupport
import XCTest

/// The complex step on a layered network with units sitting exactly on a kink: it reads the
/// side the forward pass takes; a gradient of the other side is re-checked with real steps
/// and counted as a kink, a wrong one still fails, and the text says so.
final class LayeredGradientCheckComplexStepTests: XCTestCase {
  /// y[u,v] = K0 x0[u,v] + K1 x1[u,v] + b over a 2×2 plane, then a 2×2 max-pool, then
  /// c = w·m + d: with x0 = (1, 0, 0, 0), x1 = (0, 1, 0, 0) and K = (1, 1), b = 0, the
  /// first two positions tie at 1.
  func tiedNetwork() throws -> (LayeredNetwork, [Sample]) {
    let net = try LayeredNetwork(
      architecture: Architecture.parse(
        "input 2x2x2, conv 1 1x1, maxpool 2, flatten, dense 1, identity"),
      cost: .quadratic, parameters: [1, 1, 0, 2, 0])
    return (net, [Sample(input: [1, 0, 0, 0, 0, 1, 0, 0], target: [0])])
  }

  func testTheOtherSideOfATieIsAKinkAndAWrongGradientFails() throws {
    let (net, samples) = try tiedNetwork()
    // C = ½ (2 m)², m = max(y) = 1: ∂C/∂m = 4. The first maximum (position 0, read from
    // x0) gives ∂C/∂K = (4, 0); the last (position 1, from x1) gives (0, 4). ∂C/∂b = 4,
    // ∂C/∂w = 2 m = 2, ∂C/∂d = 2.
    let first: [Double] = [4, 0, 4, 2, 2]
    let last: [Double] = [0, 4, 4, 2, 2]
    let options = GradientCheckOptions(method: .complexStep)
    let a = try LayeredGradientCheck.run(
      network: net, samples: samples, analytic: first, options: options)
    XCTAssertTrue(a.passed)
    XCTAssertEqual(a.unitsAtKink, 1)
    XCTAssertEqual(a.kinks, 0)
    let b = try LayeredGradientCheck.run(
      network: net, samples: samples, analytic: last, options: options)
    XCTAssertTrue(b.passed, "\(b.failedEntries)")
    XCTAssertEqual(
      b.entries.filter { $0.status == .kink }.map(\.name), ["K1[0,0,0,0]", "K1[0,1,0,0]"])
    XCTAssertEqual(b.tensors[0].kinks, 2)
    let text = b.text()
    let words = text.replacingOccurrences(of: "\n", with: " ")
    XCTAssertTrue(text.contains("K1  1×2×1×1     2    0    2"), text)
    XCTAssertTrue(words.contains("complex step evaluates at the point itself"), text)
    XCTAssertTrue(
      words.contains("Kinks: 2 entries disagreed through a unit sitting on a kink"), text)
    XCTAssertTrue(words.contains("2 agree (counted as kinks)"), text)
    for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "\(line)") }
    // Outside the one-sided derivatives [0, 4] of the tie: no subgradient, a failure.
    var wrong = last
    wrong[1] = 5
    let c = try LayeredGradientCheck.run(
      network: net, samples: samples, analytic: wrong, options: options)
    XCTAssertFalse(c.passed)
    XCTAssertEqual(c.failedEntries.map(\.name), ["K1[0,1,0,0]"])
  }

  func testRealStepsSayTheyReCheckCrossings() throws {
    let (net, samples) = try tiedNetwork()
    let r = try LayeredGradientCheck.run(
      network: net, samples: samples, analytic: [4, 0, 4, 2, 2])
    XCTAssertTrue(r.passed)
    let text = r.text().replacingOccurrences(of: "\n", with: " ")
    XCTAssertEqual(r.kinks, 2)
    XCTAssertTrue(text.contains("An entry whose step crosses a kink is re-checked"), text)
    XCTAssertTrue(text.contains("Kinks: 2 entries moved a relu"), text)
    XCTAssertTrue(text.contains("2 agree (counted as kinks)"), text)
  }
}
