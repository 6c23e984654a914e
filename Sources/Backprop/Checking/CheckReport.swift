/// The comparison of one parameter's analytic and numeric derivative.
public struct EntryCheck: Equatable, Sendable {
  /// How the comparison came out.
  public enum Status: String, Sendable {
    /// |a − n| ≤ atol + rtol · max(|a|, |n|).
    case passed
    /// The difference exceeds the tolerance.
    case failed
    /// A step crossed a relu kink: not judged, counted apart.
    case kink
  }

  /// Which parameter.
  public var index: ParameterIndex
  /// The gradient being checked.
  public var analytic: Double
  /// The finite-difference estimate.
  public var numeric: Double
  /// The status.
  public var status: Status
  /// For kinks: the re-check with a smaller or one-sided step, when one was possible.
  public var recheck: KinkRecheck?

  /// Creates an entry.
  public init(
    index: ParameterIndex, analytic: Double, numeric: Double, status: Status,
    recheck: KinkRecheck? = nil
  ) {
    self.index = index
    self.analytic = analytic
    self.numeric = numeric
    self.status = status
    self.recheck = recheck
  }
}

/// The tolerance rule: a parameter passes when |a − n| ≤ atol + rtol · max(|a|, |n|).
public struct Tolerance: Equatable, Sendable {
  /// Relative tolerance.
  public var rtol: Double
  /// Absolute tolerance.
  public var atol: Double

  /// Creates a tolerance.
  public init(rtol: Double, atol: Double) {
    self.rtol = rtol
    self.atol = atol
  }

  /// Whether `a` and `n` agree.
  ///
  /// NaN never agrees.
  public func accepts(_ a: Double, _ n: Double) -> Bool {
    abs(a - n) <= atol + rtol * max(abs(a), abs(n))
  }

  /// |a − n| / (atol + rtol · max(|a|, |n|)): above 1 means a failure.
  public func excess(_ a: Double, _ n: Double) -> Double {
    let bound = atol + rtol * max(abs(a), abs(n))
    let d = abs(a - n)
    if d.isNaN { return .infinity }
    return bound > 0 ? d / bound : (d == 0 ? 0 : .infinity)
  }

  /// |a − n| / max(|a|, |n|), 0 when both are 0.
  public static func relativeError(_ a: Double, _ n: Double) -> Double {
    let scale = max(abs(a), abs(n))
    let d = abs(a - n)
    if d.isNaN { return .nan }
    return scale == 0 ? 0 : d / scale
  }
}

/// Totals for one parameter kind (W^l or b^l) of one layer.
public struct BlockSummary: Equatable, Sendable {
  /// The shape: `[rows, columns]` for weights, `[rows]` for biases.
  public var shape: [Int]
  /// How many entries were compared.
  public var checked: Int
  /// How many disagree.
  public var failures: Int
  /// How many crossed a kink.
  public var kinks: Int
  /// The largest |a − n| over judged entries (not kinks).
  public var maxAbsoluteError: Double
  /// The largest relative error over judged entries.
  public var maxRelativeError: Double
  /// The entry closest to failing (or failing worst), judged entries first.
  public var worst: EntryCheck?

  /// Creates a summary.
  public init(
    shape: [Int], checked: Int = 0, failures: Int = 0, kinks: Int = 0,
    maxAbsoluteError: Double = 0, maxRelativeError: Double = 0, worst: EntryCheck? = nil
  ) {
    self.shape = shape
    self.checked = checked
    self.failures = failures
    self.kinks = kinks
    self.maxAbsoluteError = maxAbsoluteError
    self.maxRelativeError = maxRelativeError
    self.worst = worst
  }

  /// The summary of `tally`'s entries.
  init(shape: [Int], tally: CheckTally<EntryCheck>) {
    self.init(
      shape: shape, checked: tally.checked, failures: tally.failures, kinks: tally.kinks,
      maxAbsoluteError: tally.maxAbsoluteError, maxRelativeError: tally.maxRelativeError,
      worst: tally.worst)
  }

  /// Whether no entry failed.
  public var passed: Bool { failures == 0 }
}

/// The summaries of W^l and b^l.
public struct LayerSummary: Equatable, Sendable {
  /// The layer number l, 1…L.
  public var layer: Int
  /// W^l.
  public var weights: BlockSummary
  /// b^l.
  public var biases: BlockSummary

  /// Creates a layer summary.
  public init(layer: Int, weights: BlockSummary, biases: BlockSummary) {
    self.layer = layer
    self.weights = weights
    self.biases = biases
  }
}

