import Backprop
import TestSupport
import XCTest

/// The incremental evaluation of perturbed costs against a full forward pass per
/// perturbation: the same estimates (to rounding) and the same kink statuses.
final class IncrementalLayerCostTests: XCTestCase {
  func testIncrementalAndFullForwardAgree() throws {
    let cases: [(String, Cost)] = [
      (
        "input 1x6x6, conv 2 3x3, relu, maxpool 2, flatten, dense 3, softmax",
        .categoricalCrossEntropy
      ),
      ("input 2x5x5, conv 2 3x3 stride 2 same, tanh, flatten, dense 2, sigmoid", .crossEntropy),
      ("input 4x3, lstm 2, dense 1, sigmoid", .quadratic),
    ]
    for (text, cost) in cases {
      let (net, samples) = try LayeredNetwork.random(
        Architecture.parse(text), cost: cost, sampleCount: 2, seed: 9)
      var g = net.gradients(over: samples)
      g[g.count - 1] += 0.1  // one failure, to compare statuses too
      for precision in Precision.allCases {
        let reports = try [GradientCheckOptions.Strategy.incremental, .fullForward].map {
          try LayeredGradientCheck.run(
            network: net, samples: samples, analytic: g,
            options: GradientCheckOptions(precision: precision, strategy: $0, diagnose: false))
        }
        XCTAssertEqual(reports[0].entries.map(\.status), reports[1].entries.map(\.status), text)
        let tolerance = precision == .double ? 1e-8 : 2e-2
        for (a, b) in zip(reports[0].entries, reports[1].entries) {
          assertClose(a.numeric, b.numeric, rtol: tolerance, atol: tolerance * 1e-2, a.name)
        }
      }
    }
  }

  func testKinksAreDetectedIncrementally() throws {
    // The max-pool tie of LayeredGradientCheckTests: K[0,1,0,0] breaks it.
    let net = try LayeredNetwork(
      architecture: Architecture.parse(
        "input 2x2x2, conv 1 1x1, relu, maxpool 2, flatten, dense 1, identity"),
      cost: .mse, parameters: [0.5, 0, 0.1, 2, 0.1])
    let samples = [Sample(input: [1, 1, -1, 0.5, 1, 0, 0, 0], target: [0.3])]
    let r = try LayeredGradientCheck.run(
      network: net, samples: samples, analytic: net.gradients(over: samples),
      options: GradientCheckOptions(strategy: .incremental))
    XCTAssertEqual(r.entries.filter { $0.status == .kink }.map(\.name), ["K1[0,1,0,0]"])
  }
}
