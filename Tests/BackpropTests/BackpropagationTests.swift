import Backprop
import Foundation
import TestSupport
import XCTest

final class BackpropagationTests: XCTestCase {
  /// Backprop gradients agree with central differences of the whole mean cost, for every
  /// activation × cost pair on 3 random networks each (2–4 layers, 1–5 samples).
  ///
  /// Step h = 1e-5 · max(1, |θ|): truncation error ≈ h² |C‴| / 6 ≈ 1e-11, rounding error
  /// ≈ ε |C| / h ≈ 1e-11. Tolerance |backprop − fd| ≤ 1e-7 · |fd| + 1e-9 (the absolute
  /// term for entries that are zero or nearly so, e.g. behind a dead relu). An entry whose
  /// perturbation moves a relu or leaky-relu pre-activation across its kink is skipped, as
  /// central differences are meaningless there; the test counts them and there must be few.
  func testBackpropMatchesCentralDifferencesOfWholeCost() throws {
    var compared = 0
    var skipped = 0
    for config in pairConfigurations {
      for seed in seedsPerConfiguration {
        let file = try smallNetwork(config, seed: seed)
        let g = file.network.gradients(over: file.samples)
        var net = file.network
        let kinky = net.activations.contains { !$0.kinks.isEmpty }
        for index in net.parameterIndices {
          let theta = net[index]
          let h = 1e-5 * max(1, abs(theta))
          net[index] = theta + h
          let plus = net.cost(over: file.samples)
          let plusSigns = kinky ? kinkSides(net, file.samples) : []
          net[index] = theta - h
          let minus = net.cost(over: file.samples)
          let minusSigns = kinky ? kinkSides(net, file.samples) : []
          net[index] = theta
          if plusSigns != minusSigns {
            skipped += 1
            continue
          }
          compared += 1
          let fd = (plus - minus) / (2 * h)
          assertClose(
            g[index], fd, rtol: 1e-7, atol: 1e-9,
            "\(config), seed \(seed), sizes \(net.sizes), \(index)")
        }
      }
    }
    XCTAssertGreaterThan(compared, 1000)
    XCTAssertLessThan(skipped, compared / 100 + 1)
  }

  /// The sides of the kinks of every relu and leaky-relu pre-activation, per sample.
  private func kinkSides(_ net: Network, _ samples: [Sample]) -> [Bool] {
    var sides: [Bool] = []
    for s in samples {
      let trace = net.forward(s.input)
      for l in 1...net.depth where !net.activation(l).kinks.isEmpty {
        sides += trace.z[l].map { $0 > 0 }
      }
    }
    return sides
  }

