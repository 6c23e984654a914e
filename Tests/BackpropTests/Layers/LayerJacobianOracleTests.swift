import Backprop
import TestSupport
import XCTest
import _Differentiation

/// Every layer's local Jacobian and vector-Jacobian product against the oracle's reverse
/// mode of its plain implementation (LayerOracle+Kinds.swift), to 1e-12; the convolution's
/// band structure and the pools' routing against the oracle's formulas, on shapes the other
/// layer tests do not use (several channels and filters, strides 2 and 3, even kernels with
/// `same`, whose padding is uneven), and against central differences.
final class LayerJacobianOracleTests: XCTestCase {
  /// The layer cases of LayerTestSupport plus convolutions and pools of other shapes.
  func cases() throws -> [LayerCase] {
    let image = TensorShape.image(channels: 2, height: 5, width: 6)
    let specs: [(LayerSpec, TensorShape)] = [
      (.conv(filters: 3, height: 3, width: 2, stride: 2, padding: .same), image),
      (.conv(filters: 2, height: 2, width: 2, stride: 1, padding: .same), image),
      (.conv(filters: 2, height: 2, width: 3, stride: 3, padding: .valid), image),
      (.conv(filters: 1, height: 1, width: 3, stride: 2, padding: .same), image),
      (.conv(filters: 2, height: 4, width: 4, stride: 1, padding: .same), image),
      (.maxPool(size: 3, stride: 2), image),
      (.maxPool(size: 2, stride: 1), .image(channels: 3, height: 3, width: 4)),
      (.avgPool(size: 2, stride: 1), image),
      (.avgPool(size: 3, stride: 2), image),
      (.activation(.elu), image),
      (.activation(.softplus), .vector(3)),
      (.activation(.leakyReLU), .sequence(steps: 2, features: 3)),
      (.rnn(units: 2), .sequence(steps: 5, features: 1)),
      (.lstm(units: 1), .sequence(steps: 3, features: 2)),
    ]
    let extra = try specs.enumerated().map {
      try LayerCase($1.0, input: $1.1, seed: UInt64(60 + $0))
    }
    return try layerCases() + extra
  }

  /// The oracle's pullback of the layer's plain implementation: v ↦ (∂⟨v, y⟩/∂p,
  /// ∂⟨v, y⟩/∂x).
  func oraclePullback(_ c: LayerCase) -> ([Double]) -> (parameters: [Double], input: [Double]) {
    let l = PlainLayer(c.layer.spec, input: c.layer.inputShape.dimensions)
    let (_, pullback) = valueWithPullback(at: c.p, c.x) { plainLayer($0, 0, $1, l) }
    return { v in
      let (dp, dx) = pullback(.init(v))
      return (plainTangent(dp, count: c.p.count), plainTangent(dx, count: c.x.count))
    }
  }

  func testForwardMatchesTheOracle() throws {
    for c in try cases() {
      let l = PlainLayer(c.layer.spec, input: c.layer.inputShape.dimensions)
      XCTAssertEqual(l.outputCount, c.layer.outputShape.count, c.name)
      XCTAssertEqual(l.parameterCount, c.layer.parameterCount, c.name)
      assertClose(
        c.layer.forward(c.x, parameters: c.p), plainLayer(c.p, 0, c.x, l), rtol: 1e-14,
        atol: 1e-15, c.name)
    }
  }

  func testBackwardMatchesTheOracle() throws {
    for c in try cases() {
      let vjp = c.layer.backward(c.x, parameters: c.p, outputGradient: c.g)
      let oracle = oraclePullback(c)(c.g)
      assertClose(vjp.input, oracle.input, rtol: 1e-12, atol: 1e-15, "\(c.name) ∂/∂x")
      assertClose(vjp.parameters, oracle.parameters, rtol: 1e-12, atol: 1e-15, "\(c.name) ∂/∂p")
    }
  }

  /// vᵀJ from the Jacobian's matrix and from its structure, against the oracle's pullback
  /// of v for three vectors v (g and two more); every entry against central differences.
  func testLocalJacobiansMatchTheOracleAndCentralDifferences() throws {
    var rng = SplitMix64(seed: 99)
    for c in try cases() {
      let j = c.layer.jacobian(
        c.x, parameters: c.p, output: .a(1, c.layer.outputShape.count),
        input: .a(0, c.x.count))
      let pullback = oraclePullback(c)
      for _ in 0..<2 {
        let v = (0..<j.rows).map { _ in rng.nextGaussian() }
        for v in [c.g, v] {
          let oracle = pullback(v).input
          assertClose(j.matrix.leftMultiplied(by: v), oracle, rtol: 1e-12, atol: 1e-14, c.name)
          assertClose(j.vectorProduct(v), oracle, rtol: 1e-12, atol: 1e-14, c.name)
        }
      }
      let fd = centralDifferenceJacobian(of: { c.layer.forward($0, parameters: c.p) }, at: c.x)
      assertClose(j.matrix, fd, rtol: 1e-7, atol: 1e-8, c.name)
    }
  }

