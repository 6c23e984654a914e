import Backprop
import TestSupport
import XCTest
import _Differentiation

/// The documented max-pool tie convention (Docs/Layers.md, maxpool): of two or more equal
/// largest entries the first in row order wins and takes the whole gradient; the tie is
/// recorded as a kink.
final class MaxPoolTieTests: XCTestCase {
  func pool(_ shape: TensorShape, size: Int, stride: Int) throws -> any Layer {
    try LayerSpec.maxPool(size: size, stride: stride).fitted(to: shape, position: 1)
  }

  func testATieSendsTheGradientToTheFirstEntryInRowOrder() throws {
    let layer = try pool(.image(channels: 1, height: 2, width: 2), size: 2, stride: 2)
    // Window (row-major) → the index that takes the gradient.
    let cases: [([Double], Int)] = [
      ([3, 3, 1, 0], 0),  // tie in the top row
      ([1, 3, 3, 0], 1),  // (0,1) comes before (1,0) in row order
      ([0, 1, 3, 3], 2),  // tie in the bottom row
      ([2, 0, 2, 2], 0),  // three equal largest entries
      ([-1, -1, -1, -1], 0),  // all equal
      ([3, 3, 4, 0], 2),  // a tie that is not the largest is no tie
    ]
    for (x, winner) in cases {
      let expected = (0..<4).map { $0 == winner ? 10.0 : 0 }
      XCTAssertEqual(
        layer.backward(x, parameters: [], outputGradient: [10]).input, expected, "\(x)")
      let j = layer.jacobian(x, parameters: [], output: .a(1, 1), input: .a(0, 4))
      XCTAssertEqual(j.structure, .selection(columns: 4, picks: [winner]), "\(x)")
      // The oracle's own reading of the convention, and its reverse mode.
      let plain = PlainLayer(.maxPool(size: 2, stride: 2), input: [1, 2, 2])
      XCTAssertEqual(plainWinner(x, [0, 1, 2, 3]), winner, "\(x)")
      let (_, pullback) = valueWithPullback(at: x) { plainMaxPool($0, plain) }
      XCTAssertEqual(plainTangent(pullback(.init([10])), count: 4), expected, "\(x)")
      // Recorded as a kink exactly when the largest value is shared.
      var record = KinkRecord()
      _ = layer.forward(x, parameters: [], kinks: &record)
      let largest = x.max() ?? 0
      XCTAssertEqual(record.atKink, x.filter { $0 == largest }.count > 1 ? 1 : 0, "\(x)")
    }
  }

  func testOverlappingWindowsOnAPlateauEachRouteToTheirOwnFirstEntry() throws {
    // 3×3 with a 2×2 plateau of 5s, windows 2×2 with stride 1: window (y, x) starts at
    // input (y, x), which is always one of its 5s and the first in row order. Three windows
    // hold two or more 5s (ties); the last holds one.
    let layer = try pool(.image(channels: 1, height: 3, width: 3), size: 2, stride: 1)
    let x: [Double] = [5, 5, 1, 5, 5, 1, 0, 0, 0]
    let g: [Double] = [1, 2, 3, 4]
    let expected: [Double] = [1, 2, 0, 3, 4, 0, 0, 0, 0]
    XCTAssertEqual(layer.forward(x, parameters: []), [5, 5, 5, 5])
    XCTAssertEqual(layer.backward(x, parameters: [], outputGradient: g).input, expected)
    let plain = PlainLayer(.maxPool(size: 2, stride: 1), input: [1, 3, 3])
    let (_, pullback) = valueWithPullback(at: x) { plainMaxPool($0, plain) }
    XCTAssertEqual(plainTangent(pullback(.init(g)), count: 9), expected)
    var record = KinkRecord()
    _ = layer.forward(x, parameters: [], kinks: &record)
    XCTAssertEqual(record.atKink, 3)
  }

