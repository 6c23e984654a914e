import Backprop
import TestSupport
import XCTest

/// The forms a convolution mistake takes in students' code, each made by a plain-loop
/// backward pass written here (independent of the library's backward passes and of its
/// hypotheses), caught by the check and named: the kernel flipped in ∂C/∂K only, in
/// ∂C/∂input only, ∂C/∂K as a true convolution, and the missing sum over filters keeping
/// the first filter.
final class ConvolutionMistakeVariantsTests: XCTestCase {
  /// The mistakes the plain backward can make in the second convolution.
  struct Slips {
    var flipKernelGradient = false
    var flipInputGradient = false
    var convolveKernelGradient = false
    var firstFilterOnly = false
  }

  static let architecture =
    "input 1x5x5, conv 2 2x2, tanh, conv 2 2x2, flatten, dense 1, identity"

  func network() throws -> (LayeredNetwork, [Sample]) {
    try random(Self.architecture, .quadratic, samples: 2, seed: 12)
  }

  /// ∂C/∂θ of the mean cost by plain loops: x (1×5×5) → z1 = K1 ⋆ x + b1 (2×4×4) → a1 =
  /// tanh z1 → z2 = K2 ⋆ a1 + b2 (2×3×3) → y = w·z2 + c, C = ½ (y − t)².
  func student(_ net: LayeredNetwork, _ samples: [Sample], _ slips: Slips) -> [Double] {
    let p = net.parameters
    let (k1, b1, k2, b2, w, c) = (0, 8, 10, 26, 28, 46)
    var grad = [Double](repeating: 0, count: net.parameterCount)
    for s in samples {
      let x = s.input
      var z1 = [Double](repeating: 0, count: 32)
      for f in 0..<2 {
        for u in 0..<4 {
          for v in 0..<4 {
            var sum = p[b1 + f]
            for i in 0..<2 {
              for j in 0..<2 { sum += p[k1 + f * 4 + i * 2 + j] * x[(u + i) * 5 + v + j] }
            }
            z1[(f * 4 + u) * 4 + v] = sum
          }
        }
      }
      let a1 = z1.map(tanh)
      var z2 = [Double](repeating: 0, count: 18)
      for f in 0..<2 {
        for u in 0..<3 {
          for v in 0..<3 {
            var sum = p[b2 + f]
            for ch in 0..<2 {
              for i in 0..<2 {
                for j in 0..<2 {
                  sum += p[k2 + ((f * 2 + ch) * 2 + i) * 2 + j] * a1[(ch * 4 + u + i) * 4 + v + j]
                }
              }
            }
            z2[(f * 3 + u) * 3 + v] = sum
          }
        }
      }
      let y = (0..<18).reduce(p[c]) { $0 + p[w + $1] * z2[$1] }
      let gy = y - s.target[0]
      for k in 0..<18 { grad[w + k] += gy * z2[k] }
      grad[c] += gy
      let g2 = (0..<18).map { p[w + $0] * gy }
      // The second convolution: ∂C/∂K2, ∂C/∂b2 and ∂C/∂a1.
      var da1 = [Double](repeating: 0, count: 32)
      for f in 0..<2 {
        for u in 0..<3 {
          for v in 0..<3 {
            let g = g2[(f * 3 + u) * 3 + v]
            // A true convolution of a1 with g reads g turned by 180°.
            let gk = slips.convolveKernelGradient ? g2[(f * 3 + 2 - u) * 3 + 2 - v] : g
            grad[b2 + f] += g
            for ch in 0..<2 {
              for i in 0..<2 {
                for j in 0..<2 {
                  let (ki, kj) = slips.flipKernelGradient ? (1 - i, 1 - j) : (i, j)
                  grad[k2 + ((f * 2 + ch) * 2 + ki) * 2 + kj] +=
                    gk * a1[(ch * 4 + u + i) * 4 + v + j]
                  if slips.firstFilterOnly && f > 0 { continue }
                  let (xi, xj) = slips.flipInputGradient ? (1 - i, 1 - j) : (i, j)
                  da1[(ch * 4 + u + i) * 4 + v + j] += g * p[k2 + ((f * 2 + ch) * 2 + xi) * 2 + xj]
                }
              }
            }
          }
        }
      }
      // tanh, then the first convolution.
      let g1 = (0..<32).map { da1[$0] * (1 - a1[$0] * a1[$0]) }
      for f in 0..<2 {
        for u in 0..<4 {
          for v in 0..<4 {
            let g = g1[(f * 4 + u) * 4 + v]
            grad[b1 + f] += g
            for i in 0..<2 {
              for j in 0..<2 { grad[k1 + f * 4 + i * 2 + j] += g * x[(u + i) * 5 + v + j] }
            }
          }
        }
      }
    }
    return grad.map { $0 / Double(samples.count) }
  }

