import Backprop
import XCTest

/// The causes shared with dense networks, named on layered networks.
///
/// The sign, the sum over the samples, a scale and the biases, with the dense diagnosis's
/// names and sentences. The
/// wrong gradients come from the independent oracle (`plainValueWithGradient`): summed over
/// the samples one by one, negated, scaled, or with the biases never written.
final class LayerMistakesDenseCausesTests: XCTestCase {
  static let denseArch = "input 3, dense 4, tanh, dense 2, sigmoid"
  static let convArch = "input 1x5x5, conv 2 2x2, tanh, conv 2 2x2, flatten, dense 1, identity"

  /// The oracle's gradient of the mean cost, and the sum of its per-sample gradients.
  func oracle(_ net: LayeredNetwork, _ samples: [Sample]) -> (mean: [Double], sum: [Double]) {
    let mean = plainValueWithGradient(net.parameters, PlainNetwork(net, samples: samples))
      .gradient
    var sum = [Double](repeating: 0, count: mean.count)
    for s in samples {
      let g = plainValueWithGradient(net.parameters, PlainNetwork(net, samples: [s])).gradient
      for i in sum.indices { sum[i] += g[i] }
    }
    return (mean, sum)
  }

  func diagnose(_ net: LayeredNetwork, _ samples: [Sample], _ g: [Double]) throws
    -> LayerCheckReport
  {
    let r = try LayeredGradientCheck.run(network: net, samples: samples, analytic: g)
    XCTAssertFalse(r.passed)
    return r
  }

  func testSumOverSamplesIsNamedWithTheDenseSentence() throws {
    for arch in [Self.denseArch, Self.convArch] {
      let (net, samples) = try random(arch, .quadratic, samples: 2, seed: 7)
      let r = try diagnose(net, samples, oracle(net, samples).sum)
      XCTAssertEqual(r.diagnosis.map(\.mistake), [.sumInsteadOfMean], arch)
      let first = try XCTUnwrap(r.diagnosis.first)
      XCTAssertEqual(first.mistake.rawValue, MistakeCause.sumInsteadOfMean.rawValue)
      XCTAssertEqual(first.site, "every tensor")
      XCTAssertTrue(
        first.message().contains("summed over the samples instead of averaged"), first.message())
      XCTAssertTrue(first.message().contains("divide by m = 2"), first.message())
    }
  }

  func testNegatedGradientsAreTheSign() throws {
    for arch in [Self.denseArch, Self.convArch] {
      let (net, samples) = try random(arch, .quadratic, samples: 2, seed: 8)
      let r = try diagnose(net, samples, oracle(net, samples).mean.map { -$0 })
      XCTAssertEqual(r.diagnosis.map(\.mistake), [.sign], arch)
      XCTAssertTrue(
        r.diagnosis[0].message().hasPrefix("Every gradient has the wrong sign"),
        r.diagnosis[0].message())
    }
  }

  func testAFactorOfThreeIsAScale() throws {
    let (net, samples) = try random(Self.convArch, .quadratic, samples: 2, seed: 9)
    let r = try diagnose(net, samples, oracle(net, samples).mean.map { 3 * $0 })
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.scale])
    XCTAssertEqual(r.diagnosis[0].cause?.factor ?? 0, 3, accuracy: 1e-6)
    XCTAssertTrue(r.diagnosis[0].message().contains("off by the same factor"))
  }

  func testBiasesNeverWrittenAreTheBias() throws {
    for arch in [Self.denseArch, Self.convArch] {
      let (net, samples) = try random(arch, .quadratic, samples: 2, seed: 10)
      var g = oracle(net, samples).mean
      let biases = net.tensorSlots.filter { $0.tensor.stem == "b" }
      for slot in biases { for i in slot.range { g[i] = 0 } }
      let r = try diagnose(net, samples, g)
      XCTAssertEqual(r.diagnosis.map(\.mistake), [.bias], arch)
      XCTAssertEqual(r.diagnosis[0].site, biases.map(\.name).joined(separator: ", "))
      XCTAssertTrue(
        r.diagnosis[0].message().hasPrefix(
          "The bias gradients are wrong"))
    }
  }

  func testTheTransposeInADenseLayerIsNamed() throws {
    // input 3, dense 3, tanh, dense 2: W² is 2×3, W¹ 3×3 square. The student's δ¹ is
    // W² δ²… only defined for a square W, so the square one is the second of two layers
    // with 3 units: input 3, dense 3, tanh, dense 3, tanh, dense 1.
    let (net, samples) = try random(
      "input 3, dense 3, tanh, dense 3, tanh, dense 1, identity", .quadratic, samples: 1,
      seed: 4)
    // Plain backward with W² (not its transpose) carrying δ² down to layer 1.
    let p = net.parameters
    let (w1, b1, w2, b2, w3) = (0, 9, 12, 21, 24)
    let s = samples[0]
    func layer(_ w: Int, _ b: Int, _ x: [Double], _ n: Int) -> [Double] {
      (0..<n).map { i in p[b + i] + (0..<x.count).reduce(0) { $0 + p[w + i * x.count + $1] * x[$1] }
      }
    }
    let a1 = layer(w1, b1, s.input, 3).map(tanh)
    let a2 = layer(w2, b2, a1, 3).map(tanh)
    let y = layer(w3, 27, a2, 1)[0]
    var g = [Double](repeating: 0, count: net.parameterCount)
    let gy = y - s.target[0]
    for k in 0..<3 { g[w3 + k] = gy * a2[k] }
    g[27] = gy
    let d2 = (0..<3).map { p[w3 + $0] * gy * (1 - a2[$0] * a2[$0]) }
    for i in 0..<3 {
      g[b2 + i] = d2[i]
      for k in 0..<3 { g[w2 + i * 3 + k] = d2[i] * a1[k] }
    }
    // The mistake: Σ_i W²[j,i] δ²_i where Σ_i W²[i,j] δ²_i belongs.
    let d1 = (0..<3).map { j in
      (0..<3).reduce(0) { $0 + p[w2 + j * 3 + $1] * d2[$1] } * (1 - a1[j] * a1[j])
    }
    for i in 0..<3 {
      g[b1 + i] = d1[i]
      for k in 0..<3 { g[w1 + i * 3 + k] = d1[i] * s.input[k] }
    }
    let r = try diagnose(net, samples, g)
    XCTAssertEqual(Set(r.failedEntries.map(\.tensor)), ["W1", "b1"])
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.transpose])
    XCTAssertEqual(r.diagnosis.first?.site, "layer 2 (dense 3)")
  }

  func testABiasLeftAtZeroWithANegatedKernelIsBothMistakes() throws {
    let (net, samples) = try random(Self.convArch, .quadratic, samples: 2, seed: 10)
    var g = oracle(net, samples).mean
    let slots = Dictionary(uniqueKeysWithValues: net.tensorSlots.map { ($0.name, $0) })
    let (k1, b2) = try (XCTUnwrap(slots["K1"]), XCTUnwrap(slots["b2"]))
    for i in k1.range { g[i] = -g[i] }
    for i in b2.range { g[i] = 0 }
    let r = try diagnose(net, samples, g)
    XCTAssertEqual(r.diagnosis.map(\.mistake), [.wrongSign, .bias])
    XCTAssertEqual(r.diagnosis.map(\.site), ["K1", "b2"])
    let bias = try XCTUnwrap(r.diagnosis.last?.cause)
    guard case .bias(let layers, let ratio) = bias.detail else {
      return XCTFail("\(bias.detail)")
    }
    XCTAssertEqual(layers, [2])
    XCTAssertEqual(ratio, 0)
  }
}
