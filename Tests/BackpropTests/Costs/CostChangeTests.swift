import Backprop
import Foundation
import TestSupport
import XCTest

/// The batched evaluator's cost changes, as each cost computes them in its own file, against
/// the plain difference of two per-sample costs: each cost's closed form, and the protocol's
/// default for a cost that has none.
final class CostChangeTests: XCTestCase {
  /// Outputs per sample and columns per block (the first column is a shift of 0).
  private let count = 5
  private let width = 16

  /// One sample's block of shifted columns: z, Δz of output i in `dz[i * width + c]`, the
  /// target, and the output activation.
  private struct Block {
    let z: [Double]
    let dz: [Double]
    let y: [Double]
    let activation: Activation
  }

  private func block(_ cost: Cost, _ f: Activation, using rng: inout SplitMix64) -> Block {
    let z = (0..<count).map { _ in 2 * rng.nextGaussian() }
    var dz = (0..<(count * width)).map { _ in 0.5 * rng.nextGaussian() }
    for i in 0..<count { dz[i * width] = 0 }
    return Block(
      z: z, dz: dz, y: cost.function.randomTarget(count: count, using: &rng), activation: f)
  }

  /// C(z + Δz) − C(z) per column, each cost in full and plain (in the fused form from z
  /// where the cost has one), with the base cost.
  private func plainChanges(_ cost: Cost, _ b: Block) -> (changes: [Double], base: Double) {
    let base: Double = cost.value(
      z: b.z, a: b.activation.apply(b.z), outputActivation: b.activation, target: b.y)
    let changes = (0..<width).map { c in
      let moved = (0..<count).map { b.z[$0] + b.dz[$0 * width + c] }
      let value: Double = cost.value(
        z: moved, a: b.activation.apply(moved), outputActivation: b.activation, target: b.y)
      return value - base
    }
    return (changes, base)
  }

  /// The change of every column by `form`, or by the form `function` declares after the
  /// block's output activation, from Δa = f(z + Δz) − f(z) or from Δz, e^Δz − 1 and s;
  /// `nil` for `.inFull`.
  private func formChanges(
    _ function: some CostFunction, _ b: Block, form: CostChangeForm? = nil
  ) -> [Double]? {
    let a = b.activation.apply(b.z)
    var change = [Double](repeating: .nan, count: width)
    switch form ?? function.changeForm(after: b.activation) {
    case .inFull:
      return nil
    case .fromOutputChanges:
      var da = [Double](repeating: 0, count: count * width)
      for c in 0..<width {
        let moved = b.activation.apply((0..<count).map { b.z[$0] + b.dz[$0 * width + c] })
        for i in 0..<count { da[i * width + c] = moved[i] - a[i] }
      }
      function.outputChange(
        output: a, target: b.y, count: count, changes: da, stride: width, into: &change,
        width: width)
    case .fromSoftmaxShifts:
      let e = b.dz.map(expm1)
      let s = (0..<width).map { c in (0..<count).reduce(0.0) { $0 + a[$1] * e[$1 * width + c] } }
      function.softmaxChange(
        output: a, target: b.y, count: count, shifts: b.dz, exponentials: e, stride: width,
        sums: s, into: &change, width: width)
    }
    return change
  }

  /// Every cost after every output activation it accepts: the closed form it declares gives
  /// the plain difference of two full costs to 1e-13 relative (plus the plain difference's
  /// own rounding, 1e-15 · max(1, C)), and exactly 0 for a shift of 0.
  func testEachCostsClosedFormMatchesPlainCostDifferences() {
    var rng = SplitMix64(seed: 12)
    var forms: Set<CostChangeForm> = []
    for cost in Cost.allCases {
      for f in cost.allowedOutputActivations ?? [.identity, .sigmoid, .tanh, .softmax] {
        for trial in 0..<3 {
          let b = block(cost, f, using: &rng)
          let function = cost.function
          forms.insert(function.changeForm(after: f))
          guard let actual = formChanges(function, b) else { continue }
          let (expected, base) = plainChanges(cost, b)
          XCTAssertEqual(actual[0], 0, "\(cost) \(f) shift 0")
          assertClose(
            actual, expected, rtol: 1e-13, atol: 1e-15 * max(1, abs(base)),
            "\(cost) after \(f), trial \(trial)")
        }
      }
    }
    // Both closed forms were exercised, and so was the path without one.
    XCTAssertEqual(forms, [.inFull, .fromOutputChanges, .fromSoftmaxShifts])
  }

  /// A cost with no closed form of its own (built here from the protocol alone) declares
  /// `.inFull` by default, and the protocol's default changes, run as either form, give the
  /// same numbers as the quadratic cost's closed form and the plain difference.
  func testCostWithoutClosedFormGivesTheSameNumbers() {
    var rng = SplitMix64(seed: 21)
    for f in [Activation.identity, .sigmoid, .tanh, .softmax] {
      XCTAssertEqual(PlainSquares().changeForm(after: f), .inFull)
      let b = block(.quadratic, f, using: &rng)
      let (expected, base) = plainChanges(.quadratic, b)
      let tolerance = 1e-15 * max(1, abs(base))
      let closed = formChanges(Quadratic(), b)
      let viaOutputs = formChanges(PlainSquares(), b, form: .fromOutputChanges)
      assertClose(viaOutputs ?? [], expected, rtol: 1e-13, atol: tolerance, "\(f) default Δa")
      assertClose(viaOutputs ?? [], closed ?? [], rtol: 1e-13, atol: tolerance, "\(f) closed")
      XCTAssertEqual(viaOutputs?[0], 0, "\(f) shift 0")
      guard f == .softmax else { continue }
      let viaShifts = formChanges(PlainSquares(), b, form: .fromSoftmaxShifts)
      assertClose(viaShifts ?? [], expected, rtol: 1e-13, atol: tolerance, "default shifts")
      XCTAssertEqual(viaShifts?[0], 0, "softmax shift 0")
    }
  }
}

/// ½ Σ (a − y)² from the protocol's requirements alone: no closed form for the batched
/// evaluator, so every change comes from the protocol's defaults.
private struct PlainSquares: UnfusedCost {
  var kind: Cost { .quadratic }
  var allowedOutputActivations: [Activation]? { nil }
  var targetRange: ClosedRange<Double>? { nil }
  var formula: MathText { .plain("1/2 sum_i (a_i - y_i)^2") }
  var gradientFormula: MathText { .plain("a_i - y_i") }

  func formula(
    output a: MathText, target y: MathText, outputEntry ai: MathText, targetEntry yi: MathText
  ) -> MathText { formula }

  func adding<T: NetworkScalar>(entry a: T, target y: Double, to total: T) -> T {
    let d = a - T(y)
    return total + d * d
  }

  func cost<T: NetworkScalar>(fromSum total: T, count n: Int) -> T { T(0.5) * total }

  func gradient(_ a: [Double], target y: [Double]) -> [Double] { zip(a, y).map { $0 - $1 } }
}
