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

  /// Why this mistake cannot happen in `network` with `sampleCount` samples, or `nil` when
  /// it can.
  public func obstacle(in network: Network, sampleCount: Int) -> MistakeObstacle? {
    switch self {
    case .transpose:
      if network.depth < 2 { return .noHiddenLayer }
      for l in 1..<network.depth where network.sizes[l] != network.sizes[l + 1] {
        return .nonSquareWeights
      }
      return nil
    case .sumInsteadOfMean:
      return sampleCount < 2 ? .singleSample : nil
    case .derivativeOfActivation:
      // f′(a) = f′(z) for relu, leaky relu and the identity; softmax's Jacobian stays right.
      let affected = network.activations.contains {
        $0.isElementwise && $0.function.derivativeAtActivation != nil
      }
      return affected ? nil : .sameDerivativeAtActivation
    case .sign, .scale, .missingOutputDerivative, .previousActivation, .bias:
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

/// Why a mistake cannot happen in a network.
public enum MistakeObstacle: Equatable, Sendable {
  /// `transpose` needs every W^(l+1) of a hidden layer square.
  case nonSquareWeights
  /// `transpose` needs a hidden layer.
  case noHiddenLayer
  /// `sum-instead-of-mean` changes nothing with one sample.
  case singleSample
  /// `derivative-of-activation` changes nothing: every layer's f′(a) equals f′(z) (relu,
  /// leaky relu, identity) or its Jacobian is not taken element-wise (softmax).
  case sameDerivativeAtActivation
}
