/// A classic backpropagation mistake that changes the computation, not just a factor.
///
/// `Network.gradients(over:making:)` runs backprop with the mistake built in, so the
/// diagnosis can compare a user's gradients with what each mistake would produce.
public enum BackpropMistake: String, CaseIterable, Sendable {
  /// δ^L = ∂C/∂a^L: the factor ∂a^L/∂z^L (f′(z^L), or softmax's Jacobian) left out.
  case missingOutputDerivative = "missing-output-derivative"
  /// f′(a^l) in place of f′(z^l) in every layer (element-wise activations).
  case derivativeOfActivation = "derivative-of-activation"
  /// ∂C/∂W^l = δ^l (a^l)ᵀ instead of δ^l (a^(l−1))ᵀ; entries with k ≥ n_l are undefined
  /// (NaN), since the shapes only agree when n_l = n_(l−1).
  case previousActivation = "previous-activation"
  /// δ^l = W^(l+1) δ^(l+1) ⊙ f′(z^l) instead of (W^(l+1))ᵀ δ^(l+1) ⊙ f′(z^l); only possible
  /// when every W^(l+1) with l < L is square.
  case transpose

  /// The diagnosis cause this mistake is reported as.
  var cause: MistakeCause {
    switch self {
    case .missingOutputDerivative: return .missingOutputDerivative
    case .derivativeOfActivation: return .derivativeOfActivation
    case .previousActivation: return .previousActivation
    case .transpose: return .transpose
    }
  }
}

extension Network {
  /// The gradients of the mean cost that backprop with `mistake` would produce, or `nil` when
  /// the mistake cannot occur in this network (shapes that would not fit).
  /// - Complexity: O(m · Σ n_l n_(l−1)).
  public func gradients(over samples: [Sample], making mistake: BackpropMistake) -> Gradients? {
    gradients(over: samples, making: mistake, output: .elementwiseOnly)
  }

  /// Where `.derivativeOfActivation` reaches the output layer.
  enum OutputDerivativeVariant {
    /// f′(a^L) for an element-wise output; softmax's Jacobian stays right (the default).
    case elementwiseOnly
    /// The output layer is right: only the hidden layers use f′(a) (δ^L = a − y written
    /// directly, as for sigmoid with cross-entropy).
    case hiddenOnly
    /// Also a dense output Jacobian taken at a^L instead of z^L (softmax's at
    /// s = softmax(a^L), diag(s) − s sᵀ).
    case jacobianAtActivation
  }

  /// As `gradients(over:making:)`, with a choice of how `.derivativeOfActivation` treats the
  /// output layer.
  func gradients(
    over samples: [Sample], making mistake: BackpropMistake, output: OutputDerivativeVariant
  ) -> Gradients? {
    if mistake == .transpose {
      if depth < 2 { return nil }
      for l in 1..<depth where sizes[l] != sizes[l + 1] { return nil }
    }
    var mistaken = gradients(over: samples, steps: mistake.steps(output: output))
    mistaken.cost = nil
    return mistaken
  }
}

extension BackpropMistake {
  /// The real backward pass with this mistake injected at the one step it replaces.
  func steps(output: Network.OutputDerivativeVariant) -> BackpropSteps {
    var steps = BackpropSteps.backprop
    switch self {
    case .missingOutputDerivative:
      // δ^L = ∂C/∂a^L: the activation's factor left out.
      steps.outputDelta = { network, trace, target in
        network.cost.gradient(trace.output, target: target)
      }
    case .derivativeOfActivation:
      steps.outputDelta = { network, trace, target in
        let f = network.activations[network.depth - 1]
        let g = network.cost.gradient(trace.output, target: target)
        switch output {
        case .hiddenOnly:
          // δ^L = a − y written directly where the pair allows, right otherwise.
          return network.cost.fusedOutputDelta(
            a: trace.output, target: target, outputActivation: f)
            ?? f.backward(g, z: trace.z[network.depth], a: trace.a[network.depth])
        case .elementwiseOnly, .jacobianAtActivation:
          return network.derivativeAtActivation(
            g, layer: network.depth, trace: trace,
            jacobianAtActivation: output == .jacobianAtActivation)
        }
      }
      steps.hiddenDelta = { network, l, upstream, trace in
        network.derivativeAtActivation(upstream, layer: l, trace: trace)
      }
    case .previousActivation:
      // a^l in place of a^(l−1): entries with k ≥ n_l have no value (NaN).
      steps.weightInput = { network, l, trace in
        (0..<network.sizes[l - 1]).map { k in k < trace.a[l].count ? trace.a[l][k] : .nan }
      }
    case .transpose:
      // W^(l+1) δ^(l+1) in place of (W^(l+1))ᵀ δ^(l+1); the shapes are square.
      steps.upstream = { network, l, deltaAbove in network.weights[l].multiplied(by: deltaAbove) }
    }
    return steps
  }
}

extension Network {
  /// g ⊙ f′(a^l): the derivative evaluated at the activation instead of the weighted input.
  ///
  /// A dense Jacobian (softmax) stays right unless `jacobianAtActivation`.
  fileprivate func derivativeAtActivation(
    _ g: [Double], layer l: Int, trace: ForwardTrace, jacobianAtActivation: Bool = false
  ) -> [Double] {
    let f = activations[l - 1]
    guard f.isElementwise || jacobianAtActivation else {
      return f.backward(g, z: trace.z[l], a: trace.a[l])
    }
    return f.function.backwardAtActivation(g, a: trace.a[l])
  }
}
