/// The comparison of one parameter of a layered network.
public struct TensorEntryCheck: Equatable, Sendable {
  /// The flat index in the network's parameters.
  public var index: Int
  /// Its name such as `K1[0,0,1,2]`.
  public var name: String
  /// The tensor's name such as `K1`.
  public var tensor: String
  /// The gradient being checked.
  public var analytic: Double
  /// The finite-difference estimate.
  public var numeric: Double
  /// The status (kink: a step changed a relu's side or a max-pool's winner).
  public var status: EntryCheck.Status
  /// For kinks: the re-check with steps clear of every kink, when one was found.
  public var recheck: KinkRecheck?

  /// Creates an entry.
  public init(
    index: Int, name: String, tensor: String, analytic: Double, numeric: Double,
    status: EntryCheck.Status, recheck: KinkRecheck? = nil
  ) {
    self.index = index
    self.name = name
    self.tensor = tensor
    self.analytic = analytic
    self.numeric = numeric
    self.status = status
    self.recheck = recheck
  }

  /// |analytic − numeric|.
  public var absoluteError: Double { abs(analytic - numeric) }
  /// |a − n| / max(|a|, |n|).
  public var relativeError: Double { Tolerance.relativeError(analytic, numeric) }
}

/// Totals for one parameter tensor.
public struct TensorCheckSummary: Equatable, Sendable {
  /// The tensor's name such as `K1`.
  public var name: String
  /// Its shape.
  public var shape: [Int]
  /// How many entries were compared.
  public var checked = 0
  /// How many disagree.
  public var failures = 0
  /// How many crossed a kink.
  public var kinks = 0
  /// The largest |a − n| over judged entries.
  public var maxAbsoluteError = 0.0
  /// The largest relative error over judged entries.
  public var maxRelativeError = 0.0
  /// The entry closest to failing (or failing worst), judged entries first.
  public var worst: TensorEntryCheck?

  /// Creates an empty summary.
  public init(name: String, shape: [Int]) {
    self.name = name
    self.shape = shape
  }

  /// Whether no entry failed.
  public var passed: Bool { failures == 0 }
}

/// What a gradient check of a layered network found, tensor by tensor.
public struct LayerCheckReport: Equatable, Sendable {
  /// The finite-difference method.
  public var method: FiniteDifferenceMethod
  /// The step.
  public var epsilon: Double
  /// The tolerance rule.
  public var tolerance: Tolerance
  /// The precision of the cost evaluations.
  public var precision: Precision
  /// The architecture, as `--arch` text.
  public var architecture: String
  /// The number of samples the cost averages over.
  public var sampleCount: Int
  /// Every compared entry, in storage order.
  public var entries: [TensorEntryCheck]
  /// One summary per tensor, in storage order.
  public var tensors: [TensorCheckSummary]
  /// The directional screen, when it was used.
  public var directional: DirectionalSummary?
  /// Units sitting exactly on a kink at the checked point (relu z = 0, max-pool ties).
  public var unitsAtKink: Int
  /// The network's mean cost.
  public var cost: Double?
  /// The cost stated with the gradients, when there was one.
  public var statedCost: Double?
  /// Likely mistakes, best first; empty when the check passed or none fits.
  public var diagnosis: [LayerMistakeFinding] = []
  /// Whether the known mistakes were tried (a failed check with diagnosis on): an empty
  /// `diagnosis` then means none fits.
  public var diagnosed = false

  /// Builds the report and the per-tensor summaries.
  public init(
    method: FiniteDifferenceMethod, epsilon: Double, tolerance: Tolerance, precision: Precision,
    architecture: String, sampleCount: Int, tensors: [(name: String, shape: [Int])],
    entries: [TensorEntryCheck], directional: DirectionalSummary? = nil, unitsAtKink: Int = 0
  ) {
    self.method = method
    self.epsilon = epsilon
    self.tolerance = tolerance
    self.precision = precision
    self.architecture = architecture
    self.sampleCount = sampleCount
    self.entries = entries
    self.directional = directional
    self.unitsAtKink = unitsAtKink
    var summaries = tensors.map { TensorCheckSummary(name: $0.name, shape: $0.shape) }
    var worstExcess = [Double](repeating: -1, count: summaries.count)
    for e in entries {
      guard let t = summaries.firstIndex(where: { $0.name == e.tensor }) else { continue }
      summaries[t].checked += 1
      var excess = tolerance.excess(e.analytic, e.numeric)
      switch e.status {
      case .failed: summaries[t].failures += 1
      case .kink:
        summaries[t].kinks += 1
        excess = -0.5
      case .passed: break
      }
      if e.status != .kink {
        summaries[t].maxAbsoluteError = max(summaries[t].maxAbsoluteError, e.absoluteError)
        let r = e.relativeError
        summaries[t].maxRelativeError = max(
          summaries[t].maxRelativeError, r.isNaN ? .infinity : r)
      }
      if excess > worstExcess[t] {
        worstExcess[t] = excess
        summaries[t].worst = e
      }
    }
    self.tensors = summaries
  }

  /// Whether the stated cost differs from the network's by more than 1e-6 · max(1, |C|):
  /// the gradients may belong to another network or other samples (as `CheckReport`).
  public var costMismatch: Bool {
    guard let c = cost, let s = statedCost else { return false }
    if !c.isFinite || !s.isFinite { return c != s }
    return abs(s - c) > 1e-6 * max(1, abs(c))
  }

  /// How many entries were compared.
  public var parametersChecked: Int { entries.count }
  /// How many disagree.
  public var failures: Int { entries.filter { $0.status == .failed }.count }
  /// How many crossed a kink.
  public var kinks: Int { entries.filter { $0.status == .kink }.count }
  /// Whether every judged entry and direction agrees.
  public var passed: Bool { failures == 0 && (directional?.failedDirections ?? 0) == 0 }
  /// The largest relative error over judged entries.
  public var maxRelativeError: Double { tensors.map(\.maxRelativeError).max() ?? 0 }
  /// The failing entry with the largest relative error (a NaN counts as infinite).
  public var worstFailure: TensorEntryCheck? {
    failedEntries.max {
      let (a, b) = ($0.relativeError, $1.relativeError)
      return (a.isNaN ? .infinity : a) < (b.isNaN ? .infinity : b)
    }
  }

  /// Whether the known mistakes were tried and none fits the failing entries.
  public var unexplained: Bool { diagnosed && diagnosis.isEmpty && failures > 0 }

  /// The failing entries.
  public var failedEntries: [TensorEntryCheck] { entries.filter { $0.status == .failed } }
}
