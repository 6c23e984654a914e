import TestSupport
import XCTest

@testable import Backprop

/// `ParameterPaths`: path counts worked out by hand, and the sum over the paths of the
/// products of local derivatives (computed here from the formulas, not the library's
/// Jacobians) against a central difference of the cost and backprop's gradient.
final class ParameterPathsTests: XCTestCase {
  typealias Nets = ExplainingTestNetworks

  func parameter(_ name: String, _ network: Network) throws -> ParameterIndex {
    try XCTUnwrap(network.parameterIndex(named: name), name)
  }

  // MARK: Counts by hand

  func testElementwiseLayersChooseOneNeuronPerLayerAbove() throws {
    let net = try Nets.network([2, 3, 2], [.sigmoid, .sigmoid], .quadratic)
    // W¹[0,1] reaches the cost through z¹₀ and either neuron of layer 2: 2 paths.
    let paths = ParameterPaths(to: try parameter("W1[0,1]", net), in: net, limit: 100)
    XCTAssertEqual(paths.count, 2)
    XCTAssertEqual(
      paths.paths,
      [
        .init(preActivationIndices: [0, 0], activationIndices: [0, 0]),
        .init(preActivationIndices: [1, 0], activationIndices: [1, 0]),
      ])
    // An output bias has one path, through its own neuron.
    let top = ParameterPaths(to: try parameter("b2[1]", net), in: net, limit: 100)
    XCTAssertEqual(top.count, 1)
    XCTAssertEqual(top.paths, [.init(preActivationIndices: [1], activationIndices: [1])])
    // 2,3,4,2: a weight of layer 1 has 4 · 2 = 8 paths; of layer 2, 2.
    let deep = try Nets.network([2, 3, 4, 2], [.tanh, .tanh, .sigmoid], .quadratic)
    XCTAssertEqual(
      ParameterPaths(to: try parameter("W1[2,1]", deep), in: deep, limit: 100).count, 8)
    XCTAssertEqual(ParameterPaths(to: try parameter("b2[3]", deep), in: deep, limit: 100).count, 2)
  }

  func testSoftmaxLayersAlsoChooseAnActivation() throws {
    let net = try Nets.network([2, 3, 2], [.tanh, .softmax], .categoricalCrossEntropy)
    // W¹: z² has 2 choices and softmax's a² 2 more: 4 paths.
    let hidden = ParameterPaths(to: try parameter("W1[1,0]", net), in: net, limit: 100)
    XCTAssertEqual(hidden.count, 4)
    XCTAssertEqual(hidden.paths.count, 4)
    // W²[1,0]: its own z²₁, then either a² of the softmax: 2 paths.
    let top = ParameterPaths(to: try parameter("W2[1,0]", net), in: net, limit: 100)
    XCTAssertEqual(
      top.paths,
      [
        .init(preActivationIndices: [1], activationIndices: [0]),
        .init(preActivationIndices: [1], activationIndices: [1]),
      ])
  }

  func testAboveTheLimitPathsAreOnlyCounted() throws {
    let net = try Nets.network([2, 3, 4, 2], [.tanh, .tanh, .sigmoid], .quadratic)
    let paths = ParameterPaths(to: try parameter("W1[0,0]", net), in: net, limit: 7)
    XCTAssertEqual(paths.count, 8)
    XCTAssertTrue(paths.paths.isEmpty)
  }

  func testCountsBeyondSixtyFourBitsSaturate() throws {
    // 65 layers of 2 after the input: a weight of layer 1 has 2⁶⁴ paths, over Int.max.
    let sizes = Array(repeating: 2, count: 66)
    let net = try Nets.network(
      sizes, Array(repeating: .tanh, count: 65), .quadratic)
    let paths = ParameterPaths(to: try parameter("W1[0,0]", net), in: net, limit: 64)
    XCTAssertEqual(paths.count, Int.max)
    XCTAssertTrue(paths.paths.isEmpty)
    XCTAssertEqual(
      ParameterPaths(to: try parameter("W3[0,0]", net), in: net, limit: 0).count, 1 << 62)
  }

  // MARK: The sum over the paths is the derivative

  /// ∂aˡᵢ/∂zˡⱼ from the formulas: diagonal for tanh and sigmoid, aᵢ(δᵢⱼ − aⱼ) for softmax.
  func localDerivative(_ activation: Activation, a: [Double], _ i: Int, _ j: Int) -> Double {
    switch activation {
    case .tanh: return i == j ? 1 - a[i] * a[i] : 0
    case .sigmoid: return i == j ? a[i] * (1 - a[i]) : 0
    case .softmax: return a[i] * ((i == j ? 1 : 0) - a[j])
    default:
      XCTFail("no formula for \(activation.name)")
      return .nan
    }
  }

  /// ∂C/∂aᴸᵢ from the formulas of the quadratic and categorical cross-entropy costs.
  func costDerivative(_ cost: Cost, a: [Double], y: [Double], _ i: Int) -> Double {
    switch cost {
    case .quadratic: return a[i] - y[i]
    case .categoricalCrossEntropy: return -y[i] / a[i]
    default:
      XCTFail("no formula for \(cost.name)")
      return .nan
    }
  }

  /// Σ over the paths of ∂C/∂aᴸ · Π (∂a/∂z · W) · ∂zˡⱼ/∂p.
  func sumOverPaths(_ net: Network, _ sample: Sample, _ p: ParameterIndex) -> (Double, Int) {
    let trace = net.forward(sample.input)
    let paths = ParameterPaths(to: p, in: net, limit: 10_000)
    let input: Double
    switch p.kind {
    case .weight(_, let k): input = trace.a[p.layer - 1][k]
    case .bias: input = 1
    }
    var sum = 0.0
    for path in paths.paths {
      var product = costDerivative(
        net.cost, a: trace.a[net.depth], y: sample.target, path.activationIndices[0])
      for (n, layer) in (p.layer...net.depth).reversed().enumerated() {
        let ai = path.activationIndices[n]
        let zi = path.preActivationIndices[n]
        product *= localDerivative(net.activation(layer), a: trace.a[layer], ai, zi)
        if layer > p.layer {
          product *= net.weight(layer)[zi, path.activationIndices[n + 1]]
        }
      }
      sum += product * input
    }
    return (sum, paths.paths.count)
  }

  func testSumOverPathsIsTheGradient() throws {
    let cases: [(Network, Sample)] = [
      (
        try Nets.network([2, 3, 2], [.sigmoid, .sigmoid], .quadratic),
        Sample(input: [0.4, -0.7], target: [1, 0])
      ),
      (
        try Nets.network([3, 3, 4, 3], [.tanh, .softmax, .softmax], .categoricalCrossEntropy),
        Sample(input: [0.2, 0.9, -0.5], target: [0.2, 0.5, 0.3])
      ),
    ]
    for (net, sample) in cases {
      let backprop = net.gradients(over: [sample])
      for p in net.parameterIndices {
        let (sum, count) = sumOverPaths(net, sample, p)
        XCTAssertGreaterThan(count, 0)
        let numeric = Nets.centralDifference(net, sample, p)
        assertClose(sum, numeric, rtol: 1e-6, atol: 1e-8, "\(p) vs central difference")
        assertClose(sum, backprop[p], rtol: 1e-10, atol: 1e-12, "\(p) vs backprop")
      }
    }
  }
}
