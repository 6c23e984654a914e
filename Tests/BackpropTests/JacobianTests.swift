import Backprop
import TestSupport
import XCTest

final class JacobianTests: XCTestCase {
  // MARK: - Local Jacobians against central differences of their own functions

  /// ∂a/∂z of every activation against the central-difference Jacobian of `apply`, at
  /// seeded random points (entries in [−3, 3], kept at least 1e-3 from the kinks of relu
  /// and leaky-relu).
  ///
  /// Step h = 1e-6: truncation O(h²) ≈ 1e-12, rounding ≈ 1e-16/h = 1e-10, so rtol 1e-7 and
  /// atol 1e-8 (for entries that are zero, such as off-diagonal ones).
  func testActivationJacobiansMatchCentralDifferences() {
    var rng = SplitMix64(seed: 101)
    for act in Activation.allCases {
      for trial in 0..<5 {
        let n = 1 + trial % 4
        var z: [Double] = []
        while z.count < n {
          let v = 6 * rng.nextUniform() - 3
          if act.kinks.contains(where: { abs(v - $0) < 1e-3 }) { continue }
          z.append(v)
        }
        let a = act.apply(z)
        let jac = act.jacobian(layer: 2, z: z, a: a)
        XCTAssertEqual(jac.output, .a(2, n))
        XCTAssertEqual(jac.input, .z(2, n))
        let numeric = centralDifferenceJacobian(of: { act.apply($0) }, at: z)
        assertClose(jac.matrix, numeric, rtol: 1e-7, atol: 1e-8, "\(act.name) at \(z)")
        // The structure is what the design says: diagonal (identity for identity), dense
        // only for softmax.
        switch (act, jac.structure) {
        case (.softmax, .dense), (.identity, .identity): break
        case (.softmax, _), (.identity, _): XCTFail("\(act.name): \(jac.structure.name)")
        case (_, .diagonal): break
        default: XCTFail("\(act.name): \(jac.structure.name)")
        }
      }
    }
  }

  /// ∂C/∂a of every cost against central differences of `value`, with targets suited to the
  /// cost (0/1 or one-hot for the cross-entropies; also a fractional target for
  /// cross-entropy) and outputs in (0.05, 0.95).
  ///
  /// Same step and tolerances as above.
  func testCostJacobiansMatchCentralDifferences() {
    var rng = SplitMix64(seed: 202)
    for cost in Cost.allCases {
      for trial in 0..<6 {
        let n = 1 + trial % 4
        let a = (0..<n).map { _ in 0.05 + 0.9 * rng.nextUniform() }
        var y: [Double]
        switch cost {
        case .categoricalCrossEntropy:
          let hot = rng.nextInt(below: n)
          y = (0..<n).map { $0 == hot ? 1 : 0 }
        case .crossEntropy:
          y = (0..<n).map { _ in trial % 2 == 0 ? Double(rng.nextInt(below: 2)) : rng.nextUniform()
          }
        case .quadratic, .mse:
          y = (0..<n).map { _ in 2 * rng.nextUniform() - 0.5 }
        }
        let jac = cost.jacobian(outputLayer: 3, a: a, target: y)
        XCTAssertEqual(jac.output, .cost)
        XCTAssertEqual(jac.input, .a(3, n))
        XCTAssertEqual(jac.structure.name, "row vector")
        let numeric = centralDifferenceJacobian(of: { [cost.value($0, target: y)] }, at: a)
        assertClose(jac.matrix, numeric, rtol: 1e-7, atol: 1e-8, "\(cost.name) a \(a) y \(y)")
      }
    }
  }

  /// ∂z^(l+1)/∂a^l = W^(l+1) against central differences of z = W a + b, written here with
  /// the weights read entry by entry (a linear map, so only rounding error remains).
  func testPreActivationJacobianMatchesCentralDifferences() throws {
    for seed in seedsPerConfiguration {
      let file = try smallNetwork(pairConfigurations[seed == 1 ? 0 : 20], seed: seed)
      let net = file.network
      let trace = net.forward(file.samples[0].input)
      for l in 0..<net.depth {
        let w = net.weights[l]
        let b = net.biases[l]
        func z(_ a: [Double]) -> [Double] {
          (0..<w.rows).map { j in
            var s = b[j]
            for k in 0..<w.columns { s += w[j, k] * a[k] }
            return s
          }
        }
        let jac = net.preActivationJacobian(layer: l)
        XCTAssertEqual(jac.output, .z(l + 1, net.sizes[l + 1]))
        XCTAssertEqual(jac.input, .a(l, net.sizes[l]))
        let numeric = centralDifferenceJacobian(of: z, at: trace.a[l], h: 1e-4)
        assertClose(jac.matrix, numeric, rtol: 1e-9, atol: 1e-10, "∂z^\(l + 1)/∂a^\(l)")
      }
    }
  }

  // MARK: - Composition