/// The outcome of the directional screen: N random unit directions d, ⟨g, d⟩ against a
/// finite difference along d; failing directions are bisected down to entries.
public struct DirectionalSummary: Equatable, Sendable {
  /// How many directions were tried.
  public var directions: Int
  /// How many disagreed (with steps clear of every kink, when the default step crossed one).
  public var failedDirections: Int
  /// How many crossed a relu or leaky-relu kink at the default step and were not judged
  /// failed: either a re-check with steps clear of every kink agreed, or no such step was
  /// found and the bisected entries were judged one by one instead.
  public var kinkedDirections: Int
  /// The largest relative error of ⟨g, d⟩.
  public var maxRelativeError: Double
  /// Finite-difference evaluations along blocks of coordinates used by the bisection.
  public var bisectionSteps: Int
  /// Whether every entry was then checked one by one: a direction failed (layered
  /// networks) or crossed a kink (both kinds), so the entries, not the directions, decide
  /// the verdict.
  public var checkedEveryEntry = false

  /// Creates a summary.
  public init(
    directions: Int, failedDirections: Int, maxRelativeError: Double, bisectionSteps: Int,
    kinkedDirections: Int = 0
  ) {
    self.directions = directions
    self.failedDirections = failedDirections
    self.kinkedDirections = kinkedDirections
    self.maxRelativeError = maxRelativeError
    self.bisectionSteps = bisectionSteps
  }
}

/// Everything a gradient check found: totals, per-layer summaries, every compared entry and
/// the diagnosis.
///
/// Renderers turn it into text, JSON or Markdown.
public struct CheckReport: CheckTotals, Equatable, Sendable {
  /// The finite-difference method.
  public var method: FiniteDifferenceMethod
  /// The step.
  public var epsilon: Double
  /// The tolerance rule.
  public var tolerance: Tolerance
  /// The precision the cost was evaluated in.
  public var precision: Precision
  /// The layer sizes of the network.
  public var sizes: [Int]
  /// The number of samples the cost averages over.
  public var sampleCount: Int
  /// Every compared entry, in canonical order.
  public var entries: [EntryCheck]
  /// One summary per layer.
  public var layers: [LayerSummary]
  /// The directional screen, when it was used.
  public var directional: DirectionalSummary?
  /// The most likely causes of the failures, best first; empty when the check passed.
  public var diagnosis: [DiagnosisFinding]
  /// The network's mean cost over the samples, when the check computed it.
  public var cost: Double?
  /// The `"cost"` stated in the gradient file, when there was one.
  public var statedCost: Double?
  /// The method's default atol before it was multiplied by the mean cost's size |C| > 1,
  /// `nil` when `tolerance.atol` is not scaled (given explicitly, |C| ≤ 1, complex step).
  public var defaultAtol: Double?

  /// Whether every compared gradient, analytic and numeric, is exactly zero (a dead
  /// network): the check then passes trivially and proves nothing about the backward pass.
  ///
  /// Not a failure by itself.
  public var everyGradientZero: Bool {
    !entries.isEmpty && entries.allSatisfy { $0.analytic == 0 && $0.numeric == 0 }
  }

  /// Builds the report and its per-layer summaries from the compared entries.
  public init(
    method: FiniteDifferenceMethod, epsilon: Double, tolerance: Tolerance, precision: Precision,
    sizes: [Int], sampleCount: Int, entries: [EntryCheck],
    directional: DirectionalSummary? = nil, diagnosis: [DiagnosisFinding] = []
  ) {
    self.method = method
    self.epsilon = epsilon
    self.tolerance = tolerance
    self.precision = precision
    self.sizes = sizes
    self.sampleCount = sampleCount
    self.entries = entries
    self.directional = directional
    self.diagnosis = diagnosis
    var layers: [LayerSummary] = []
    for l in 1..<max(sizes.count, 1) {
      layers.append(
        LayerSummary(
          layer: l, weights: BlockSummary(shape: [sizes[l], sizes[l - 1]]),
          biases: BlockSummary(shape: [sizes[l]])))
    }
    var tallies = [CheckTally<EntryCheck>](repeating: CheckTally(), count: 2 * layers.count)
    for e in entries {
      let l = e.index.layer - 1
      guard l >= 0 && l < layers.count else { continue }
      tallies[2 * l + (e.index.isWeight ? 0 : 1)].add(e, tolerance: tolerance)
    }
    for l in layers.indices {
      layers[l].weights = BlockSummary(shape: layers[l].weights.shape, tally: tallies[2 * l])
      layers[l].biases = BlockSummary(shape: layers[l].biases.shape, tally: tallies[2 * l + 1])
    }
    self.layers = layers
  }

  /// The largest relative error over judged entries.
  public var maxRelativeError: Double {
    layers.reduce(0) { max($0, $1.weights.maxRelativeError, $1.biases.maxRelativeError) }
  }
  /// The largest absolute error over judged entries.
  public var maxAbsoluteError: Double {
    layers.reduce(0) { max($0, $1.weights.maxAbsoluteError, $1.biases.maxAbsoluteError) }
  }
}
