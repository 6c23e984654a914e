import Backprop
import TestSupport
import XCTest

/// A layer built from `spec` for `input`, with seeded Gaussian input, parameters and
/// output gradient, for the layer tests.
struct LayerCase {
  var name: String
  var layer: any Layer
  var x: [Double]
  var p: [Double]
  var g: [Double]

  init(_ spec: LayerSpec, input: TensorShape, seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    layer = try spec.fitted(to: input, position: 1)
    name = "\(spec) on \(input)"
    x = (0..<input.count).map { _ in rng.nextGaussian() }
    p = (0..<layer.parameterCount).map { _ in rng.nextGaussian() * 0.5 }
    g = (0..<layer.outputShape.count).map { _ in rng.nextGaussian() }
  }

  /// ⟨g, forward(x, p)⟩ in `Complex`, for the complex step.
  func weighted(_ x: [Complex], _ p: [Complex]) -> Complex {
    let y = layer.forward(x, parameters: p)
    var s = Complex(0)
    for (gi, yi) in zip(g, y) { s = s + Complex(gi) * yi }
    return s
  }

  /// ∂⟨g, f⟩/∂x and ∂⟨g, f⟩/∂p by the complex step, h = 1e-20: exact to rounding, and
  /// independent of the layer's backward pass.
  func complexStepVJP() -> (input: [Double], parameters: [Double]) {
    let h = 1e-20
    let xc = x.map { Complex($0) }
    let pc = p.map { Complex($0) }
    let dx = (0..<x.count).map { j -> Double in
      var xs = xc
      xs[j].im = h
      return weighted(xs, pc).im / h
    }
    let dp = (0..<p.count).map { j -> Double in
      var ps = pc
      ps[j].im = h
      return weighted(xc, ps).im / h
    }
    return (dx, dp)
  }
}

/// The layers the tests run through: every kind, valid and same padding, strides, both
/// pools, and activations element-wise and softmax.
func layerCases() throws -> [LayerCase] {
  let image = TensorShape.image(channels: 2, height: 5, width: 4)
  let sequence = TensorShape.sequence(steps: 3, features: 2)
  let specs: [(LayerSpec, TensorShape)] = [
    (.dense(units: 3), .vector(4)),
    (.conv(filters: 2, height: 3, width: 2, stride: 1, padding: .valid), image),
    (.conv(filters: 3, height: 3, width: 3, stride: 1, padding: .same), image),
    (.conv(filters: 2, height: 2, width: 3, stride: 2, padding: .same), image),
    (.conv(filters: 1, height: 2, width: 2, stride: 2, padding: .valid), image),
    (.maxPool(size: 2, stride: 2), image),
    (.maxPool(size: 2, stride: 1), image),
    (.avgPool(size: 2, stride: 2), image),
    (.avgPool(size: 3, stride: 1), image),
    (.flatten, image),
    (.activation(.tanh), image),
    (.activation(.relu), .vector(5)),
    (.activation(.sigmoid), sequence),
    (.activation(.softmax), .vector(4)),
    (.rnn(units: 3), sequence),
    (.lstm(units: 2), sequence),
    (.lstm(units: 3), .sequence(steps: 4, features: 1)),
  ]
  return try specs.enumerated().map { try LayerCase($1.0, input: $1.1, seed: UInt64(11 + $0)) }
}

extension XCTestCase {
  /// A seeded random layered network of `--arch` text `text` and its samples.
  func random(_ text: String, _ cost: Cost, samples: Int = 2, seed: UInt64 = 1) throws
    -> (LayeredNetwork, [Sample])
  {
    try LayeredNetwork.random(
      Architecture.parse(text), cost: cost, sampleCount: samples, seed: seed)
  }
}

/// ∂C/∂(input of layer k) of one sample, two ways.
struct ChainRulePrefix {
  /// k, 0-based.
  var layer: Int
  /// Layer k's input.
  var input: [Double]
  /// ∂C/∂a^L · J_(L−1) ⋯ J_k, composed as Jacobian objects.
  var chain: [Double]
  /// What the layers' VJPs carry back from ∂C/∂a^L.
  var vjp: [Double]
}

/// The chain-rule prefixes of one sample for every layer k, from the last down.
///
/// Both ways start at the cost's own ∂C/∂a^L (unfused with the output activation).
func chainRulePrefixes(_ net: LayeredNetwork, input x: [Double], target y: [Double]) throws
  -> [ChainRulePrefix]
{
  let values = net.trace(x)
  let last = net.layers.count - 1
  let start = net.cost.jacobian(outputLayer: 99, a: values[last + 1], target: y)
  var chain = Jacobian(of: .cost, withRespectTo: net.outputQuantity(of: last), start.structure)
  var g = net.cost.gradient(values[last + 1], target: y)
  var out: [ChainRulePrefix] = []
  for k in stride(from: last, through: 0, by: -1) {
    chain = try chain.composed(after: net.jacobian(layer: k, at: values[k]))
    g =
      net.layers[k].backward(
        values[k], parameters: Array(net.parameters[net.offsets[k]..<net.offsets[k + 1]]),
        outputGradient: g
      ).input
    out.append(ChainRulePrefix(layer: k, input: values[k], chain: chain.matrix.storage, vjp: g))
  }
  return out
}
