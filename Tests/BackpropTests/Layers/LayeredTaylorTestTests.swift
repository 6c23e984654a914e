import Backprop
import TestSupport
import XCTest

/// The Taylor test of layered networks: right gradients shrink at order 3 (central) or 2
/// (forward), a wrong entry at order 1, in its layer's direction and on its own.
final class LayeredTaylorTestTests: XCTestCase {
  func testRightGradientsPassAtTheirOrderInEveryLayerKind() throws {
    for (text, cost) in [
      (
        "input 1x5x5, conv 2 2x2, tanh, avgpool 2, flatten, dense 2, softmax",
        Cost.categoricalCrossEntropy
      ),
      ("input 4x3, lstm 2, dense 1, sigmoid", .crossEntropy),
      ("input 4x2, rnn 3, dense 2, tanh", .mse),
    ] {
      let (net, samples) = try random(text, cost)
      let g = net.gradients(over: samples)
      for form in TaylorForm.allCases {
        let r = try LayeredTaylorTest.run(
          network: net, samples: samples, analytic: g, options: TaylorOptions(form: form))
        XCTAssertTrue(r.passed, "\(text) \(form)")
        XCTAssertEqual(r.architecture, net.architecture.description)
        XCTAssertEqual(r.parameterCount, net.parameterCount)
        for layer in r.layers where layer.series.status == .passed {
          let order = try XCTUnwrap(layer.series.order)
          XCTAssertEqual(order, form.rightOrder, accuracy: 0.3, "\(text) \(form) \(layer.layer)")
        }
      }
    }
  }

  func testAWrongEntryShrinksLikeTheStepInItsLayerAndAlone() throws {
    let (net, samples) = try random(
      "input 1x5x5, conv 2 2x2, tanh, flatten, dense 2, identity", .quadratic)
    var g = net.gradients(over: samples)
    let i = try XCTUnwrap(net.parameterIndex(named: "K1[1,0,0,1]"))
    // Off by 1e-4 relative: any error leaves a term h·δ that wins at small steps.
    g[i] *= 1 + 1e-4
    let r = try LayeredTaylorTest.run(
      network: net, samples: samples, analytic: g, options: TaylorOptions(perEntry: true))
    XCTAssertFalse(r.passed)
    XCTAssertEqual(r.layers.map(\.layer), [1, 3])
    // The cost is quadratic in the last layer's parameters: its remainder is rounding.
    XCTAssertEqual(r.layers.map(\.series.status), [.failed, .exact])
    XCTAssertEqual(try XCTUnwrap(r.layers[0].series.order), 1, accuracy: 0.3)
    XCTAssertEqual(r.entries.count, net.parameterCount)
    XCTAssertEqual(r.entries.filter { $0.series.status == .failed }.map(\.name), ["K1[1,0,0,1]"])
    XCTAssertEqual(r.entries.first { $0.name == "K1[1,0,0,1]" }?.position, [1, 0, 0, 1])
  }

  func testBadOptionsAndShapesThrow() throws {
    let (net, samples) = try random("input 3, dense 2, tanh", .quadratic)
    let g = net.gradients(over: samples)
    XCTAssertThrowsError(
      try LayeredTaylorTest.run(
        network: net, samples: samples, analytic: Array(g.dropLast())))
    XCTAssertThrowsError(
      try LayeredTaylorTest.run(
        network: net, samples: samples, analytic: g, options: TaylorOptions(window: 1)))
  }
}
