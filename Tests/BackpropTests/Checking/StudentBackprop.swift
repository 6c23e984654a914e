import Foundation

@testable import Backprop

/// A student's backprop, written here from scratch on plain arrays (sigmoid or tanh layers,
/// quadratic cost), with a switch for each classic mistake.
///
/// It shares no code with the library's backprop or with its diagnosis.
struct StudentBackprop {
  enum Bug: CaseIterable {
    case none, sign, halfCostFactor, sumInsteadOfMean, missingOutputDerivative
    case derivativeOfActivation, previousActivation, biasSummed, transpose, typo
  }

  var weights: [[[Double]]]  // weights[l][j][k]
  var biases: [[Double]]
  var tanhLayers: Bool

  init(_ network: Network) {
    weights = network.weights.map { m in (0..<m.rows).map { j in (0..<m.columns).map { m[j, $0] } }
    }
    biases = network.biases
    tanhLayers = network.activations[0] == .tanh
  }

  func f(_ z: Double) -> Double { tanhLayers ? tanh(z) : 1 / (1 + exp(-z)) }
  func fPrime(_ z: Double) -> Double {
    if tanhLayers { return 1 - tanh(z) * tanh(z) }
    let s = 1 / (1 + exp(-z))
    return s * (1 - s)
  }

  /// Returns (dW, db) of the mean quadratic cost over `samples`, with `bug`.
  func gradients(_ samples: [Sample], bug: Bug) -> (w: [[[Double]]], b: [[Double]]) {
    let depth = weights.count
    var dW = weights.map { $0.map { $0.map { _ in 0.0 } } }
    var dB = biases.map { $0.map { _ in 0.0 } }
    for sample in samples {
      var acts = [sample.input]
      var zs: [[Double]] = [[]]
      for l in 0..<depth {
        let z = (0..<weights[l].count).map { j in
          biases[l][j] + zip(weights[l][j], acts[l]).reduce(0) { $0 + $1.0 * $1.1 }
        }
        zs.append(z)
        acts.append(z.map(f))
      }
      let out = acts[depth]
      var dCda = zip(out, sample.target).map { $0 - $1 }
      if bug == .halfCostFactor { dCda = dCda.map { 2 * $0 } }  // forgot the ½
      if bug == .sign { dCda = dCda.map { -$0 } }  // y − a
      var deltas = [[Double]](repeating: [], count: depth + 1)
      switch bug {
      case .missingOutputDerivative: deltas[depth] = dCda
      case .derivativeOfActivation:
        deltas[depth] = zip(dCda, out).map { $0 * fPrime($1) }
      default: deltas[depth] = zip(dCda, zs[depth]).map { $0 * fPrime($1) }
      }
      var l = depth - 1
      while l >= 1 {
        let next = deltas[l + 1]
        let w = weights[l]  // W^(l+1), rows = n_(l+1)
        var up = [Double](repeating: 0, count: acts[l].count)
        for i in 0..<up.count {
          for r in 0..<next.count {
            // Correct: (Wᵀ δ)_i = Σ_r W[r][i] δ_r. Transposed: Σ_r W[i][r] δ_r.
            up[i] += (bug == .transpose ? w[i][r] : w[r][i]) * next[r]
          }
        }
        deltas[l] =
          bug == .derivativeOfActivation
          ? zip(up, acts[l]).map { $0 * fPrime($1) } : zip(up, zs[l]).map { $0 * fPrime($1) }
        l -= 1
      }
      for l in 1...depth {
        let source = bug == .previousActivation ? acts[l] : acts[l - 1]
        for j in 0..<deltas[l].count {
          for k in 0..<dW[l - 1][j].count { dW[l - 1][j][k] += deltas[l][j] * source[k] }
          dB[l - 1][j] += deltas[l][j]
        }
      }
    }
    let m = Double(samples.count)
    if bug != .sumInsteadOfMean {
      dW = dW.map { $0.map { $0.map { $0 / m } } }
      dB = bug == .biasSummed ? dB : dB.map { $0.map { $0 / m } }
    }
    if bug == .typo {
      // Two entries copied into the wrong places.
      let t = dW[1][0][1]
      dW[1][0][1] = dW[1][1][0]
      dW[1][1][0] = t
      dB[0][2] = dB[0][1]
    }
    return (dW, dB)
  }

  func gradients(_ samples: [Sample], bug: Bug, sizes: [Int]) -> Gradients {
    let (w, b) = gradients(samples, bug: bug)
    let matrices = w.enumerated().map { l, rows in
      Matrix(rows: sizes[l + 1], columns: sizes[l], storage: rows.flatMap { $0 })
    }
    return Gradients(weights: matrices, biases: b)
  }
}
