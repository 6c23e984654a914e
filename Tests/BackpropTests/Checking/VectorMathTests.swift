import Foundation
import XCTest

@testable import Backprop

final class VectorMathTests: XCTestCase {
  /// Arguments from 1e-300 to `limit` in magnitude, log-uniform, both signs, seeded.
  private func arguments(upTo limit: Double, count: Int = 20_000) -> [Double] {
    var rng = SplitMix64(seed: 12)
    var out: [Double] = [0, -0.0, 1, -1, 0.5, -0.5, limit, -limit]
    let (low, high) = (log(1e-300), log(limit))
    for _ in 0..<count {
      let u = Double(rng.nextInt(below: 1 << 40)) / Double(1 << 40)
      let x = exp(low + (high - low) * u)
      out.append(rng.nextInt(below: 2) == 0 ? x : -x)
    }
    return out
  }

  /// Applies `f` eight lanes at a time.
  private func lanes(_ xs: [Double], _ f: (VectorMath.Lanes) -> VectorMath.Lanes) -> [Double] {
    var out: [Double] = []
    var start = 0
    while start < xs.count {
      var v = VectorMath.Lanes(repeating: 0)
      for i in 0..<min(8, xs.count - start) { v[i] = xs[start + i] }
      let y = f(v)
      for i in 0..<min(8, xs.count - start) { out.append(y[i]) }
      start += 8
    }
    return out
  }

  /// Fails unless every value is within `ulps` units in the last place of libm's.
  private func assertWithinUlps(
    _ name: String, _ xs: [Double], _ got: [Double], _ reference: (Double) -> Double,
    ulps: Double = 4, file: StaticString = #filePath, line: UInt = #line
  ) {
    var worst = 0.0
    for (x, y) in zip(xs, got) {
      let r = reference(x)
      if r.isNaN || y.isNaN {
        XCTAssertTrue(r.isNaN && y.isNaN, "\(name)(\(x)): \(y), libm \(r)", file: file, line: line)
        continue
      }
      if r.isInfinite || y.isInfinite {
        XCTAssertEqual(y, r, "\(name)(\(x))", file: file, line: line)
        continue
      }
      let error = abs(y - r) / max(r.ulp, Double.leastNonzeroMagnitude)
      worst = max(worst, error)
      XCTAssertLessThanOrEqual(
        error, ulps, "\(name)(\(x)): \(y), libm \(r)", file: file, line: line)
      if error > ulps { return }
    }
    XCTAssertLessThanOrEqual(worst, ulps, name, file: file, line: line)
  }

  func testExpIsWithinFourUlpsOfLibm() {
    let xs = arguments(upTo: 800) + [709.78, 709.79, -745.1, -745.2, -708.5, .infinity, -.infinity]
    assertWithinUlps("exp", xs, lanes(xs, VectorMath.exp), Foundation.exp)
  }

  func testExpm1IsWithinFourUlpsOfLibm() {
    let xs = arguments(upTo: 700).map { min($0, 700) } + [-.infinity, 1e-300, -1e-300]
    assertWithinUlps("expm1", xs, lanes(xs, VectorMath.expm1), Foundation.expm1)
  }

  func testTanhIsWithinFourUlpsOfLibm() {
    let xs = arguments(upTo: 800) + [19.06, -19.06, 0.35, -0.35, .infinity, -.infinity]
    let got = lanes(xs, VectorMath.tanh)
    assertWithinUlps("tanh", xs, got, Foundation.tanh)
    XCTAssertEqual(lanes([-0.0], VectorMath.tanh)[0].sign, .minus, "tanh(−0) = −0")
  }

  func testSigmoidIsWithinFourUlpsOfTheScalarFormula() {
    let xs = arguments(upTo: 800) + [.infinity, -.infinity]
    let got = lanes(xs, VectorMath.sigmoid)
    assertWithinUlps("sigmoid", xs, got) { x in
      x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
    }
  }

  func testNaNStaysNaN() {
    let nan = [Double.nan]
    XCTAssertTrue(lanes(nan, VectorMath.exp)[0].isNaN)
    XCTAssertTrue(lanes(nan, VectorMath.expm1)[0].isNaN)
    XCTAssertTrue(lanes(nan, VectorMath.tanh)[0].isNaN)
    XCTAssertTrue(lanes(nan, VectorMath.sigmoid)[0].isNaN)
  }
}
