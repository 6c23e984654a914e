/// One compared entry of a model's tensor.
public struct ModelEntryCheck: Equatable, Sendable {
  /// The multi-index.
  public var index: [Int]
  /// The program's gradient.
  public var analytic: Double
  /// The finite-difference estimate.
  public var numeric: Double
  /// Whether they agree within the tolerance.
  public var passed: Bool

  /// Creates an entry check.
  public init(index: [Int], analytic: Double, numeric: Double, passed: Bool) {
    self.index = index
    self.analytic = analytic
    self.numeric = numeric
    self.passed = passed
  }
}

/// The likely mistake behind a tensor's failing entries, judged without knowing the model.
public enum TensorDiagnosis: Equatable, Sendable {
  /// The gradient is the negative of the right one.
  case sign
  /// The gradient is the right one times a constant factor.
  case scale(factor: Double)
  /// The gradient is the right one with its last two axes swapped.
  case transpose
  /// A few entries are wrong, the rest right.
  case isolatedEntries([[Int]])
  /// None of these.
  case unknown

  /// The identifier used in reports: `sign`, `scale`, `transpose`, `isolated-entries` or
  /// `unknown`.
  public var name: String {
    switch self {
    case .sign: return "sign"
    case .scale: return "scale"
    case .transpose: return "transpose"
    case .isolatedEntries: return "isolated-entries"
    case .unknown: return "unknown"
    }
  }
}

/// The check of one named tensor.
public struct TensorReport: Equatable, Sendable {
  /// The tensor's name.
  public var name: String
  /// Its shape.
  public var shape: [Int]
  /// The compared entries, in the order checked.
  public var entries: [ModelEntryCheck]
  /// The diagnosis, when some entries fail.
  public var diagnosis: TensorDiagnosis?

  /// Creates a report.
  public init(name: String, shape: [Int], entries: [ModelEntryCheck], diagnosis: TensorDiagnosis?) {
    self.name = name
    self.shape = shape
    self.entries = entries
    self.diagnosis = diagnosis
  }

  /// How many entries were compared.
  public var checked: Int { entries.count }
  /// How many disagree.
  public var failures: Int { entries.filter { !$0.passed }.count }
  /// The entry with the largest relative error.
  public var worst: ModelEntryCheck? {
    entries.max {
      Tolerance.relativeError($0.analytic, $0.numeric)
        < Tolerance.relativeError($1.analytic, $1.numeric)
    }
  }
}

/// What a protocol-2 check found.
public struct ModelReport: Equatable, Sendable {
  /// The finite-difference method.
  public var method: FiniteDifferenceMethod
  /// The step.
  public var epsilon: Double
  /// The tolerance in use (atol scaled by max(1, |loss|) unless given).
  public var tolerance: Tolerance
  /// The loss the program reported with its gradient.
  public var loss: Double
  /// One report per tensor, in the program's order.
  public var tensors: [TensorReport]
  /// Requests sent, the gradient and parameter requests included.
  public var requests: Int
  /// The directional screen's summary, when one ran.
  public var directional: DirectionalSummary?

  /// Creates a report.
  public init(
    method: FiniteDifferenceMethod, epsilon: Double, tolerance: Tolerance, loss: Double,
    tensors: [TensorReport], requests: Int, directional: DirectionalSummary? = nil
  ) {
    self.directional = directional
    self.method = method
    self.epsilon = epsilon
    self.tolerance = tolerance
    self.loss = loss
    self.tensors = tensors
    self.requests = requests
  }

  /// Entries compared in all.
  public var checked: Int { tensors.reduce(0) { $0 + $1.checked } }
  /// Entries that disagree in all.
  public var failures: Int { tensors.reduce(0) { $0 + $1.failures } }
  /// Whether every compared entry (and direction) agrees.
  public var passed: Bool { failures == 0 && (directional?.failedDirections ?? 0) == 0 }
}