  /// The gradients of the mean over samples are the mean of the per-sample gradients, each
  /// ∂C/∂W^l = δ^l (a^(l−1))ᵀ, ∂C/∂b^l = δ^l: compared with a plain backward pass written
  /// here for tanh hidden layers and a softmax output with categorical cross-entropy
  /// (δ^L = a − y, δ^l = (W^(l+1))ᵀ δ^(l+1) ⊙ (1 − (a^l)²)), sharing no code with the library.
  func testGradientsAreMeanOfPerSampleOuterProducts() throws {
    let file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 4, 2], hiddenActivation: .tanh, outputActivation: .softmax,
        cost: .categoricalCrossEntropy, sampleCount: 4, seed: 9))
    let net = file.network
    let g = net.gradients(over: file.samples)
    let depth = net.depth
    var sumW = net.weights.map {
      [[Double]](repeating: .init(repeating: 0, count: $0.columns), count: $0.rows)
    }
    var sumB = net.biases.map { [Double](repeating: 0, count: $0.count) }
    var sumC = 0.0
    for s in file.samples {
      // Forward, by hand.
      var a = [s.input]
      for l in 1...depth {
        let w = net.weights[l - 1]
        var z = net.biases[l - 1]
        for j in 0..<w.rows {
          for k in 0..<w.columns { z[j] += w[j, k] * a[l - 1][k] }
        }
        if l < depth {
          a.append(z.map { tanh($0) })
        } else {
          let top = z.max() ?? 0
          let e = z.map { exp($0 - top) }
          let total = e.reduce(0, +)
          a.append(e.map { $0 / total })
        }
      }
      sumC -= zip(s.target, a[depth]).reduce(0) { $0 + ($1.0 == 0 ? 0 : $1.0 * log($1.1)) }
      // Backward, by hand.
      var delta = zip(a[depth], s.target).map { $0 - $1 }
      for l in stride(from: depth, through: 1, by: -1) {
        for j in 0..<delta.count {
          sumB[l - 1][j] += delta[j]
          for k in 0..<a[l - 1].count { sumW[l - 1][j][k] += delta[j] * a[l - 1][k] }
        }
        guard l > 1 else { break }
        let w = net.weights[l - 1]
        var below = [Double](repeating: 0, count: w.columns)
        for k in 0..<w.columns {
          for j in 0..<w.rows { below[k] += w[j, k] * delta[j] }
          below[k] *= 1 - a[l - 1][k] * a[l - 1][k]
        }
        delta = below
      }
    }
    let m = Double(file.samples.count)
    for l in 0..<depth {
      for j in 0..<sumW[l].count {
        assertClose(
          (0..<sumW[l][j].count).map { g.weights[l][j, $0] }, sumW[l][j].map { $0 / m },
          rtol: 1e-12, atol: 1e-15, "W\(l + 1) row \(j)")
      }
      assertClose(g.biases[l], sumB[l].map { $0 / m }, rtol: 1e-12, atol: 1e-15, "b\(l + 1)")
    }
    assertClose(g.cost ?? .nan, sumC / m, rtol: 1e-13, atol: 0, "cost")
    assertClose(net.cost(over: file.samples), sumC / m, rtol: 1e-13, atol: 0, "mean cost")
  }

  /// The generic forward pass in Complex gives complex-step derivatives that match backprop
  /// to 1e-12 relative (no subtraction, so no cancellation: h = 1e-20).
  ///
  /// The piecewise activations are skipped where they are not analytic (relu, leaky-relu
  /// and elu are analytic away from 0, so they are included).
  func testComplexStepMatchesBackprop() throws {
    for config in pairConfigurations {
      let file = try smallNetwork(config, seed: 4)
      let net = file.network
      let g = net.gradients(over: file.samples)
      let base = Parameters<Complex>(net)
      for index in net.parameterIndices {
        var p = base
        p[index] = Complex(net[index], 1e-20)
        let c = net.cost(with: p, over: file.samples)
        assertClose(c.re, g.cost ?? .nan, rtol: 1e-14, atol: 0, "\(config): cost")
        assertClose(
          c.im / 1e-20, g[index], rtol: 1e-12, atol: 1e-15 * max(1, maxAbs(g.flattened)),
          "\(config): \(index)")
      }
    }
  }

  /// The generic cost in Double equals the traced forward pass, and in Float it is close
  /// (to Float precision).
  func testGenericCostInDoubleAndFloat() throws {
    for config in pairConfigurations {
      let file = try smallNetwork(config, seed: 6)
      let net = file.network
      let traced = net.cost(over: file.samples)
      let generic: Double = net.cost(with: Parameters<Double>(net), over: file.samples)
      assertClose(generic, traced, rtol: 1e-14, atol: 1e-16, "\(config): Double")
      let single: Float = net.cost(with: Parameters<Float>(net), over: file.samples)
      assertClose(Double(single), traced, rtol: 1e-4, atol: 1e-5, "\(config): Float")
    }
  }

  /// `backward` of a network with one layer is ∂C/∂a · ∂a/∂z; for a sigmoid output with
  /// cross-entropy this is the famous a − y, and for softmax with categorical cross-entropy
  /// too.
  func testOutputDeltaClosedForms() throws {
    for (act, cost) in [
      (Activation.sigmoid, Cost.crossEntropy), (.softmax, .categoricalCrossEntropy),
    ] {
      let file = try NetworkFile.random(
        RandomNetworkSpec(
          sizes: [3, 2, 4], hiddenActivation: .relu, outputActivation: act, cost: cost,
          sampleCount: 3, seed: 12))
      for s in file.samples {
        let trace = file.network.forward(s.input)
        let back = file.network.backward(trace, target: s.target)
        let expected = zip(trace.output, s.target).map { $0 - $1 }
        assertClose(back.delta[2], expected, rtol: 1e-12, atol: 1e-15, "\(act.name) \(cost.name)")
      }
    }
  }

  func testParameterIndicesAndNames() throws {
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 1], seed: 1))
    let net = file.network
    XCTAssertEqual(net.parameterCount, 3 * 3 + 1 * 4)
    let indices = net.parameterIndices
    XCTAssertEqual(indices.count, net.parameterCount)
    XCTAssertEqual(
      indices.map(\.description).prefix(8),
      [
        "W¹[0,0]", "W¹[0,1]", "W¹[1,0]", "W¹[1,1]", "W¹[2,0]", "W¹[2,1]", "b¹[0]", "b¹[1]",
      ])
    XCTAssertEqual(indices.last?.name(.ascii), "b^2[0]")
    // The canonical order matches `Gradients.flattened`.
    let g = net.gradients(over: file.samples)
    XCTAssertEqual(indices.map { g[$0] }, g.flattened)
    XCTAssertEqual(net.parameterIndex(named: "W2[0,2]"), indices[9 + 2])
    XCTAssertEqual(net.parameterIndex(named: "W²[0,2]"), indices[9 + 2])
    XCTAssertEqual(net.parameterIndex(named: "b1[2]"), indices[8])
    for bad in ["W3[0,0]", "W1[3,0]", "W1[0,2]", "b2[1]", "W1[0]", "x1[0]", "W1[a,b]", "W[0,0]"] {
      XCTAssertNil(net.parameterIndex(named: bad), bad)
    }
  }
}
