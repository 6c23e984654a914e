/// The comparison of one parameter of a layered network.
public struct TensorEntryCheck: ComparedEntry, Equatable, Sendable {
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

  /// The summary of `tally`'s entries.
  init(name: String, shape: [Int], tally: CheckTally<TensorEntryCheck>) {
    self.init(name: name, shape: shape)
    checked = tally.checked
    failures = tally.failures
    kinks = tally.kinks
    maxAbsoluteError = tally.maxAbsoluteError
    maxRelativeError = tally.maxRelativeError
    worst = tally.worst
  }

  /// Whether no entry failed.
  public var passed: Bool { failures == 0 }
}

/// What a gradient check of a layered network found, tensor by tensor.
public struct LayerCheckReport: CheckTotals, Equatable, Sendable {
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
  /// Whether a dense layer's tensors print as the dense report names them.
  ///
  /// On (`W¹`, `b¹`) as gradcheck prints them; off (`W1`, `b1`) as stored, as nn-explain's
  /// other sections name them. Other tensors (`K1`, `Wf2`) always keep their names.
  public var superscriptsDenseLayers = true

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
    var tallies = [CheckTally<TensorEntryCheck>](repeating: CheckTally(), count: tensors.count)
    for e in entries {
      guard let t = tensors.firstIndex(where: { $0.name == e.tensor }) else { continue }
      tallies[t].add(e, tolerance: tolerance)
    }
    let summaries = zip(tensors, tallies).map {
      TensorCheckSummary(name: $0.name, shape: $0.shape, tally: $1)
    }
    self.tensors = summaries
  }

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

}
