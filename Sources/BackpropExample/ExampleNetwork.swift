import Foundation

/// A student's backpropagation, written from scratch with plain arrays.
///
/// Forward pass, output error, the δ recursion and the gradients of the mean cost. It shares
/// no code with the library's backward pass, so checking it checks something independent.
public struct ExampleNetwork {
  /// Layer sizes, input first.
  public var sizes: [Int]
  /// Activation names, one per layer after the input.
  public var activations: [String]
  /// The cost's name.
  public var cost: String
  /// weights[l][j][k] = W^(l+1)[j, k].
  public var weights: [[[Double]]]
  /// biases[l][j] = b^(l+1)[j].
  public var biases: [[Double]]

  /// Creates a network from plain arrays.
  public init(
    sizes: [Int], activations: [String], cost: String, weights: [[[Double]]], biases: [[Double]]
  ) {
    self.sizes = sizes
    self.activations = activations
    self.cost = cost
    self.weights = weights
    self.biases = biases
  }

  static func f(_ name: String, _ z: [Double]) -> [Double] {
    switch name {
    case "sigmoid": return z.map { 1 / (1 + exp(-$0)) }
    case "tanh": return z.map { Foundation.tanh($0) }
    case "relu": return z.map { max($0, 0) }
    case "leaky-relu": return z.map { $0 > 0 ? $0 : 0.01 * $0 }
    case "elu": return z.map { $0 > 0 ? $0 : exp($0) - 1 }
    case "softplus": return z.map { max($0, 0) + log(1 + exp(-abs($0))) }
    case "softmax":
      let top = z.max() ?? 0
      let e = z.map { exp($0 - top) }
      let total = e.reduce(0, +)
      return e.map { $0 / total }
    default: return z
    }
  }

  /// f′ at each entry of `z` (element-wise activations).
  static func fPrime(_ name: String, _ z: [Double]) -> [Double] {
    switch name {
    case "sigmoid": return f(name, z).map { $0 * (1 - $0) }
    case "tanh": return z.map { 1 - Foundation.tanh($0) * Foundation.tanh($0) }
    case "relu": return z.map { $0 > 0 ? 1 : 0 }
    case "leaky-relu": return z.map { $0 > 0 ? 1 : 0.01 }
    case "elu": return z.map { $0 > 0 ? 1 : exp($0) }
    case "softplus": return z.map { 1 / (1 + exp(-$0)) }
    default: return z.map { _ in 1 }
    }
  }

  /// g times ∂a/∂z at z (softmax: a ⊙ (g − a·g)); with `atActivation`, f′ is taken at a.
  static func backThrough(
    _ name: String, _ g: [Double], z: [Double], a: [Double], atActivation: Bool
  )
    -> [Double]
  {
    if name == "softmax" {
      let dot = zip(a, g).map { $0 * $1 }.reduce(0, +)
      return zip(a, g).map { $0 * ($1 - dot) }
    }
    return zip(g, fPrime(name, atActivation ? a : z)).map { $0 * $1 }
  }

  /// ∂C/∂a for one sample.
  func costGradient(_ a: [Double], _ y: [Double]) -> [Double] {
    switch cost {
    case "mse": return zip(a, y).map { 2 * ($0 - $1) / Double(a.count) }
    case "cross-entropy": return zip(a, y).map { ($0 - $1) / ($0 * (1 - $0)) }
    case "categorical-cross-entropy": return zip(a, y).map { -$1 / $0 }
    default: return zip(a, y).map { $0 - $1 }
    }
  }

  /// The gradients of the mean cost over `samples` (input, target), made with `bug`.
  public func gradients(samples: [(input: [Double], target: [Double])], bug: ExampleBug?)
    -> (weights: [[[Double]]], biases: [[Double]])
  {
    let depth = sizes.count - 1
    var gw = weights.map { $0.map { $0.map { _ in 0.0 } } }
    var gb = biases.map { $0.map { _ in 0.0 } }
    for sample in samples {
      // Forward: keep z and a of every layer.
      var a = [sample.input]
      var z: [[Double]] = [[]]
      for l in 0..<depth {
        let zl = (0..<sizes[l + 1]).map { j in
          zip(weights[l][j], a[l]).map { $0 * $1 }.reduce(biases[l][j], +)
        }
        z.append(zl)
        a.append(ExampleNetwork.f(activations[l], zl))
      }
      // Output error.
      let g = costGradient(a[depth], sample.target)
      var delta = [[Double]](repeating: [], count: depth + 1)
      delta[depth] =
        bug == .missingOutputDerivative
        ? g
        : ExampleNetwork.backThrough(
          activations[depth - 1], g, z: z[depth], a: a[depth],
          atActivation: bug == .derivativeOfActivation)
      // The δ recursion.
      var l = depth - 1
      while l >= 1 {
        let w = weights[l]
        let square = sizes[l] == sizes[l + 1]
        let upstream: [Double]
        if bug == .transpose && square {
          upstream = (0..<sizes[l]).map { k in
            (0..<sizes[l + 1]).map { w[k][$0] * delta[l + 1][$0] }.reduce(0, +)
          }
        } else {
          upstream = (0..<sizes[l]).map { k in
            (0..<sizes[l + 1]).map { w[$0][k] * delta[l + 1][$0] }.reduce(0, +)
          }
        }
        if bug == .deepOnly && l <= depth - 2 {
          delta[l] = upstream
        } else {
          delta[l] = ExampleNetwork.backThrough(
            activations[l - 1], upstream, z: z[l], a: a[l],
            atActivation: bug == .derivativeOfActivation)
        }
        l -= 1
      }
      // This sample's gradients, added to (or, with the bug, overwriting) the totals.
      for l in 1...depth {
        let source = bug == .previousActivation ? a[l] : a[l - 1]
        for j in 0..<sizes[l] {
          for k in 0..<sizes[l - 1] {
            let x = k < source.count ? source[k] : 0
            gw[l - 1][j][k] = (bug == .multiSample ? 0 : gw[l - 1][j][k]) + delta[l][j] * x
          }
          if bug != .bias {
            gb[l - 1][j] = (bug == .multiSample ? 0 : gb[l - 1][j]) + delta[l][j]
          }
        }
      }
    }
    var factor = bug == .sumInsteadOfMean ? 1 : 1 / Double(samples.count)
    if bug == .sign || bug == .crashDeep { factor = -factor }
    if bug == .scale { factor *= 2 }
    gw = gw.map { $0.map { $0.map { $0 * factor } } }
    gb = gb.map { $0.map { $0 * factor } }
    if bug == .wrongShape { gb[depth - 1].removeLast() }
    return (gw, gb)
  }
}