  /// A tie inside a network, where the winner decides the kernel's gradient.
  ///
  /// Two channels through a 1×1 convolution with K = [1, 1] give z = [3, 3, 0.75, −0.5] exactly, from
  /// inputs (1, 2) and (2, 1). The first entry wins, so ∂C/∂K = δ · (1, 2). That is the
  /// one-sided derivative along which the first entry keeps winning: from the left for
  /// K[0,0,0,0] (lowering it lowers z₀ less than z₁) and from the right for K[0,1,0,0]; the
  /// other sides give δ · 2 and δ · 1.
  func testATieInANetworkTakesTheFirstWinnersSideOfTheKink() throws {
    let tied = try TiedMaxPoolNetwork()
    let (net, sample, delta) = (tied.network, tied.sample, tied.delta)
    XCTAssertEqual(net.trace(sample.input)[1], [3, 3, 0.75, -0.5])
    let g = net.gradients(over: [sample])
    assertClose(g, [delta, 2 * delta, delta, 4.25 * 3, 4.25], rtol: 1e-15, atol: 0, "library")
    // The oracle (first largest wins) agrees.
    let (_, oracle) = plainValueWithGradient(
      net.parameters, PlainNetwork(net, samples: [sample]))
    assertClose(g, oracle, rtol: 1e-14, atol: 0, "oracle")
    // One-sided three-point differences (exact for the quadratic pieces, up to rounding).
    func oneSided(_ j: Int, _ h: Double) -> Double {
      let c = { (t: Double) in
        net.withParameters(net.parameters.with(j, net.parameters[j] + t)).cost(over: [sample])
      }
      return (-3 * c(0) + 4 * c(h) - c(2 * h)) / (2 * h)
    }
    assertClose(g[0], oneSided(0, -1e-4), rtol: 1e-7, atol: 0, "K[0,0,0,0] from the left")
    assertClose(g[1], oneSided(1, 1e-4), rtol: 1e-7, atol: 0, "K[0,1,0,0] from the right")
    assertClose(oneSided(0, 1e-4), 2 * delta, rtol: 1e-7, atol: 0, "the other side")
    assertClose(oneSided(1, -1e-4), delta, rtol: 1e-7, atol: 0, "the other side")
    // The complex step picks the winner by the real part, so it agrees with the backward
    // pass at the tie.
    var kinks = KinkRecord()
    let theta = net.parameters.map { Complex($0) }
    for j in 0..<2 {
      var t = theta
      t[j].im = 1e-20
      let d = net.cost(parameters: t, over: [sample], kinks: &kinks).im / 1e-20
      assertClose(d, g[j], rtol: 1e-14, atol: 0, "complex step \(j)")
    }
    XCTAssertEqual(kinks.atKink, 2)
  }

  /// The tie of `testATieInANetworkTakesTheFirstWinnersSideOfTheKink` with the gradient
  /// split between the tied entries, as jnp.max's gradient and the central difference give
  /// it: ∂C/∂K = δ · ½ ((1, 2) + (2, 1)), a subgradient between the one-sided derivatives.
  func testAGradientSplitBetweenTiedEntriesIsAKinkNeverAFailure() throws {
    let tied = try TiedMaxPoolNetwork()
    let (net, sample, split, delta) = (tied.network, tied.sample, tied.splitGradient, tied.delta)
    for method in [FiniteDifferenceMethod.central, .forward, .fivePoint, .complexStep] {
      let r = try LayeredGradientCheck.run(
        network: net, samples: [sample], analytic: split,
        options: GradientCheckOptions(method: method))
      XCTAssertTrue(r.passed, "\(method): \(r.failedEntries)")
      XCTAssertEqual(r.failures, 0, "\(method)")
    }
    // Outside the one-sided derivatives [δ, 2δ]: a failure.
    var wrong = split
    wrong[0] = 2.5 * delta
    let r = try LayeredGradientCheck.run(network: net, samples: [sample], analytic: wrong)
    XCTAssertEqual(r.failedEntries.map(\.name), ["K1[0,0,0,0]"])
  }

  /// A tie among relu outputs stuck at 0 is no kink.
  ///
  /// A window whose entries are all relu outputs with z < 0 ties at 0, but no small change
  /// moves them apart. With one z exactly 0 the tie can open: a kink (and the relu
  /// unit at z = 0 is one too).
  func testATieOfReluOutputsPinnedAtZeroIsNoKink() throws {
    let arch = "input 1x2x2, conv 1 1x1, relu, maxpool 2, flatten, dense 1, identity"
    let net = try LayeredNetwork(
      architecture: Architecture.parse(arch), cost: .quadratic, parameters: [1, 0, 0.7, 0.1])
    let dead = Sample(input: [-1, -2, -3, -4], target: [0.5])
    let r = try LayeredGradientCheck.run(
      network: net, samples: [dead], analytic: net.gradients(over: [dead]))
    XCTAssertTrue(r.passed)
    XCTAssertEqual(r.unitsAtKink, 0)
    XCTAssertEqual(r.kinks, 0)
    let open = Sample(input: [0, -2, -3, -4], target: [0.5])
    let s = try LayeredGradientCheck.run(
      network: net, samples: [open], analytic: net.gradients(over: [open]))
    XCTAssertEqual(s.unitsAtKink, 2)
  }
}

extension LayeredNetwork {
  /// The same network with other parameters.
  fileprivate func withParameters(_ p: [Double]) -> LayeredNetwork {
    var copy = self
    copy.parameters = p
    return copy
  }
}
