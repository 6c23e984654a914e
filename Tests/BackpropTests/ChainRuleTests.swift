import Backprop
import TestSupport
import XCTest

final class ChainRuleTests: XCTestCase {
  /// For every activation × cost pair, 3 random networks, every sample and every layer l:
  /// δ^l from the recursion (`backward`) equals the evaluated chain-rule product
  /// ∂C/∂a^L · ∂a^L/∂z^L · … · ∂a^l/∂z^l, and every prefix of that chain ending at
  /// ∂a^k/∂z^k equals δ^k.
  ///
  /// The two sides do the same vector-Jacobian products in the same order except that the
  /// recursion never forms the Jacobians, so they agree to a few ulps:
  /// rtol 1e-13, atol 1e-16 · max(1, ‖δ‖∞).
  func testDeltaFromRecursionEqualsChainRuleProduct() throws {
    for config in pairConfigurations {
      for seed in seedsPerConfiguration {
        let file = try smallNetwork(config, seed: seed)
        let net = file.network
        for (s, sample) in file.samples.enumerated() {
          let trace = net.forward(sample.input)
          let back = net.backward(trace, target: sample.target)
          XCTAssertEqual(back.delta.count, net.depth + 1)
          for l in 1...net.depth {
            let label = "\(config), seed \(seed), sample \(s), layer \(l)"
            let chain = net.chainRule(forDeltaOf: l, trace: trace, target: sample.target)
            // 1 + 2 (L − l + 1) − 1 factors: ∂C/∂a^L, then ∂a^k/∂z^k and ∂z^k/∂a^(k−1).
            XCTAssertEqual(chain.factors.count, 2 * (net.depth - l + 1), label)
            XCTAssertEqual(chain.output, .cost, label)
            XCTAssertEqual(chain.input, .z(l, net.sizes[l]), label)
            let atol = 1e-16 * max(1, maxAbs(back.delta[l]))
            assertClose(chain.evaluate(), back.delta[l], rtol: 1e-13, atol: atol, label)
            // Prefixes: factor 2 (L − k) + 1 is ∂a^k/∂z^k, and the prefix through it is δ^k.
            let prefixes = chain.prefixValues()
            XCTAssertEqual(prefixes.count, chain.factors.count, label)
            for k in l...net.depth {
              let i = 2 * (net.depth - k) + 1
              XCTAssertEqual(chain.factors[i].input, .z(k, net.sizes[k]), label)
              assertClose(
                prefixes[i], back.delta[k], rtol: 1e-13,
                atol: 1e-16 * max(1, maxAbs(back.delta[k])), "\(label): prefix to δ^\(k)")
            }
            // The first prefix is ∂C/∂a^L itself, the cost gradient.
            assertClose(
              prefixes[0], net.cost.gradient(trace.output, target: sample.target), rtol: 0,
              atol: 0, "\(label): ∂C/∂a^L")
            // The product as one Jacobian (structure kept) has the same single row.
            let product = chain.product()
            XCTAssertEqual(product.rows, 1, label)
            XCTAssertEqual(product.columns, net.sizes[l], label)
            assertClose(
              product.matrix.row(0), back.delta[l], rtol: 1e-12, atol: atol,
              "\(label): product()")
          }
        }
      }
    }
  }

  /// A hand-worked 2-2-2 sigmoid network with quadratic cost (the numbers of Matt Mazur's
  /// step-by-step example): δ² and ∂C/∂W² from the chain rule match the published values.
  func testChainRuleOnHandWorkedExample() throws {
    let net = try Network(
      sizes: [2, 2, 2], activations: [.sigmoid, .sigmoid], cost: .quadratic,
      weights: [
        Matrix(rows: 2, columns: 2, storage: [0.15, 0.20, 0.25, 0.30]),
        Matrix(rows: 2, columns: 2, storage: [0.40, 0.45, 0.50, 0.55]),
      ],
      biases: [[0.35, 0.35], [0.60, 0.60]])
    let sample = Sample(input: [0.05, 0.10], target: [0.01, 0.99])
    let trace = net.forward(sample.input)
    // out_h1 = 0.593269992, out_o1 = 0.75136507, out_o2 = 0.772928465 (published).
    assertClose(trace.a[1][0], 0.593269992, rtol: 0, atol: 1e-9, "out_h1")
    assertClose(trace.a[2][0], 0.75136507, rtol: 0, atol: 1e-8, "out_o1")
    assertClose(trace.a[2][1], 0.772928465, rtol: 0, atol: 1e-9, "out_o2")
    assertClose(net.cost(of: sample), 0.298371109, rtol: 0, atol: 1e-9, "E_total")
    let chain = net.chainRule(forDeltaOf: 1, trace: trace, target: sample.target)
    let deltas = chain.prefixValues()
    // δ^2_1 = 0.74136507 · 0.186815602 = 0.138498562.
    assertClose(deltas[1][0], 0.138498562, rtol: 0, atol: 1e-9, "δ²₁")
    let step = WeightGradient(layer: 2, delta: deltas[1], previousActivation: trace.a[1])
    // ∂E/∂w5 = 0.082167041.
    assertClose(step.weight(row: 0, column: 0), 0.082167041, rtol: 0, atol: 1e-9, "∂E/∂w5")
    assertClose(step.weights[0, 0], 0.082167041, rtol: 0, atol: 1e-9, "outer product")
    // ∂E/∂w1 = 0.000438568.
    let g = net.gradients(over: [sample])
    assertClose(g.weights[0][0, 0], 0.000438568, rtol: 0, atol: 1e-9, "∂E/∂w1")
  }

