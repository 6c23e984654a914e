import Backprop
import Foundation
import TestSupport
import XCTest

final class StepSweepTests: XCTestCase {
  func testForwardErrorOnAQuadraticIsHalfTheStep() throws {
    // C(w) = ½ w² for a 1-1 identity network with x = 1, y = 0, b = 0: C′ = w, and
    // (C(w + h) − C(w)) / h − w = h / 2 exactly; central and complex-step are exact up to
    // rounding.
    let network = try Network(
      sizes: [1, 1], activations: [.identity], cost: .quadratic,
      weights: [Matrix(rows: 1, columns: 1, storage: [0.75])], biases: [[0]])
    let p = ParameterIndex(layer: 1, kind: .weight(row: 0, column: 0), columns: 1)
    let sweep = StepSweep(
      network: network, samples: [Sample(input: [1], target: [0])], parameter: p, analytic: 0.75)
    XCTAssertEqual(StepSweep.steps.count, 16)
    XCTAssertEqual(StepSweep.steps.first, 0.1)
    XCTAssertEqual(StepSweep.steps.last, 1e-16)
    let forward = sweep.curves[0]
    XCTAssertEqual(forward.method, .forward)
    for i in 0..<4 { XCTAssertEqual(forward.errors[i], StepSweep.steps[i] / 2, accuracy: 1e-12) }
    XCTAssertLessThan(sweep.curves[1].errors[0], 1e-15)
    XCTAssertTrue(sweep.curves[2].errors.allSatisfy { $0 < 1e-15 })
    let slope = try XCTUnwrap(sweep.slopes(forward).truncation)
    XCTAssertEqual(slope.expected, 1)
    XCTAssertEqual(slope.value, 1, accuracy: 0.05)
  }

  /// Steps across a relu kink are marked for forward and central differences.
  ///
  /// z = w x with x = 1, w = 0.05 then relu, then σ(2 a): w ± 0.1 reaches −0.05, across the
  /// kink at 0; w ± 0.01 and smaller steps stay on the positive side. w + h never crosses.
  func testStepsThatCrossAReluKinkAreMarkedForDenseAndLayeredNetworks() throws {
    let samples = [Sample(input: [1], target: [0])]
    let dense = try Network(
      sizes: [1, 1, 1], activations: [.relu, .sigmoid], cost: .quadratic,
      weights: [
        Matrix(rows: 1, columns: 1, storage: [0.05]), Matrix(rows: 1, columns: 1, storage: [2]),
      ], biases: [[0], [0]])
    let p = ParameterIndex(layer: 1, kind: .weight(row: 0, column: 0), columns: 1)
    // C = ½ σ(2 w)² → ∂C/∂w = σ(0.1) σ′(0.1) · 2 (σ′ = σ(1 − σ)), by hand.
    let s = 1 / (1 + exp(-0.1))
    let analytic = s * s * (1 - s) * 2
    let denseSweep = StepSweep(
      network: dense, samples: samples, parameter: p, analytic: analytic)
    let layered = try LayeredNetwork(
      architecture: Architecture.parse("input 1, dense 1, relu, dense 1, sigmoid"),
      cost: .quadratic, parameters: [0.05, 0, 2, 0])
    let layeredSweep = StepSweep(
      network: layered, samples: samples, parameter: 0, analytic: analytic)
    let expected = [true] + [Bool](repeating: false, count: 15)
    for sweep in [denseSweep, layeredSweep] {
      XCTAssertEqual(sweep.centralCrossesKink, expected)
      XCTAssertEqual(sweep.forwardCrossesKink, [Bool](repeating: false, count: 16))
      XCTAssertTrue(sweep.anyCrossesKink)
      XCTAssertFalse(sweep.crossesKink(.complexStep, step: 0))
      // The central truncation fit runs from 1e-1 to the best step: one kinked point.
      let central = try XCTUnwrap(sweep.slopes(sweep.curves[1]).truncation)
      XCTAssertEqual(central.kinkedPoints, 1)
      XCTAssertEqual(sweep.slopes(sweep.curves[0]).truncation?.kinkedPoints ?? 0, 0)
    }
  }

  func testSigmoidNetworkShowsTheV() throws {
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 2], sampleCount: 3, seed: 2))
    let p = ParameterIndex(layer: 1, kind: .weight(row: 1, column: 0), columns: 2)
    let analytic = file.network.gradients(over: file.samples)[p]
    let sweep = StepSweep(
      network: file.network, samples: file.samples, parameter: p, analytic: analytic)
    // Textbook: forward best near √u ≈ 1e-8, central near u^(1/3) ≈ 1e-5.
    let forwardBest = sweep.best(sweep.curves[0]).step
    let centralBest = sweep.best(sweep.curves[1]).step
    XCTAssertTrue((1e-10...1e-6).contains(forwardBest), "\(forwardBest)")
    XCTAssertTrue((1e-7...1e-3).contains(centralBest), "\(centralBest)")
    let central = sweep.slopes(sweep.curves[1])
    XCTAssertEqual(try XCTUnwrap(central.truncation).value, 2, accuracy: 0.5)
    XCTAssertEqual(try XCTUnwrap(central.rounding).value, -1, accuracy: 0.5)
    XCTAssertLessThan(sweep.best(sweep.curves[2]).error, 1e-14)
  }

  func testThePlotHasOneLinePerMethodAndMarksTheBestSteps() throws {
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 2], sampleCount: 3, seed: 2))
    let p = ParameterIndex(layer: 2, kind: .bias(row: 0), columns: 3)
    let sweep = StepSweep(
      network: file.network, samples: file.samples, parameter: p,
      analytic: file.network.gradients(over: file.samples)[p])
    let svg = SVGInspector(
      StepSweepPlot.svg(sweep, labels: PlotLabels(title: "sweep", x: "step", y: "error")))
    for (i, method) in ["forward", "central", "complex-step"].enumerated() {
      let line = try XCTUnwrap(svg.all("polyline", className: method).first)
      let nonZero = sweep.curves[i].errors.filter { $0 > 0 }.count
      XCTAssertEqual(SVGInspector.points(line).count, nonZero, method)
    }
    // A method whose best error is exactly 0 (here the complex step on an output bias) has
    // no point on a log axis to circle.
    let circled = sweep.curves.filter { sweep.best($0).error > 0 }.count
    XCTAssertEqual(sweep.curves.count - circled, 1)
    XCTAssertEqual(svg.all("circle", className: "best").count, circled)
  }

  func testAnyCostCanBeSweptThroughItsCostFunctions() throws {
    // C(θ + s) = exp(θ + s) at θ = 0.5: the forward error is (e^h − 1)/h · e^θ − e^θ, the
    // central one (e^h − e^−h)/(2h) · e^θ − e^θ, worked out here in closed form.
    let theta = 0.5
    let sweep = StepSweep(
      analytic: exp(theta), cost: { exp(theta + $0) },
      imaginaryCost: { h in exp(theta) * sin(h) })
    for (i, h) in StepSweep.steps.prefix(3).enumerated() {
      XCTAssertEqual(
        sweep.curves[0].errors[i], abs((exp(h) - 1) / h - 1) * exp(theta), accuracy: 1e-12)
      XCTAssertEqual(
        sweep.curves[1].errors[i], abs(sinh(h) / h - 1) * exp(theta), accuracy: 1e-12)
      // Im exp(θ + ih) = e^θ sin h: the complex step's error is e^θ |sin h / h − 1|.
      XCTAssertEqual(
        sweep.curves[2].errors[i], abs(sin(h) / h - 1) * exp(theta), accuracy: 1e-14)
    }
  }
}
