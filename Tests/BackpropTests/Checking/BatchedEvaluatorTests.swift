import Foundation
import TestSupport
import XCTest

@testable import Backprop

final class BatchedEvaluatorTests: XCTestCase {
  private func network(
    _ hidden: Activation, _ output: Activation, _ cost: Cost, sizes: [Int] = [3, 4, 3, 3],
    samples: Int = 3, seed: UInt64
  ) throws -> NetworkFile {
    try NetworkFile.random(
      RandomNetworkSpec(
        sizes: sizes, hiddenActivation: hidden, outputActivation: output, cost: cost,
        sampleCount: samples, seed: seed))
  }

  private func changes(
    _ file: NetworkFile, indices: [ParameterIndex], steps: [Double], threads: Int = 1,
    interpolates: Bool = true
  ) -> (changes: [Double], crossings: [Crossings], interpolated: Int) {
    var changes = [Double](repeating: .nan, count: indices.count * steps.count)
    var crossings = [Crossings](repeating: [.kink, .crease], count: indices.count)
    let evaluator = BatchedEvaluator(
      network: file.network, samples: file.samples, interpolates: interpolates)
    let interpolated = changes.withUnsafeMutableBufferPointer { c in
      crossings.withUnsafeMutableBufferPointer { k in
        evaluator.costChanges(
          at: indices, steps: steps, into: c.baseAddress.unsafelyUnwrapped,
          crossings: k.baseAddress.unsafelyUnwrapped, threads: threads)
      }
    }
    return (changes, crossings, interpolated)
  }

  /// ΔC of every column equals the difference of two independent full forward passes.
  ///
  /// Within 1e-9 relative plus 1e-12 · max(1, C) (`ReferenceForward`), for every activation
  /// below a softmax-free hidden stack, every cost and output kind; the breaks reported are
  /// exactly the sign changes of the reference pass. The wide first layer (18 entries a row,
  /// 36 columns) lets rows be interpolated where they are smooth.
  func testCostChangesMatchFullForwardPasses() throws {
    for hidden in Activation.allCases where hidden != .softmax {
      for cost in Cost.allCases {
        let outputs: [Activation] =
          cost.allowedOutputActivations ?? [hidden, .softmax]
        for output in outputs {
          let file = try network(hidden, output, cost, sizes: [17, 4, 3, 2], samples: 2, seed: 11)
          let base = ReferenceForward.run(file.network, file.samples)
          let indices = file.network.parameterIndices
          let steps = [0.3, -1e-3]
          let result = changes(file, indices: indices, steps: steps)
          for (n, index) in indices.enumerated() {
            var anyCrossing = false
            var anyCrease = false
            for (i, step) in steps.enumerated() {
              var net = file.network
              net[index] += step
              let moved = ReferenceForward.run(net, file.samples)
              let expected = moved.cost - base.cost
              XCTAssertEqual(
                result.changes[n * steps.count + i], expected,
                accuracy: 1e-9 * abs(expected) + 1e-12 * max(1, base.cost),
                "\(hidden) \(output) \(cost) \(index) step \(step)")
              if moved.pattern != base.pattern { anyCrossing = true }
              if moved.elu != base.elu { anyCrease = true }
            }
            let crossed = result.crossings[n]
            XCTAssertEqual(crossed.contains(.kink), anyCrossing, "\(hidden) \(cost) \(index) kink")
            XCTAssertEqual(
              crossed.contains(.crease), anyCrease, "\(hidden) \(cost) \(index) crease")
          }
        }
      }
    }
  }

  /// Interpolated rows agree with rows computed column by column: central differences
  /// within 1e-9 relative plus 1e-12 of the row's largest derivative, for small steps on
  /// smooth networks (where every row is interpolated) and on a relu network.
  func testInterpolatedRowsMatchComputedRows() throws {
    let cases = [
      try network(.tanh, .tanh, .mse, sizes: [40, 8, 6, 3], seed: 31),
      try network(.sigmoid, .softmax, .categoricalCrossEntropy, sizes: [40, 8, 5], seed: 32),
      try network(.relu, .softmax, .categoricalCrossEntropy, sizes: [40, 8, 5], seed: 33),
    ]
    for file in cases {
      let indices = file.network.parameterIndices
      let h = 1e-5
      let fast = changes(file, indices: indices, steps: [h, -h])
      let slow = changes(file, indices: indices, steps: [h, -h], interpolates: false)
      XCTAssertGreaterThan(fast.interpolated, 0, "some rows are interpolated")
      XCTAssertEqual(slow.interpolated, 0)
      let derivative = { (c: [Double], n: Int) in (c[2 * n] - c[2 * n + 1]) / (2 * h) }
      let largest = indices.indices.map { abs(derivative(slow.changes, $0)) }.max() ?? 0
      for (n, index) in indices.enumerated() {
        let expected = derivative(slow.changes, n)
        XCTAssertEqual(
          derivative(fast.changes, n), expected,
          accuracy: 1e-9 * abs(expected) + 1e-12 * largest, "\(index)")
      }
      XCTAssertEqual(fast.crossings.map(\.rawValue), slow.crossings.map(\.rawValue))
    }
  }