  /// A convolution's Jacobian by the oracle's formula, row (f,y,x) → column (c, ys+i−pt,
  /// xs+j−pl) → K[f,c,i,j], for the in-image terms only.
  func convolutionJacobian(_ l: PlainLayer, _ p: [Double]) -> [[Int: Double]] {
    var rows: [[Int: Double]] = []
    for f in 0..<l.filters {
      for y in 0..<l.outputHeight {
        for x in 0..<l.outputWidth {
          var row: [Int: Double] = [:]
          for c in 0..<l.channels {
            for i in 0..<l.kernelHeight {
              for j in 0..<l.kernelWidth {
                let (u, v) = (y * l.stride + i - l.padTop, x * l.stride + j - l.padLeft)
                guard u >= 0 && u < l.height && v >= 0 && v < l.width else { continue }
                row[(c * l.height + u) * l.width + v] =
                  p[((f * l.channels + c) * l.kernelHeight + i) * l.kernelWidth + j]
              }
            }
          }
          rows.append(row)
        }
      }
    }
    return rows
  }

  /// A convolution's Jacobian stores exactly the formula's entries (the in-image terms:
  /// none on the padding, no explicit zeros), and is banded: away from the padding, the
  /// next output column reads the same pattern s columns of the input to the right, the
  /// next output row s·W further on.
  func testConvolutionJacobianIsExactlyTheBand() throws {
    for c in try cases() {
      guard case .conv(_, _, _, let s, _) = c.layer.spec else { continue }
      let j = c.layer.jacobian(
        c.x, parameters: c.p, output: .z(1, c.layer.outputShape.count),
        input: .a(0, c.x.count))
      guard case .sparse(let sparse) = j.structure else {
        XCTFail("\(c.name): \(j.structure.name)")
        continue
      }
      let l = PlainLayer(c.layer.spec, input: c.layer.inputShape.dimensions)
      let expected = convolutionJacobian(l, c.p)
      XCTAssertEqual(sparse.rows, expected.count, c.name)
      var pattern: [[Int]] = []
      for (i, row) in expected.enumerated() {
        pattern.append(row.keys.sorted())
        let stored = sparse.rowEntries[i].map(\.column).sorted()
        XCTAssertEqual(stored, pattern[i], "\(c.name) row \(i)")
        for (col, value) in row { XCTAssertEqual(sparse[i, col], value, "\(c.name) [\(i)]") }
      }
      let full = l.channels * l.kernelHeight * l.kernelWidth
      let (ho, wo, w) = (l.outputHeight, l.outputWidth, l.width)
      var banded = 0
      for i in pattern.indices where pattern[i].count == full {
        let x = i % wo
        let y = (i / wo) % ho
        if x + 1 < wo && pattern[i + 1].count == full {
          XCTAssertEqual(pattern[i + 1], pattern[i].map { $0 + s }, "\(c.name) row \(i)")
          banded += 1
        }
        if y + 1 < ho && pattern[i + wo].count == full {
          XCTAssertEqual(pattern[i + wo], pattern[i].map { $0 + s * w }, "\(c.name) row \(i)")
          banded += 1
        }
      }
      XCTAssertGreaterThan(banded, 0, c.name)
    }
  }

  /// A max pool's Jacobian selects, row by row, the oracle's winner; an average pool's holds
  /// 1/k² on the window and nothing else.
  func testPoolJacobiansRouteAsTheOracle() throws {
    for c in try cases() {
      let l = PlainLayer(c.layer.spec, input: c.layer.inputShape.dimensions)
      let j = c.layer.jacobian(
        c.x, parameters: c.p, output: .a(1, l.outputCount), input: .a(0, c.x.count))
      var windows: [[Int]] = []
      for ch in 0..<l.channels {
        for y in 0..<l.outputHeight {
          for x in 0..<l.outputWidth { windows.append(plainWindow(l, ch, y, x)) }
        }
      }
      switch c.layer.spec {
      case .maxPool:
        let picks = windows.map { plainWinner(c.x, $0) }
        XCTAssertEqual(j.structure, .selection(columns: c.x.count, picks: picks), c.name)
      case .avgPool(let k, _):
        guard case .sparse(let sparse) = j.structure else {
          XCTFail("\(c.name): \(j.structure.name)")
          continue
        }
        for (i, window) in windows.enumerated() {
          XCTAssertEqual(sparse.rowEntries[i].map(\.column).sorted(), window.sorted(), c.name)
          for col in window {
            assertClose(sparse[i, col], 1 / Double(k * k), rtol: 1e-15, atol: 0, c.name)
          }
        }
      default: continue
      }
    }
  }
}