  /// Composition of every pair of structures equals the product of the dense matrices
  /// (computed here by a plain triple loop), and diagonal structure is kept.
  func testCompositionMatchesDenseProduct() throws {
    func product(_ p: Matrix, _ q: Matrix) -> Matrix {
      var r = Matrix(rows: p.rows, columns: q.columns)
      for i in 0..<p.rows {
        for j in 0..<q.columns {
          var s = 0.0
          for k in 0..<p.columns { s += p[i, k] * q[k, j] }
          r[i, j] = s
        }
      }
      return r
    }
    let n = 3
    // Factors ∂u/∂v for u, v in a chain C ← a² ← z² (each of dimension 3 except C).
    let structures: [Jacobian.Structure] = [
      .dense(Matrix(rows: 3, columns: 3, storage: [1, -2, 3, 0.5, 4, -1, 2, 2, 7])),
      .diagonal([2, -0.5, 3]),
      .identity(3),
    ]
    for outer in structures {
      for inner in structures {
        let j1 = Jacobian(of: .a(2, n), withRespectTo: .z(2, n), outer)
        let j2 = Jacobian(of: .z(2, n), withRespectTo: .a(1, n), inner)
        let c = try j1.composed(after: j2)
        XCTAssertEqual(c.output, .a(2, n))
        XCTAssertEqual(c.input, .a(1, n))
        XCTAssertEqual(
          c.matrix, product(j1.matrix, j2.matrix), "\(outer.name) · \(inner.name)")
        let row = Jacobian(of: .cost, withRespectTo: .a(2, n), .rowVector([1, 2, -3]))
        let r = try row.composed(after: j1)
        XCTAssertEqual(r.structure.name, "row vector")
        XCTAssertEqual(r.matrix, product(row.matrix, j1.matrix))
        XCTAssertEqual(j1.vectorProduct([1, 2, -3]), r.matrix.row(0))
      }
    }
    let d1 = Jacobian(of: .a(2, n), withRespectTo: .z(2, n), .diagonal([2, -0.5, 3]))
    let d2 = Jacobian(of: .z(2, n), withRespectTo: .a(1, n), .diagonal([1, 4, 0.5]))
    XCTAssertEqual(try d1.composed(after: d2).structure, .diagonal([2, -2, 1.5]))
  }

  /// Composing mismatched Jacobians throws `JacobianError.mismatch` naming both factors.
  func testComposingMismatchedJacobiansThrows() {
    let outer = Jacobian(of: .cost, withRespectTo: .a(3, 2), .rowVector([1, 1]))
    let inner = Jacobian(of: .a(2, 2), withRespectTo: .z(2, 2), .diagonal([1, 1]))
    XCTAssertThrowsError(try outer.composed(after: inner)) { error in
      guard let e = error as? JacobianError,
        case .mismatch(let o, let i, let expected, let found, let en, let fn) = e
      else { return XCTFail("expected a mismatch, got \(error)") }
      XCTAssertEqual(o, "∂C/∂a³ (1×2, row vector)")
      XCTAssertEqual(i, "∂a²/∂z² (2×2, diagonal)")
      XCTAssertEqual(expected, "a²")
      XCTAssertEqual(found, "a³")
      XCTAssertEqual(en, 2)
      XCTAssertEqual(fn, 2)
      XCTAssertTrue(e.description.contains("∂C/∂a³"), e.description)
      XCTAssertTrue(e.description.contains("∂a²/∂z²"), e.description)
    }
    // Same layer, different dimension.
    let wide = Jacobian(of: .a(3, 4), withRespectTo: .z(3, 4), .identity(4))
    XCTAssertThrowsError(try outer.composed(after: wide))
    // A pre-activation is not an activation.
    let pre = Jacobian(of: .z(3, 2), withRespectTo: .a(2, 2), .identity(2))
    XCTAssertThrowsError(try outer.composed(after: pre))
  }

  func testNamesShapesAndEntries() {
    let j = Jacobian(
      of: .z(3, 2), withRespectTo: .a(2, 3),
      .dense(Matrix(rows: 2, columns: 3, storage: [1, 2, 3, 4, 5, 6])))
    XCTAssertEqual(j.name(), "∂z³/∂a²")
    XCTAssertEqual(j.name(.ascii), "dz^3/da^2")
    XCTAssertEqual(j.shapeText(), "2×3")
    XCTAssertEqual(j.shapeText(.ascii), "2x3")
    XCTAssertEqual(j.description, "∂z³/∂a² (2×3, dense)")
    XCTAssertEqual(j[1, 2], 6)
    XCTAssertEqual(j.vectorProduct([1, -1]), [-3, -3, -3])
    let d = Jacobian(of: .a(1, 3), withRespectTo: .z(1, 3), .diagonal([1, 2, 3]))
    XCTAssertEqual(d[1, 1], 2)
    XCTAssertEqual(d[0, 1], 0)
    XCTAssertEqual(d.matrix, Matrix.diagonal([1, 2, 3]))
    let i = Jacobian(of: .a(1, 2), withRespectTo: .z(1, 2), .identity(2))
    XCTAssertEqual(i.matrix, Matrix.identity(2))
    XCTAssertEqual(i.vectorProduct([5, 7]), [5, 7])
  }
}
