import Backprop
import Foundation

/// Backprop for a sigmoid network with the quadratic cost, written out with plain loops and
/// each classic mistake typed in by hand: an independent reference for `nn-explain --mistake`.
struct PlainMistakenBackprop {
  /// W^l as rows, `w[l - 1][j][k]`.
  let w: [[[Double]]]
  /// b^l, `b[l - 1][j]`.
  let b: [[Double]]

  /// The plain weights and biases of `network`.
  init(_ network: Network) {
    w = network.weights.map { m in
      (0..<m.rows).map { j in (0..<m.columns).map { k in m.storage[j * m.columns + k] } }
    }
    b = network.biases
  }

  /// σ(x).
  static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

  /// The weighted inputs and activations, `z[0]` empty and `a[0]` the input.
  func forward(_ x: [Double]) -> (z: [[Double]], a: [[Double]]) {
    var z: [[Double]] = [[]]
    var a = [x]
    for l in 1...w.count {
      let zl = (0..<w[l - 1].count).map { j in
        zip(w[l - 1][j], a[l - 1]).reduce(b[l - 1][j]) { $0 + $1.0 * $1.1 }
      }
      z.append(zl)
      a.append(zl.map(Self.sigmoid))
    }
    return (z, a)
  }

  /// δ of every layer of one sample with `mistake` (nil: right).
  func deltas(_ x: [Double], _ y: [Double], _ mistake: String?) -> [[Double]] {
    let (z, a) = forward(x)
    let depth = w.count
    func sigmoidPrime(_ v: Double) -> Double { Self.sigmoid(v) * (1 - Self.sigmoid(v)) }
    let useA = mistake == "derivative-of-activation"
    var d = [[Double]](repeating: [], count: depth + 1)
    d[depth] = (0..<y.count).map { j in
      let g = a[depth][j] - y[j]
      let fp = sigmoidPrime(useA ? a[depth][j] : z[depth][j])
      switch mistake {
      case "sign": return -(g * fp)
      case "scale": return 2 * (g * fp)
      case "missing-output-derivative": return g
      default: return g * fp
      }
    }
    var l = depth - 1
    while l >= 1 {
      let above = w[l]
      d[l] = (0..<w[l - 1].count).map { k in
        var s = 0.0
        for j in 0..<above.count {
          // W^(l+1)[j][k] for Wᵀ δ; the transpose mistake takes W^(l+1)[k][j].
          s += (mistake == "transpose" ? above[k][j] : above[j][k]) * d[l + 1][j]
        }
        return s * sigmoidPrime(useA ? a[l][k] : z[l][k])
      }
      l -= 1
    }
    return d
  }

  /// The gradients of the mean cost with `mistake`, as (∂C/∂W^l rows, ∂C/∂b^l) per layer.
  func gradients(_ samples: [Sample], _ mistake: String?) -> (w: [[[Double]]], b: [[Double]]) {
    var gw = w.map { $0.map { $0.map { _ in 0.0 } } }
    var gb = b.map { $0.map { _ in 0.0 } }
    let m = Double(samples.count)
    let weight = mistake == "sum-instead-of-mean" ? 1 : 1 / m
    for s in samples {
      let (_, a) = forward(s.input)
      let d = deltas(s.input, s.target, mistake)
      for l in 1...w.count {
        for j in 0..<w[l - 1].count {
          for k in 0..<w[l - 1][j].count {
            // δ^l (a^(l−1))ᵀ, or the layer's own a^l by mistake (square layers here).
            let input = mistake == "previous-activation" ? a[l][k] : a[l - 1][k]
            gw[l - 1][j][k] += weight * d[l][j] * input
          }
          gb[l - 1][j] += mistake == "bias" ? 0 : weight * d[l][j]
        }
      }
    }
    return (gw, gb)
  }

  /// The gradient of parameter `p` from `gradients`.
  static func value(_ g: (w: [[[Double]]], b: [[Double]]), _ p: ParameterIndex) -> Double {
    switch p.kind {
    case .weight(let j, let k): return g.w[p.layer - 1][j][k]
    case .bias(let j): return g.b[p.layer - 1][j]
    }
  }
}
