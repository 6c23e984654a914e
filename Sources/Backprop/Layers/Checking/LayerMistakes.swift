/// A mistake people make in the backward pass of convolution, pooling and recurrent layers.
public enum LayerMistake: String, CaseIterable, Sendable {
  /// The kernel gradient (or the input gradient) taken with the kernel flipped:
  /// convolution where cross-correlation belongs, or the reverse.
  case flippedKernel = "flipped-kernel"
  /// The filter gradient taken from the layer's outputs instead of its inputs.
  case filterGradientFromOutputs = "filter-gradient-from-outputs"
  /// The filter gradient of filter f taken from the layer's own output channel f (for every
  /// input channel) instead of the inputs.
  case filterGradientFromOwnOutputs = "filter-gradient-from-own-outputs"
  /// ∂C/∂input of a convolution not summed over the filters (the last one overwrites).
  case missingSumOverFilters = "missing-sum-over-filters"
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
}

/// A mistake that explains the failing entries, with where it was made.
public struct LayerMistakeFinding: Equatable, Sendable {
  /// The mistake.
  public var mistake: LayerMistake
  /// The tensor or layer it concerns such as `K1` or `layer 2`.
  public var site: String
  /// The share of compared entries the hypothesis reproduces, 0…1.
  public var agreement: Double

  /// Creates a finding.
  public init(mistake: LayerMistake, site: String, agreement: Double) {
    self.mistake = mistake
    self.site = site
    self.agreement = agreement
  }
}

/// Names the mistakes behind a failed check of a layered network.
public enum LayerMistakes {
  /// The findings for `report`, best first (see `LayerMistakes+Hypotheses`).
  public static func diagnose(
    network: LayeredNetwork, samples: [Sample], analytic: [Double], report: LayerCheckReport
  ) -> [LayerMistakeFinding] {
    explain(network: network, samples: samples, analytic: analytic, report: report)
  }
}
