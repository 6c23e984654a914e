import Foundation
import XCTest

@testable import Backprop

/// A kind with tanh's value and no closed form of its own, so `change` is the default.
private struct PlainTanh: ElementwiseActivation {
  var kind: Activation { .tanh }
  var breaks: [SmoothnessBreak] { [] }
  var symbol: MathText { MathText("tanh") }
  var derivativeInZ: MathText { MathText("1 - tanh(z)^2") }
  var derivativeInA: MathText { MathText("1 - a^2") }
  var derivativeAtActivation: DerivativeAtActivation? { nil }
  func value<T: NetworkScalar>(_ z: T) -> T { T.tanh(z) }
  func derivative(_ z: Double) -> Double { 1 / (Foundation.cosh(z) * Foundation.cosh(z)) }
}

final class ColumnChangeTests: XCTestCase {
  /// The default is tanh(z + Δz) − tanh z written out, and agrees with Tanh's closed form.
  func testKindWithoutClosedFormUsesTheDefault() {
    let z = 0.7
    let point = UnitPoint(.tanh, z: z, a: Foundation.tanh(z))
    let dz: [Double] = [0, 1e-3, -2e-3, 5e-4, 0.5, -0.25, 1e-6, 2]
    var plain = [Double](repeating: .nan, count: 8)
    var closed = [Double](repeating: .nan, count: 8)
    dz.withUnsafeBufferPointer { d in
      plain.withUnsafeMutableBufferPointer { out in
        PlainTanh().change(at: point, d.baseAddress!, into: out.baseAddress!, width: 8)
      }
      closed.withUnsafeMutableBufferPointer { out in
        Tanh().change(at: point, d.baseAddress!, into: out.baseAddress!, width: 8)
      }
    }
    for (i, d) in dz.enumerated() {
      XCTAssertEqual(plain[i], Foundation.tanh(z + d) - Foundation.tanh(z), "column \(i)")
      XCTAssertEqual(closed[i], plain[i], accuracy: 1e-12, "column \(i)")
    }
    XCTAssertEqual(plain[0], 0)
  }
}
