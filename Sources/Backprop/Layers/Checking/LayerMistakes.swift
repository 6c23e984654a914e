/// A mistake people make in the backward pass of convolution, pooling and recurrent layers.
public enum LayerMistake: String, CaseIterable, Sendable {
  /// The kernel gradient (or the input gradient) taken with the kernel flipped:
  /// convolution where cross-correlation belongs, or the reverse.
  case flippedKernel = "flipped-kernel"
  /// Only ∂C/∂K flipped: the kernel gradient turned by 180°, ∂C/∂input right.
  case flippedKernelInKernelGradient = "flipped-kernel-in-kernel-gradient"
  /// Only ∂C/∂input flipped: computed with the kernel unflipped (a full cross-correlation of
  /// the incoming gradient with K where a full convolution belongs), ∂C/∂K right.
  case flippedKernelInInputGradient = "flipped-kernel-in-input-gradient"
  /// ∂C/∂K computed as a true convolution of the input with the incoming gradient
  /// (correlate(a, rot180 g)) where a cross-correlation belongs.
  case kernelGradientAsConvolution = "flipped-kernel-convolved-kernel-gradient"
  /// The filter gradient taken from the layer's outputs instead of its inputs.
  case filterGradientFromOutputs = "filter-gradient-from-outputs"
  /// The filter gradient of filter f taken from the layer's own output channel f (for every
  /// input channel) instead of the inputs.
  case filterGradientFromOwnOutputs = "filter-gradient-from-own-outputs"
  /// The filter-gradient-from-outputs mistakes reading the convolution's own output z, before
  /// the activation that follows it.
  case filterGradientFromPreActivationOutputs = "filter-gradient-from-pre-activation-outputs"
  /// The own-output variant read before the activation.
  case filterGradientFromOwnPreActivationOutputs =
    "filter-gradient-from-own-pre-activation-outputs"
  /// ∂C/∂input of a convolution not summed over the filters (the last one overwrites).
  case missingSumOverFilters = "missing-sum-over-filters"
  /// ∂C/∂input of a convolution not summed over the filters, the first filter's terms kept.
  case missingSumOverFiltersFirstKept = "missing-sum-over-filters-first-kept"
  /// A recurrent layer's parameter gradients not summed over the time steps (one step's
  /// contribution overwrites the others).
  case missingSumOverTime = "missing-sum-over-time"
  /// Back-propagation through time stopped after one step (truncated where full was asked).
  case truncatedBPTT = "truncated-bptt"
  /// The incoming gradient overwritten by the activation's derivative (δ = f′(z) instead of
  /// g ⊙ f′(z)).
  case derivativeOverwritesGradient = "derivative-overwrites-gradient"
  /// A tensor's gradient with the wrong sign (a step that moves up the gradient).
  case wrongSign = "wrong-sign"
  /// Every gradient negated: the dense diagnosis's `sign` (`MistakeCause.sign`).
  case sign
  /// Every gradient off by one factor: the dense `scale`.
  case scale
  /// Every gradient m times too large: the dense `sum-instead-of-mean`.
  case sumInsteadOfMean = "sum-instead-of-mean"
  /// The bias gradients wrong, every other tensor right: the dense `bias`.
  case bias
  /// W used where Wᵀ belongs in a dense layer's input gradient: the dense `transpose`.
  case transpose
}

/// A mistake that explains the failing entries, with where it was made.
public struct LayerMistakeFinding: Equatable, Sendable {
  /// The mistake.
  public var mistake: LayerMistake
  /// The tensor or layer it concerns such as `K1` or `layer 2`.
  public var site: String
  /// The share of compared entries the hypothesis reproduces, 0…1.
  public var agreement: Double
  /// For the causes shared with dense networks (sign, scale, sum instead of mean, bias): the
  /// dense diagnosis's finding, whose sentences (`DiagnosisFinding.message`) word it.
  public var cause: DiagnosisFinding?
  /// Other mistakes that give exactly the same gradients here: the check cannot tell them
  /// apart from this one.
  public var indistinguishableFrom: [LayerMistake] = []

  /// Creates a finding.
  public init(
    mistake: LayerMistake, site: String, agreement: Double, cause: DiagnosisFinding? = nil,
    indistinguishableFrom: [LayerMistake] = []
  ) {
    self.mistake = mistake
    self.site = site
    self.agreement = agreement
    self.cause = cause
    self.indistinguishableFrom = indistinguishableFrom
  }
}

/// Names the mistakes behind a failed check of a layered network: first the causes shared
/// with dense networks, found by the dense diagnosis's own tests over the whole gradient
/// and tensor by tensor (`LayerMistakes+DenseCauses`), then the layers' own mistakes
/// (`LayerMistakes+Hypotheses`).
public enum LayerMistakes {
  /// The findings for `report`, best first (see `LayerMistakes+Hypotheses`): the dense
  /// causes when they explain the gradients, else the layers' own mistakes, dense causes
  /// combined with them (`LayerMistakes+CombinedCauses`).
  public static func diagnose(
    network: LayeredNetwork, samples: [Sample], analytic: [Double], report: LayerCheckReport
  ) -> [LayerMistakeFinding] {
    let shared = denseCauses(network: network, samples: samples, analytic: analytic, report: report)
    // A factor that leaves some entries unexplained may come with a layer mistake: the
    // layered search (which tries the factor on top of each hypothesis) names both.
    let partialFactor =
      shared.count == 1 && [.sign, .scale, .sumInsteadOfMean].contains(shared[0].mistake)
      && shared[0].agreement < 1
    if !shared.isEmpty && !partialFactor { return shared }
    let layered = explain(
      network: network, samples: samples, analytic: analytic, report: report)
    return layered.isEmpty ? shared : layered
  }
}
