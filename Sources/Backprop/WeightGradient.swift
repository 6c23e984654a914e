/// The last step of the chain, from δ^l to the parameters of layer l:
/// ∂C/∂W^l_jk = δ^l_j a^(l−1)_k and ∂C/∂b^l_j = δ^l_j.
///
/// Since z^l_j = Σ_k W^l_jk a^(l−1)_k + b^l_j, ∂z^l_j/∂W^l_jk = a^(l−1)_k and
/// ∂z^l_j/∂b^l_j = 1; W^l_jk reaches the cost only through z^l_j.
public struct WeightGradient: Equatable, Sendable {
  /// The layer l.
  public let layer: Int
  /// δ^l = ∂C/∂z^l, n_l entries.
  public let delta: [Double]
  /// a^(l−1), n_(l−1) entries.
  public let previousActivation: [Double]

  /// Creates the step for layer `layer`.
  public init(layer: Int, delta: [Double], previousActivation: [Double]) {
    self.layer = layer
    self.delta = delta
    self.previousActivation = previousActivation
  }

  /// ∂C/∂W^l = δ^l (a^(l−1))ᵀ, the outer product, n_l x n_(l−1).
  /// - Complexity: O(n_l · n_(l−1)).
  public var weights: Matrix { Matrix.outer(delta, previousActivation) }

  /// ∂C/∂b^l = δ^l.
  public var biases: [Double] { delta }

  /// ∂C/∂W^l_jk = δ^l_j a^(l−1)_k.
  public func weight(row j: Int, column k: Int) -> Double { delta[j] * previousActivation[k] }

  /// Adds `scale` · ∂C/∂W^l to `weights` and `scale` · ∂C/∂b^l to `biases` in place: the
  /// same outer product as `weights`, without allocating, for averaging over samples.
  /// - Complexity: O(n_l · n_(l−1)).
  public func accumulate(into weights: inout Matrix, biases: inout [Double], scale: Double) {
    precondition(
      weights.rows == delta.count && weights.columns == previousActivation.count,
      "accumulate: a \(delta.count)x\(previousActivation.count) step into a "
        + "\(weights.rows)x\(weights.columns) matrix")
    let columns = weights.columns
    weights.storage.withUnsafeMutableBufferPointer { w in
      for j in 0..<delta.count {
        let dj = delta[j] * scale
        for k in 0..<columns { w[j * columns + k] += dj * previousActivation[k] }
      }
    }
    for j in 0..<delta.count { biases[j] += delta[j] * scale }
  }
}