  /// Steps so large that no polynomial of degree 12 follows ΔC fail the checks: those rows
  /// are computed column by column and still match full forward passes.
  func testLargeStepsAreComputedNotInterpolated() throws {
    let file = try network(.tanh, .sigmoid, .quadratic, sizes: [40, 6, 2], seed: 34)
    let base = ReferenceForward.run(file.network, file.samples)
    let indices = file.network.parameterIndices.filter { $0.layer == 1 }
    let steps = [25.0, -25.0]
    let result = changes(file, indices: indices, steps: steps)
    XCTAssertEqual(result.interpolated, 0)
    for (n, index) in indices.enumerated() {
      for (i, step) in steps.enumerated() {
        var net = file.network
        net[index] += step
        let expected = ReferenceForward.run(net, file.samples).cost - base.cost
        XCTAssertEqual(
          result.changes[n * 2 + i], expected,
          accuracy: 1e-9 * abs(expected) + 1e-12 * max(1, base.cost), "\(index) \(step)")
      }
    }
  }

  /// The eight-lane barycentric formula gives the scalar one's results bit for bit, the
  /// node values on the nodes (scalar) or `nil` (lanes), and reproduces a polynomial of
  /// degree 12 to rounding.
  func testBarycentricLanesMatchTheScalarFormula() {
    let n = BatchedEvaluator.interpolationNodes
    var x = (0..<n).map { 2e-5 * cos(Double($0) * Double.pi / Double(n - 1)) }
    x[n / 2] = 0
    let poly = { (t: Double) in 3 * t - 2e4 * t * t + 1e9 * t * t * t }
    var f = x.map(poly)
    x.withUnsafeMutableBufferPointer { xp in
      f.withUnsafeMutableBufferPointer { fp in
        let (nodes, values) = (xp.baseAddress.unsafelyUnwrapped, fp.baseAddress.unsafelyUnwrapped)
        let t = VectorMath.Lanes(-1.99e-5, -1.3e-5, -1e-9, 1e-12, 3e-7, 5e-6, 1.7e-5, 1.99e-5)
        guard let lanes = BatchedEvaluator.barycentric(lanes: t, nodes: nodes, values: values)
        else { return XCTFail("no lane is on a node") }
        for k in 0..<8 {
          let scalar = BatchedEvaluator.barycentric(at: t[k], nodes: nodes, values: values)
          XCTAssertEqual(lanes[k].bitPattern, scalar.bitPattern, "lane \(k)")
          XCTAssertEqual(scalar, poly(t[k]), accuracy: 1e-15 * 6e-5, "lane \(k)")
        }
        var onNode = t
        onNode[3] = xp[4]
        XCTAssertNil(BatchedEvaluator.barycentric(lanes: onNode, nodes: nodes, values: values))
        XCTAssertEqual(BatchedEvaluator.barycentric(at: xp[4], nodes: nodes, values: values), fp[4])
      }
    }
  }

  /// Softmax below the output is left to the per-entry evaluator.
  func testSoftmaxBelowTheOutputIsNotBatched() throws {
    let hiddenSoftmax = try network(.softmax, .sigmoid, .quadratic, seed: 2)
    XCTAssertFalse(BatchedEvaluator.supports(hiddenSoftmax.network))
    let outputSoftmax = try network(.tanh, .softmax, .categoricalCrossEntropy, seed: 2)
    XCTAssertTrue(BatchedEvaluator.supports(outputSoftmax.network))
  }

  /// Steps large enough to push |Δz^L| past the closed-form limit take the full softmax
  /// cost and still match the reference.
  func testLargeSoftmaxStepsMatchFullForwardPasses() throws {
    let file = try network(.tanh, .softmax, .categoricalCrossEntropy, seed: 4)
    let base = ReferenceForward.run(file.network, file.samples)
    let indices = file.network.parameterIndices.filter { $0.layer == file.network.depth }
    let steps = [80.0, -1e-4]
    let result = changes(file, indices: indices, steps: steps)
    for (n, index) in indices.enumerated() {
      for (i, step) in steps.enumerated() {
        var net = file.network
        net[index] += step
        let expected = ReferenceForward.run(net, file.samples).cost - base.cost
        XCTAssertEqual(
          result.changes[n * steps.count + i], expected,
          accuracy: 1e-9 * abs(expected) + 1e-12 * max(1, base.cost), "\(index) step \(step)")
      }
    }
  }