  func testSymbolicRenderingNamesFactorsAndShapes() throws {
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 2, 2], seed: 5))
    let net = file.network
    let trace = net.forward(file.samples[0].input)
    let chain = net.chainRule(forDeltaOf: 1, trace: trace, target: file.samples[0].target)
    XCTAssertEqual(chain.name(), "∂C/∂z¹")
    XCTAssertEqual(
      chain.symbolic(), "∂C/∂a³ · ∂a³/∂z³ · ∂z³/∂a² · ∂a²/∂z² · ∂z²/∂a¹ · ∂a¹/∂z¹")
    XCTAssertEqual(chain.shapes(), "1×2 · 2×2 · 2×2 · 2×2 · 2×3 · 3×3")
    XCTAssertEqual(
      chain.symbolic(.ascii),
      "dC/da^3 * da^3/dz^3 * dz^3/da^2 * da^2/dz^2 * "
        + "dz^2/da^1 * da^1/dz^1")
    XCTAssertEqual(chain.description, "∂C/∂z¹ = " + chain.symbolic())
  }

  func testEmptyChainThrows() {
    XCTAssertThrowsError(try ChainRule([])) { error in
      XCTAssertEqual(error as? JacobianError, .emptyChain)
    }
  }

  /// A chain whose factors do not fit (∂C/∂a² followed by ∂a¹/∂z¹) is an error naming the
  /// pair, not a crash; so is a chain whose dimensions differ.
  func testMismatchedChainThrowsNamingBothFactors() {
    let cost = Jacobian(of: .cost, withRespectTo: .a(2, 2), .rowVector([1, 2]))
    let wrongLayer = Jacobian(of: .a(1, 2), withRespectTo: .z(1, 2), .diagonal([1, 1]))
    XCTAssertThrowsError(try ChainRule([cost, wrongLayer])) { error in
      guard let e = error as? JacobianError, case .mismatch = e else {
        return XCTFail("expected a mismatch, got \(error)")
      }
      XCTAssertTrue(e.description.contains("∂C/∂a²"), e.description)
      XCTAssertTrue(e.description.contains("∂a¹/∂z¹"), e.description)
    }
    let wrongSize = Jacobian(of: .a(2, 3), withRespectTo: .z(2, 3), .identity(3))
    XCTAssertThrowsError(try ChainRule([cost, wrongSize])) { error in
      guard case .mismatch(_, _, _, _, let en, let fn) = error as? JacobianError else {
        return XCTFail("expected a mismatch, got \(error)")
      }
      XCTAssertEqual(en, 3)
      XCTAssertEqual(fn, 2)
    }
    // A later pair that does not fit is found too.
    let act = Jacobian(of: .a(2, 2), withRespectTo: .z(2, 2), .diagonal([0.5, 0.25]))
    XCTAssertThrowsError(try ChainRule([cost, act, act]))
    // A chain that fits evaluates like the hand product: [1, 2] ⊙ [0.5, 0.25] = [0.5, 0.5].
    XCTAssertEqual(try ChainRule([cost, act]).evaluate(), [0.5, 0.5])
  }

  func testChainRuleNamesItsPartialProducts() throws {
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 2], seed: 1))
    let trace = file.network.forward(file.samples[0].input)
    let chain = file.network.chainRule(
      forDeltaOf: 1, trace: trace, target: file.samples[0].target)
    XCTAssertEqual(
      chain.prefixNames(), ["∂C/∂a²", "δ² = ∂C/∂z²", "∂C/∂a¹", "δ¹ = ∂C/∂z¹"])
    XCTAssertEqual(chain.prefixNames(.ascii)[3], "delta^1 = dC/dz^1")
    XCTAssertEqual(chain.prefixNames().count, chain.prefixValues().count)
  }
}