  func diagnosis(_ slips: Slips) throws -> LayerCheckReport {
    let (net, samples) = try network()
    let r = try LayeredGradientCheck.run(
      network: net, samples: samples, analytic: student(net, samples, slips))
    XCTAssertFalse(r.passed)
    return r
  }

  func testThePlainBackwardWithoutSlipsIsTheOracle() throws {
    let (net, samples) = try network()
    XCTAssertEqual(net.parameterCount, 47)
    let oracle = plainValueWithGradient(net.parameters, PlainNetwork(net, samples: samples))
    assertClose(student(net, samples, Slips()), oracle.gradient, rtol: 1e-12, atol: 1e-14)
  }

  func testTheKernelGradientTurnedAloneIsAFlippedKernel() throws {
    let r = try diagnosis(Slips(flipKernelGradient: true))
    XCTAssertEqual(Set(r.failedEntries.map(\.tensor)), ["K2"])
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.flippedKernelInKernelGradient])
    XCTAssertEqual(r.diagnosis.first?.site, "layer 2 (conv 2 2x2)")
    XCTAssertTrue(r.diagnosis[0].message().hasPrefix("flipped kernel in ∂C/∂K only"))
  }

  func testTheInputGradientWithTheKernelUnflippedIsAFlippedKernel() throws {
    let r = try diagnosis(Slips(flipInputGradient: true))
    XCTAssertEqual(Set(r.failedEntries.map(\.tensor)).subtracting(["K1", "b1"]), [])
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.flippedKernelInInputGradient])
    XCTAssertTrue(r.diagnosis[0].message().hasPrefix("flipped kernel in ∂C/∂input only"))
  }

  func testBothPartsFlippedIsTheWholeFlippedKernel() throws {
    let r = try diagnosis(Slips(flipKernelGradient: true, flipInputGradient: true))
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.flippedKernel])
  }

  func testTheKernelGradientAsATrueConvolutionIsNamed() throws {
    let r = try diagnosis(Slips(convolveKernelGradient: true))
    XCTAssertEqual(Set(r.failedEntries.map(\.tensor)), ["K2"])
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.kernelGradientAsConvolution])
    XCTAssertTrue(r.diagnosis[0].message().hasPrefix("flipped kernel in ∂C/∂K"))
  }

  func testTheFirstFilterKeptIsAMissingSumOverFilters() throws {
    let r = try diagnosis(Slips(firstFilterOnly: true))
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.missingSumOverFiltersFirstKept])
    XCTAssertEqual(r.diagnosis.first?.site, "layer 2 (conv 2 2x2)")
  }
}

extension ConvolutionMistakeVariantsTests {
  /// The plain backward with the kernel unflipped in ∂C/∂input, every gradient then times
  /// `factor`: a layer mistake combined with a dense cause.
  func combined(factor: Double) throws -> LayerCheckReport {
    let (net, samples) = try network()
    let g = student(net, samples, Slips(flipInputGradient: true)).map { factor * $0 }
    let r = try LayeredGradientCheck.run(network: net, samples: samples, analytic: g)
    XCTAssertFalse(r.passed)
    return r
  }

  func testTheUnflippedInputGradientSummedOverTheSamplesIsBothMistakes() throws {
    let r = try combined(factor: 2)
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.flippedKernelInInputGradient, .sumInsteadOfMean])
    XCTAssertEqual(r.diagnosis.map(\.site), ["layer 2 (conv 2 2x2)", "every tensor"])
    XCTAssertEqual(r.diagnosis.last?.cause?.factor ?? 0, 2, accuracy: 1e-6)
  }

  func testTheUnflippedInputGradientNegatedIsBothMistakes() throws {
    let r = try combined(factor: -1)
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.flippedKernelInInputGradient, .sign])
  }

  func testTheUnflippedInputGradientScaledIsBothMistakes() throws {
    let r = try combined(factor: 3)
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.flippedKernelInInputGradient, .scale])
    XCTAssertEqual(r.diagnosis.last?.cause?.factor ?? 0, 3, accuracy: 1e-6)
  }
}
