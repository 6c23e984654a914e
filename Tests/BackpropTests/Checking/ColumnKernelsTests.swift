import XCTest

@testable import Backprop

final class ColumnKernelsTests: XCTestCase {
  /// The blocked product equals the plain triple loop bit for bit (same order of sums), for
  /// row counts that do and do not fill blocks of four.
  func testMultiplyEqualsThePlainLoop() {
    var rng = SplitMix64(seed: 5)
    func random() -> Double { Double(rng.nextInt(below: 2001)) / 1000 - 1 + 1e-7 }
    for rows in 1...9 {
      for inner in [1, 2, 5] {
        for width in [8, 16] {
          let stride = 24
          let w = (0..<(rows * inner)).map { _ in random() }
          let a = (0..<(inner * stride)).map { _ in random() }
          var c = [Double](repeating: .nan, count: rows * stride)
          ColumnKernels.paired(w).withUnsafeBufferPointer { wp in
            a.withUnsafeBufferPointer { ap in
              c.withUnsafeMutableBufferPointer { cp in
                ColumnKernels.multiply(
                  paired: wp.baseAddress.unsafelyUnwrapped, rows: rows, inner: inner,
                  ap.baseAddress.unsafelyUnwrapped, into: cp.baseAddress.unsafelyUnwrapped,
                  width: width, stride: stride)
              }
            }
          }
          for i in 0..<rows {
            for col in 0..<width {
              var sum = 0.0
              for k in 0..<inner { sum += w[i * inner + k] * a[k * stride + col] }
              XCTAssertEqual(c[i * stride + col], sum, "\(rows)x\(inner) [\(i),\(col)]")
            }
          }
        }
      }
    }
  }

  /// Δa = f(z + Δz) − a is exactly 0 where Δz is 0, and matches the scalar activation
  /// elsewhere, for every element-wise activation.
  func testChangeIsZeroWithoutAShiftAndMatchesTheActivation() {
    // One block of large shifts (f(z + Δz) − a) and one of small ones (the series).
    let shifts: [Double] = [
      0, 1e-6, -1e-6, 0.5, -3, 0, 2, 40, 0, 1e-9, -1e-3, 0.015, -0.0156, 3e-5, 0, 1e-12,
    ]
    for act in Activation.allCases where act.isElementwise {
      for z in [-2.0, -1e-9, 0, 0.7, 25] {
        var a = [0.0]
        ColumnKernels.apply(act, [z], into: &a, count: 1)
        var out = [Double](repeating: .nan, count: 16)
        ColumnKernels.change(at: UnitPoint(act, z: z, a: a[0]), shifts, into: &out, width: 16)
        for (c, s) in shifts.enumerated() {
          if s == 0 { XCTAssertEqual(out[c], 0, "\(act) z \(z)") }
          let expected = act.value(z + s) - act.value(z)
          XCTAssertEqual(
            out[c], expected, accuracy: 4e-16 * max(1, abs(act.value(z + s))), "\(act) \(z) \(s)")
        }
      }
    }
  }
}
