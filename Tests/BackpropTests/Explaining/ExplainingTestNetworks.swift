import Backprop
import Foundation

/// Small networks for the Explaining tests, with fixed, irregular parameters.
enum ExplainingTestNetworks {
  /// A network of `sizes` whose parameters are 0.5 sin(1.7 k) (weights) and 0.3 cos(k)
  /// (biases) for k = 1, 2, … in layer order.
  static func network(_ sizes: [Int], _ activations: [Activation], _ cost: Cost) throws
    -> Network
  {
    var k = 0.0
    var weights: [Matrix] = []
    var biases: [[Double]] = []
    for l in 1..<sizes.count {
      var storage: [Double] = []
      for _ in 0..<(sizes[l] * sizes[l - 1]) {
        k += 1
        storage.append(0.5 * sin(1.7 * k))
      }
      weights.append(Matrix(rows: sizes[l], columns: sizes[l - 1], storage: storage))
      var bias: [Double] = []
      for _ in 0..<sizes[l] {
        k += 1
        bias.append(0.3 * cos(k))
      }
      biases.append(bias)
    }
    return try Network(
      sizes: sizes, activations: activations, cost: cost, weights: weights, biases: biases)
  }

  /// `network` with parameter `p` moved by `delta`.
  static func nudged(_ network: Network, _ p: ParameterIndex, by delta: Double) -> Network {
    var moved = network
    switch p.kind {
    case .weight(let j, let k): moved.weights[p.layer - 1][j, k] += delta
    case .bias(let j): moved.biases[p.layer - 1][j] += delta
    }
    return moved
  }

  /// The central difference (C(θ + h) − C(θ − h)) / 2h of one sample's cost.
  static func centralDifference(
    _ network: Network, _ sample: Sample, _ p: ParameterIndex, h: Double = 1e-6
  ) -> Double {
    (nudged(network, p, by: h).cost(of: sample) - nudged(network, p, by: -h).cost(of: sample))
      / (2 * h)
  }
}
