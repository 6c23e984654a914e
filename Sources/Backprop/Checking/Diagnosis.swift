/// The cause identifiers of the diagnosis.
public enum MistakeCause: String, CaseIterable, Sendable {
  /// The gradient is negated.
  case sign
  /// Off by a constant factor.
  case scale
  /// Summed over samples instead of averaged (factor = sample count).
  case sumInsteadOfMean = "sum-instead-of-mean"
  /// f′(z^L) left out at the output.
  case missingOutputDerivative = "missing-output-derivative"
  /// f′ applied to a instead of z.
  case derivativeOfActivation = "derivative-of-activation"
  /// ∂C/∂W^l built from a^l instead of a^(l−1).
  case previousActivation = "previous-activation"
  /// Bias gradients wrong, weights right.
  case bias
  /// W used where Wᵀ belongs in the δ recursion.
  case transpose
  /// A few entries wrong, the rest right.
  case isolatedEntries = "isolated-entries"
  /// None of the above.
  case unknown
}

/// One possible explanation of failing gradients: the cause, how well it fits, and the typed
/// facts a renderer words (`DiagnosisFinding.message(notation:spelling:)`).
public struct DiagnosisFinding: Equatable, Sendable {
  /// The cause.
  public var cause: MistakeCause
  /// How well the explanation fits, 0…1.
  public var confidence: Double
  /// What the finding says, with the facts its sentences cite.
  public var detail: DiagnosisDetail
  /// The entry the finding cites as an example, or `.none`.
  public var example: DiagnosisExample
  /// For `scale` and `sum-instead-of-mean`: the factor between given and correct gradients.
  public var factor: Double?
  /// The entries the finding is about (for `isolated-entries` and `bias`), or an example.
  public var entries: [ParameterIndex]

  /// Creates a finding.
  public init(
    cause: MistakeCause, confidence: Double, detail: DiagnosisDetail,
    example: DiagnosisExample = .none, factor: Double? = nil, entries: [ParameterIndex] = []
  ) {
    self.cause = cause
    self.confidence = confidence
    self.detail = detail
    self.example = example
    self.factor = factor
    self.entries = entries
  }
}

/// The entry a finding cites, with its two values.
public enum DiagnosisExample: Equatable, Sendable {
  /// No entry differs.
  case none
  /// The worst failing entry of the check: the analytic and numeric values.
  case worstFailure(ParameterIndex, analytic: Double, numeric: Double)
  /// The judged entry farthest from backprop: the given and the right values.
  case farthest(ParameterIndex, given: Double, right: Double)
}

/// What a finding says, with every fact its sentences cite.
public enum DiagnosisDetail: Equatable, Sendable {
  /// Every compared entry crossed a kink: nothing could be judged.
  case nothingJudged
  /// Every gradient is exactly zero while the right ones are not.
  case allZero
  /// The gradients agree with backprop: the finite differences are inaccurate.
  case finiteDifferencesInaccurate(FiniteDifferenceAdvice)
  /// Every gradient is negated.
  case sign
  /// Every gradient is `factor` = m times too large: summed over the samples, or the same
  /// factor from elsewhere (`constant`, for example), which m samples cannot tell apart.
  case sumInsteadOfMean(factor: Double, samples: Int, constant: LostConstant)
  /// The alternative to `sumInsteadOfMean`: a constant factor unrelated to the samples.
  case scaleAlternative(factor: Double, constant: LostConstant)
  /// Every gradient is off by one factor, named where recognisable.
  case scale(factor: Double, name: FactorName, constant: LostConstant)
  /// Backprop with `mistake` built in reproduces the gradients.
  case backpropMistake(BackpropMistake, network: NetworkFacts)
  /// Whole blocks are off by a constant factor while the rest agree.
  case blockScale([BlockFactor])
  /// A few entries wrong, the rest right.
  case isolatedEntries(wrong: [ParameterIndex], judged: Int)
  /// The weight gradients right, the biases of `layers` wrong, each `ratio` times the right
  /// value when they share one.
  case bias(layers: [Int], ratio: Double?)
  /// No pattern fits: the wrong entries block by block.
  case unexplained(UnexplainedPattern)
}

