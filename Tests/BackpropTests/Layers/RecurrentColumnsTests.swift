import TestSupport
import XCTest

@testable import Backprop

/// The recurrent layers' perturbations computed as columns against the per-entry path
/// (`IncrementalLayerCost.cost(perturbing:by:)`) and a full forward pass per perturbation:
/// every parameter, several samples, steps large enough that a wrong perturbation term or a
/// wrong starting state would show, and relu kinks after the recurrent layer.
final class RecurrentColumnsTests: XCTestCase {
  let architectures = [
    "input 4x2, lstm 3, dense 3, relu, dense 1, sigmoid",
    "input 4x2, rnn 3, dense 3, relu, dense 1, identity",
  ]
  let steps = [1e-5, -1e-5, 0.4, -0.7]

  func network(_ text: String) throws -> (LayeredNetwork, [Sample]) {
    try LayeredNetwork.random(Architecture.parse(text), cost: .quadratic, sampleCount: 3, seed: 5)
  }

  func testColumnsAgreeWithThePerEntryPathAndFullForwardPasses() throws {
    for text in architectures {
      let (net, samples) = try network(text)
      let incremental = IncrementalLayerCost<Double>(network: net, samples: samples)
      let recurrent = Array(0..<net.layers[0].parameterCount)
      let changes = try XCTUnwrap(
        incremental.columnChanges(recurrent, steps: steps, threads: 1), text)
      var crossed = 0
      for i in recurrent {
        for (m, s) in steps.enumerated() {
          let (cost, crossing) = incremental.cost(perturbing: i, by: s)
          var theta = net.parameters
          theta[i] += s
          var record = KinkRecord()
          let full = net.cost(parameters: theta, over: samples, kinks: &record)
          let batched = incremental.baseCost + changes[i][m].change
          let name = "\(text) \(net.parameterName(i)) step \(s)"
          assertClose(batched, cost, rtol: 1e-13, atol: 1e-15, name)
          assertClose(batched, full, rtol: 1e-13, atol: 1e-15, name)
          assertClose(
            changes[i][m].change, cost - incremental.baseCost, rtol: 1e-9, atol: 1e-15, name)
          XCTAssertEqual(changes[i][m].crossing, crossing, name)
          if crossing == .crossed { crossed += 1 }
        }
      }
      XCTAssertGreaterThan(crossed, 0, "some large steps cross a relu kink in \(text)")
    }
  }

  func testColumnsDoNotDependOnThreadsOrOnTheirBlock() throws {
    let (net, samples) = try network(architectures[0])
    let incremental = IncrementalLayerCost<Double>(network: net, samples: samples)
    let all = Array(0..<net.layers[0].parameterCount)
    let one = try XCTUnwrap(incremental.columnChanges(all, steps: steps, threads: 1))
    let two = try XCTUnwrap(incremental.columnChanges(all, steps: steps, threads: 2))
    let alone = try XCTUnwrap(
      incremental.columnChanges(Array(all.suffix(5)), steps: steps, threads: 1))
    XCTAssertEqual(one.map { $0.map(\.change) }, two.map { $0.map(\.change) })
    XCTAssertEqual(one.suffix(5).map { $0.map(\.change) }, alone.map { $0.map(\.change) })
  }

  func testOnlyRecurrentLayersAreComputedAsColumns() throws {
    let (net, samples) = try network(architectures[0])
    let incremental = IncrementalLayerCost<Double>(network: net, samples: samples)
    let dense = net.offsets[1]
    XCTAssertNil(incremental.columnChanges([dense], steps: steps, threads: 1))
    XCTAssertNil(incremental.columnChanges([0, dense], steps: steps, threads: 1))
  }

  func testTheLayeredCheckIsUnchangedByColumns() throws {
    for text in architectures {
      let (net, samples) = try network(text)
      var g = net.gradients(over: samples)
      g[3] += 0.05  // one failure, so that statuses are compared too
      for method in [FiniteDifferenceMethod.central, .forward] {
        let reports = try [GradientCheckOptions.Strategy.incremental, .fullForward].map {
          try LayeredGradientCheck.run(
            network: net, samples: samples, analytic: g,
            options: GradientCheckOptions(method: method, strategy: $0, diagnose: false))
        }
        XCTAssertEqual(reports[0].entries.map(\.status), reports[1].entries.map(\.status), text)
        XCTAssertEqual(reports[0].failures, 1, text)
        // Rounding in the costs, divided by the step, bounds how far the estimates may part.
        let noise = 64 * Double.ulpOfOne * max(1, net.cost(over: samples)) / method.defaultEpsilon
        for (a, b) in zip(reports[0].entries, reports[1].entries) {
          assertClose(a.numeric, b.numeric, rtol: 1e-8, atol: noise, a.name)
        }
      }
    }
  }
}
