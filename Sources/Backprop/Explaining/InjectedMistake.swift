/// A classic mistake `Derivation.explain` can build into backpropagation: each cause the
/// diagnosis names that one step of a buggy program produces.
///
/// The four that change the computation itself are `BackpropMistake`s; the others are a
/// factor or a left-out term at one step.
public enum InjectedMistake: String, CaseIterable, Sendable {
  /// δ^L = −(∂a^L/∂z^L)ᵀ ∇ₐC, as from y − a for a − y: every δ and gradient negated.
  case sign
  /// δ^L = 2 (∂a^L/∂z^L)ᵀ ∇ₐC, as when the ½ of ½‖a − y‖² is dropped from the derivative:
  /// every δ and gradient times `scaleFactor`.
  case scale
  /// The gradients summed over the samples instead of averaged: every gradient times m.
  case sumInsteadOfMean = "sum-instead-of-mean"
  /// δ^L = ∇ₐC: the factor ∂a^L/∂z^L left out.
  case missingOutputDerivative = "missing-output-derivative"
  /// f′(a^l) in place of f′(z^l).
  case derivativeOfActivation = "derivative-of-activation"
  /// ∂C/∂W^l = δ^l (a^l)ᵀ instead of δ^l (a^(l−1))ᵀ.
  case previousActivation = "previous-activation"
  /// ∂C/∂b^l = 0 instead of δ^l: the biases left out of the backward pass.
  case bias
  /// W^(l+1) δ^(l+1) in place of (W^(l+1))ᵀ δ^(l+1) in the δ recursion.
  case transpose

  /// The factor `scale` multiplies δ^L by.
  public static let scaleFactor = 2.0

  /// The diagnosis cause this mistake is reported as.
  public var cause: MistakeCause {
    switch self {
    case .sign: return .sign
    case .scale: return .scale
    case .sumInsteadOfMean: return .sumInsteadOfMean
    case .missingOutputDerivative: return .missingOutputDerivative
    case .derivativeOfActivation: return .derivativeOfActivation
    case .previousActivation: return .previousActivation
    case .bias: return .bias
    case .transpose: return .transpose
    }
  }

  /// The mistake as the diagnosis simulates it, for the four that change the computation.
  var backpropMistake: BackpropMistake? {
    switch self {
    case .missingOutputDerivative: return .missingOutputDerivative
    case .derivativeOfActivation: return .derivativeOfActivation
    case .previousActivation: return .previousActivation
    case .transpose: return .transpose
    case .sign, .scale, .sumInsteadOfMean, .bias: return nil
    }
  }

  /// Why this mistake cannot happen in `network` with `sampleCount` samples, or changes
  /// nothing in it whatever the samples, or `nil` when it can change something.
  ///
  /// What each mistake changes decides when it changes nothing: `transpose` swaps Wˡ⁺¹ for
  /// its transpose (nothing when every such W is symmetric), `sum-instead-of-mean` the 1/m
  /// (nothing with m = 1), `missing-output-derivative` the factor f′(zᴸ) (nothing for the
  /// identity, f′ = 1), `derivative-of-activation` f′(z) for f′(a) (nothing when they agree
  /// for every layer). `sign`, `scale`, `previous-activation` and `bias` change something in
  /// every network; whether they do for given samples is `MistakenBackprop.unchangedReason`.
  public func obstacle(in network: Network, sampleCount: Int) -> MistakeObstacle? {
    switch self {
    case .transpose:
      if network.depth < 2 { return .noHiddenLayer }
      for l in 1..<network.depth where network.sizes[l] != network.sizes[l + 1] {
        return .nonSquareWeights
      }
      let symmetric = (2...network.depth).allSatisfy { l in
        let w = network.weight(l)
        return (0..<w.rows).allSatisfy { j in (0..<j).allSatisfy { k in w[j, k] == w[k, j] } }
      }
      return symmetric ? .symmetricWeights : nil
    case .sumInsteadOfMean:
      return sampleCount < 2 ? .singleSample : nil
    case .missingOutputDerivative:
      return network.activations[network.depth - 1] == .identity ? .identityOutput : nil
    case .derivativeOfActivation:
      // f′(a) = f′(z) for relu, leaky relu and the identity; softmax's Jacobian stays right.
      let affected = network.activations.contains {
        $0.isElementwise && $0.function.derivativeAtActivation != nil
      }
      return affected ? nil : .sameDerivativeAtActivation
    case .sign, .scale, .previousActivation, .bias:
      return nil
    }
  }

  /// The steps of one sample's backward pass with this mistake, where it lives there.
  var steps: BackpropSteps {
    if let m = backpropMistake { return m.steps(output: .elementwiseOnly) }
    var steps = BackpropSteps.backprop
    switch self {
    case .sign:
      steps.outputDelta = { network, trace, target in
        network.outputDelta(trace, target: target).map { -$0 }
      }
    case .scale:
      steps.outputDelta = { network, trace, target in
        network.outputDelta(trace, target: target).map { Self.scaleFactor * $0 }
      }
    default: break
    }
    return steps
  }
}

/// Why a mistake cannot happen in a network, or changes nothing there.
public enum MistakeObstacle: Equatable, Sendable {
  /// `transpose` needs every W^(l+1) of a hidden layer square.
  case nonSquareWeights
  /// `transpose` needs a hidden layer.
  case noHiddenLayer
  /// `transpose` changes nothing: every W^(l+1) of a hidden layer is symmetric (a 1×1
  /// matrix, say), so it equals its transpose.
  case symmetricWeights
  /// `sum-instead-of-mean` changes nothing with one sample.
  case singleSample
  /// `missing-output-derivative` changes nothing: the output activation is the identity,
  /// whose f′ is 1.
  case identityOutput
  /// `derivative-of-activation` changes nothing: every layer's f′(a) equals f′(z) (relu,
  /// leaky relu, identity) or its Jacobian is not taken element-wise (softmax).
  case sameDerivativeAtActivation
  /// The mistake changes nothing for these samples: every error δ of every sample is 0
  /// (each output where the cost is flat, or no unit passing a gradient back), and so is
  /// every gradient, right or mistaken.
  case zeroErrors
  /// `missing-output-derivative` changes nothing for these samples: f′(zᴸ) is exactly 1 at
  /// every output of every sample (a relu-type output with every z > 0).
  case unitOutputDerivative
  /// The mistake changes no error and no gradient for these samples, although it could
  /// for others.
  case unchangedForSamples

  /// Whether the mistake is impossible (else it is possible but changes nothing).
  public var isImpossible: Bool { self == .nonSquareWeights || self == .noHiddenLayer }
}