/// The facts about the network that the sentences of a backprop mistake cite.
public struct NetworkFacts: Equatable, Sendable {
  /// L, the number of layers.
  public var depth: Int
  /// The activation of every layer, in network order.
  public var activations: [Activation]
  /// The output activation.
  public var output: Activation { activations[depth - 1] }

  /// Creates the facts.
  public init(depth: Int, activations: [Activation]) {
    self.depth = depth
    self.activations = activations
  }
}

/// What to try when correct gradients fail the finite differences.
public enum FiniteDifferenceAdvice: Equatable, Sendable {
  /// The step is already the default in double precision, so the cost is probably large or a
  /// unit saturated: use `method`, which has no cancellation.
  case useMethod(SuggestedMethod)
  /// The method is already complex-step: look for overflow.
  case checkForOverflow
  /// Use the default step in double precision, or `method`.
  case useDefaultStepOrMethod(SuggestedMethod)
}

/// A finite-difference method the diagnosis suggests.
public enum SuggestedMethod: Equatable, Sendable {
  /// The complex step, free of cancellation.
  case complexStep

  /// The method the suggestion stands for.
  public var method: FiniteDifferenceMethod {
    switch self {
    case .complexStep: return .complexStep
    }
  }
}

/// The constant a scale mistake most likely lost or added, for the network's cost.
public enum LostConstant: Equatable, Sendable {
  /// A constant of the cost's own gradient, as the cost states it (the ½ of the quadratic
  /// cost, the 2/n of the mean squared error).
  case ofCost(CostConstant)
  /// A learning rate folded into the gradient.
  case learningRate
  /// A learning rate, or a stray constant in δ^L although the fused pair has none.
  case learningRateOrFusedDelta(output: Activation, cost: Cost)
}

/// A factor by name where recognisable, else as a number.
public enum FactorName: Equatable, Sendable {
  /// 0.5, 2, −0.5 or −2 (the value).
  case simple(Double)
  /// 1/m with m samples.
  case oneOverSamples(Int)
  /// m, the number of samples.
  case samples(Int)
  /// 2/n with n outputs.
  case twoOverOutputs(Int)
  /// n/2 with n outputs.
  case outputsOverTwo(Int)
  /// 1/n with n outputs.
  case oneOverOutputs(Int)
  /// n, the number of outputs.
  case outputs(Int)
  /// No name: the number itself.
  case number(Double)
}

/// A weight matrix or bias vector: W^l or b^l.
public struct ParameterBlock: Hashable, Sendable {
  /// The layer l.
  public var layer: Int
  /// W^l when true, b^l otherwise.
  public var isWeight: Bool

  /// Creates a block.
  public init(layer: Int, isWeight: Bool) {
    self.layer = layer
    self.isWeight = isWeight
  }
}

/// A block whose entries are all off by one factor.
public struct BlockFactor: Equatable, Sendable {
  /// The block.
  public var block: ParameterBlock
  /// The factor, given ≈ factor × right.
  public var factor: Double
  /// The factor by name.
  public var name: FactorName
}

/// The wrong entries block by block when no pattern fits.
public struct UnexplainedPattern: Equatable, Sendable {
  /// One block holding wrong entries.
  public struct WrongBlock: Equatable, Sendable {
    /// The block.
    public var block: ParameterBlock
    /// How many of its judged entries are wrong.
    public var wrong: Int
    /// How many of its entries were judged.
    public var judged: Int
    /// The least-squares ratio of given to right over the wrong entries, when defined.
    public var ratio: Double?
  }

  /// The blocks with wrong entries, W^1, b^1, W^2, … in order.
  public var blocks: [WrongBlock]
  /// The first layer holding a wrong entry.
  public var firstWrongLayer: Int?
  /// Only layer 1 is wrong in a network of two layers or more.
  public var onlyFirstLayerWrong: Bool
}
