/// What to check and how: method, step, tolerances, precision, and which entries.
public struct GradientCheckOptions: Equatable, Sendable {
  /// How perturbed costs are computed.
  public enum Strategy: String, Sendable {
    /// `batched` when the per-entry work (entries × samples × parameters) exceeds
    /// `GradientCheck.batchingThreshold`, `incremental` below it, where a check takes
    /// milliseconds either way and small examples keep their printed digits.
    case automatic
    /// In double precision with real steps, every perturbation of a neuron's row goes up the
    /// network as one block of columns (`BatchedEvaluator`), on every core; elsewhere (float,
    /// complex step, softmax below the output) as `incremental`.
    case batched
    /// The incremental evaluator: only the layers a perturbation touches are recomputed.
    case incremental
    /// A full forward pass per perturbation: the naive baseline, for comparison and benchmarks.
    case fullForward = "full-forward"
  }

  /// The finite-difference method.
  public var method: FiniteDifferenceMethod
  /// The step, or `nil` for the method's default in `precision`.
  public var epsilon: Double?
  /// The relative tolerance, or `nil` for the method's default.
  public var rtol: Double?
  /// The absolute tolerance, or `nil` for the method's default.
  public var atol: Double?
  /// The precision of the cost evaluations.
  public var precision: Precision
  /// Check only this many randomly chosen entries of each weight matrix and bias vector.
  public var entriesPerBlock: Int?
  /// Screen with this many random directions instead of checking every entry.
  public var directions: Int?
  /// The seed for sampled entries and directions.
  public var seed: UInt64
  /// How perturbed costs are computed.
  public var strategy: Strategy
  /// Whether to diagnose failures.
  public var diagnose: Bool

  /// Creates options; every default is the documented one.
  public init(
    method: FiniteDifferenceMethod = .central, epsilon: Double? = nil, rtol: Double? = nil,
    atol: Double? = nil, precision: Precision = .double, entriesPerBlock: Int? = nil,
    directions: Int? = nil, seed: UInt64 = 0, strategy: Strategy = .automatic,
    diagnose: Bool = true
  ) {
    self.method = method
    self.epsilon = epsilon
    self.rtol = rtol
    self.atol = atol
    self.precision = precision
    self.entriesPerBlock = entriesPerBlock
    self.directions = directions
    self.seed = seed
    self.strategy = strategy
    self.diagnose = diagnose
  }

  /// The step in use: `epsilon` or the default for the method and precision.
  public var resolvedEpsilon: Double {
    epsilon
      ?? (precision == .float ? method.defaultFloatEpsilon : method.defaultEpsilon)
  }

  /// The tolerance in use.
  public var resolvedTolerance: Tolerance {
    let d = method.defaultTolerances(precision: precision)
    return Tolerance(rtol: rtol ?? d.rtol, atol: atol ?? d.atol)
  }
}

/// Why a check could not run.
public enum GradientCheckError: Error, Equatable, CustomStringConvertible {
  /// An option is out of range; the message names it.
  case invalidOption(String)
  /// The gradients do not have the network's shapes.
  case shapeMismatch(String)
  /// The network needs at least one sample, and each must fit it.
  case invalidSamples(String)
  /// The forward pass gives a value that is not finite: nothing can be compared.
  case nonFinite(NonFiniteValue)

  /// The message.
  public var description: String {
    switch self {
    case .invalidOption(let m), .shapeMismatch(let m), .invalidSamples(let m): return m
    case .nonFinite(let value): return "not finite: \(value)"
    }
  }
}
