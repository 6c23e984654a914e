import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// An independent forward pass for the evaluator tests: plain arrays, the formulas of
/// `ReferenceNetwork` (TestSupport), not the library's.
enum ReferenceForward {
  /// The mean cost, the sign pattern of every relu / leaky-relu pre-activation, and that of
  /// every elu pre-activation.
  static func run(_ net: Network, _ samples: [Sample]) -> (
    cost: Double, pattern: [Bool], elu: [Bool]
  ) {
    var total = 0.0
    var pattern: [Bool] = []
    var elu: [Bool] = []
    for s in samples {
      var a = s.input
      for l in 1...net.depth {
        let w = net.weights[l - 1]
        var z = [Double](repeating: 0, count: w.rows)
        for j in 0..<w.rows {
          z[j] = net.biases[l - 1][j]
          for k in 0..<w.columns { z[j] += w[j, k] * a[k] }
        }
        if net.activations[l - 1] == .relu || net.activations[l - 1] == .leakyReLU {
          pattern += z.map { $0 > 0 }
        }
        if net.activations[l - 1] == .elu { elu += z.map { $0 > 0 } }
        a = ReferenceNetwork.activate(net.activations[l - 1].name, z)
      }
      total += ReferenceNetwork.cost(net.cost.name, a, s.target)
    }
    return (total / Double(samples.count), pattern, elu)
  }
}

final class IncrementalEvaluatorTests: XCTestCase {
  private func network(_ hidden: Activation, _ output: Activation, _ cost: Cost, seed: UInt64)
    throws -> NetworkFile
  {
    try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 4, 3, 3], hiddenActivation: hidden, outputActivation: output, cost: cost,
        sampleCount: 3, seed: seed))
  }

  /// ΔC from the evaluator equals the difference of two independent full forward passes,
  /// for every parameter, activation and cost.
  func testCostChangesMatchFullForwardPasses() throws {
    for hidden in Activation.allCases {
      for cost in Cost.allCases {
        let output: Activation =
          cost.allowedOutputActivations == nil
          ? hidden : (cost == .categoricalCrossEntropy ? .softmax : .sigmoid)
        let file = try network(hidden, output, cost, seed: 11)
        let evaluator = IncrementalEvaluator<Double>(network: file.network, samples: file.samples)
        let base = ReferenceForward.run(file.network, file.samples)
        XCTAssertEqual(evaluator.baseCost, base.cost, accuracy: 1e-13 * max(1, base.cost))
        let steps = [0.3, -1e-3]
        var changes = [0.0, 0.0]
        for index in file.network.parameterIndices {
          let crossed = steps.withUnsafeBufferPointer { s in
            changes.withUnsafeMutableBufferPointer { c in
              evaluator.costChanges(at: index, steps: s, into: c)
            }
          }
          var anyCrossing = false
          var anyCrease = false
          for (i, step) in steps.enumerated() {
            var net = file.network
            net[index] += step
            let moved = ReferenceForward.run(net, file.samples)
            XCTAssertEqual(
              changes[i], moved.cost - base.cost, accuracy: 1e-12 * max(1, base.cost),
              "\(hidden) \(cost) \(index) step \(step)")
            if moved.pattern != base.pattern { anyCrossing = true }
            if moved.elu != base.elu { anyCrease = true }
          }
          XCTAssertEqual(crossed.contains(.kink), anyCrossing, "\(hidden) \(cost) \(index) kink")
          XCTAssertEqual(crossed.contains(.crease), anyCrease, "\(hidden) \(cost) \(index) crease")
        }
      }
    }
  }

  func testFloatAndComplexEvaluators() throws {
    let file = try network(.tanh, .sigmoid, .crossEntropy, seed: 5)
    let index = file.network.parameterIndices[7]
    var net = file.network
    net[index] += 0.01
    let expected =
      ReferenceForward.run(net, file.samples).cost
      - ReferenceForward.run(file.network, file.samples).cost
    let f = IncrementalEvaluator<Float>(network: file.network, samples: file.samples)
    var fc: [Float] = [0]
    _ = [Float(0.01)].withUnsafeBufferPointer { s in
      fc.withUnsafeMutableBufferPointer { f.costChanges(at: index, steps: s, into: $0) }
    }
    XCTAssertEqual(Double(fc[0]), expected, accuracy: 1e-5)
    // Complex step: Im ΔC(ih) / h is the derivative, compared with backprop.
    let c = IncrementalEvaluator<Complex>(network: file.network, samples: file.samples)
    var cc = [Complex(0)]
    _ = [Complex(0, 1e-20)].withUnsafeBufferPointer { s in
      cc.withUnsafeMutableBufferPointer { c.costChanges(at: index, steps: s, into: $0) }
    }
    let g = file.network.gradients(over: file.samples)[index]
    XCTAssertEqual(cc[0].im / 1e-20, g, accuracy: 1e-13 * max(1, abs(g)))
  }

  func testActivationPatternReferenceAgrees() throws {
    let file = try network(.relu, .identity, .quadratic, seed: 2)
    let index = ParameterIndex(layer: 1, kind: .bias(row: 0), columns: 3)
    let z0 = file.network.forward(file.samples[0].input).z[1][0]
    // A step that certainly moves z¹₀ of sample 0 across 0, and one that cannot.
    XCTAssertTrue(file.network.crossesKink(perturbing: index, by: [-2 * z0], over: file.samples))
    let margin = try XCTUnwrap(file.network.kinkMargin(over: file.samples))
    XCTAssertFalse(
      file.network.crossesKink(
        perturbing: index, by: [margin / 2, -margin / 2], over: file.samples))
  }
}