  /// Rows longer than one block of columns (more than 256 per sample) are split and summed.
  func testRowsWiderThanOneBlockMatchTheIncrementalEvaluator() throws {
    let file = try network(.sigmoid, .sigmoid, .crossEntropy, sizes: [150, 3, 2], seed: 8)
    let indices = file.network.parameterIndices
    let steps = [1e-2, -1e-2]
    let result = changes(file, indices: indices, steps: steps)
    let old = IncrementalEvaluator<Double>(network: file.network, samples: file.samples)
    let cost = file.network.cost(over: file.samples)
    var expected = [0.0, 0.0]
    for (n, index) in indices.enumerated() {
      steps.withUnsafeBufferPointer { s in
        expected.withUnsafeMutableBufferPointer { c in
          _ = old.costChanges(at: index, steps: s, into: c)
        }
      }
      for i in 0..<2 {
        XCTAssertEqual(
          result.changes[n * 2 + i], expected[i],
          accuracy: 1e-9 * abs(expected[i]) + 1e-13 * max(1, cost), "\(index)")
      }
    }
  }

  /// Any number of threads gives bit-identical changes and breaks.
  func testThreadCountDoesNotChangeTheResults() throws {
    let file = try network(.relu, .softmax, .categoricalCrossEntropy, sizes: [5, 9, 7, 4], seed: 3)
    let indices = file.network.parameterIndices
    let steps = [1e-5, -1e-5]
    let one = changes(file, indices: indices, steps: steps, threads: 1)
    for threads in [2, 3, 8] {
      let many = changes(file, indices: indices, steps: steps, threads: threads)
      XCTAssertEqual(
        many.changes.map(\.bitPattern), one.changes.map(\.bitPattern), "\(threads) threads")
      XCTAssertEqual(many.crossings.map(\.rawValue), one.crossings.map(\.rawValue))
    }
  }

  /// A unit sitting exactly at its kink is reported as at the edge, as by the per-entry
  /// evaluator.
  func testExactZeroKinkMatchesTheIncrementalEvaluator() throws {
    let file = try exactZeroReluNetwork()
    let indices = file.network.parameterIndices
    for steps in [[1e-5, -1e-5], [1e-5], [-1e-5]] {
      let result = changes(file, indices: indices, steps: steps)
      let old = IncrementalEvaluator<Double>(network: file.network, samples: file.samples)
      var scratch = [Double](repeating: 0, count: steps.count)
      for (n, index) in indices.enumerated() {
        let crossed = steps.withUnsafeBufferPointer { s in
          scratch.withUnsafeMutableBufferPointer { old.costChanges(at: index, steps: s, into: $0) }
        }
        XCTAssertEqual(result.crossings[n].rawValue, crossed.rawValue, "\(index) \(steps)")
      }
    }
  }

  /// The whole check with the batched evaluator gives the per-entry path's verdicts and
  /// numbers within 1e-6 relative plus 20 u · max(1, C) / h, for every real method: the
  /// per-entry path subtracts two full costs, so its own rounding is about u · C / h
  /// (1e-11 at h = 1e-5, 1e-9 at the 1e-7 of forward differences).
  func testGradientCheckAgreesWithThePerEntryPath() throws {
    let cases = [
      try network(.tanh, .tanh, .mse, sizes: [4, 6, 6, 3], samples: 4, seed: 21),
      try network(.relu, .softmax, .categoricalCrossEntropy, sizes: [4, 6, 3], seed: 22),
      try network(.elu, .sigmoid, .crossEntropy, sizes: [3, 5, 2], seed: 23),
    ]
    for file in cases {
      var analytic = file.network.gradients(over: file.samples)
      analytic.weights[0][1, 1] *= 1.01
      for method in FiniteDifferenceMethod.allCases where !method.isComplex {
        let reports = try [GradientCheckOptions.Strategy.batched, .incremental].map {
          try GradientCheck.run(
            network: file.network, samples: file.samples, analytic: analytic,
            options: GradientCheckOptions(method: method, strategy: $0))
        }
        XCTAssertEqual(
          reports[0].entries.map(\.status), reports[1].entries.map(\.status), "\(method)")
        let cost = file.network.cost(over: file.samples)
        let rounding = 20 * 1.1e-16 * max(1, cost) / method.defaultEpsilon
        for (fast, old) in zip(reports[0].entries, reports[1].entries) {
          XCTAssertEqual(
            fast.numeric, old.numeric, accuracy: 1e-6 * abs(old.numeric) + rounding,
            "\(method) \(old.index)")
        }
        XCTAssertFalse(reports[0].passed, "the 1% error in W¹[1,1] must fail")
      }
    }
  }

  /// The automatic strategy batches large checks only.
  func testAutomaticStrategyBatchesLargeChecksOnly() throws {
    let small = try network(.tanh, .tanh, .mse, seed: 1)
    XCTAssertFalse(
      GradientCheck.usesBatches(
        .automatic, network: small.network, samples: small.samples,
        indices: small.network.parameterIndices))
    let large = try network(.tanh, .tanh, .mse, sizes: [64, 64, 10], samples: 4, seed: 1)
    XCTAssertTrue(
      GradientCheck.usesBatches(
        .automatic, network: large.network, samples: large.samples,
        indices: large.network.parameterIndices))
  }
}
