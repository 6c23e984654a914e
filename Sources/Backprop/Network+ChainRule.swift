extension Network {
  /// ∂z^(l+1)/∂a^l = W^(l+1), a dense n_(l+1) x n_l Jacobian.
  public func preActivationJacobian(layer l: Int) -> Jacobian {
    Jacobian(of: .z(l + 1, sizes[l + 1]), withRespectTo: .a(l, sizes[l]), .dense(weights[l]))
  }

  /// The local Jacobians of one sample from the cost down to z^l, outermost first:
  /// ∂C/∂a^L, ∂a^L/∂z^L, ∂z^L/∂a^(L−1), ∂a^(L−1)/∂z^(L−1), …, ∂a^l/∂z^l.
  public func chainFactors(downTo l: Int, trace: ForwardTrace, target: [Double]) -> [Jacobian] {
    precondition((1...depth).contains(l), "layer \(l) is not in 1...\(depth)")
    var factors = [cost.jacobian(outputLayer: depth, a: trace.output, target: target)]
    var k = depth
    while true {
      factors.append(activations[k - 1].jacobian(layer: k, z: trace.z[k], a: trace.a[k]))
      if k == l { break }
      factors.append(preActivationJacobian(layer: k - 1))
      k -= 1
    }
    return factors
  }

  /// The chain rule for δ^l = ∂C/∂z^l of one sample, as an explicit product of Jacobians:
  /// `∂C/∂a^L · ∂a^L/∂z^L · ∂z^L/∂a^(L−1) · … · ∂a^l/∂z^l`.
  ///
  /// Its prefixes ending at ∂a^k/∂z^k evaluate to δ^k for every k ≥ l.
  public func chainRule(forDeltaOf l: Int, trace: ForwardTrace, target: [Double]) -> ChainRule {
    // Built from adjacent local Jacobians of one network, so the factors always fit.
    ChainRule(fitting: chainFactors(downTo: l, trace: trace, target: target))
  }
}
