/// What the summaries of a check read from one compared entry.
///
/// The two derivatives and how the comparison came out; dense (`EntryCheck`) and layered
/// (`TensorEntryCheck`) entries both are.
public protocol ComparedEntry: Sendable {
  /// The gradient being checked.
  var analytic: Double { get }
  /// The finite-difference estimate.
  var numeric: Double { get }
  /// The status.
  var status: EntryCheck.Status { get }
}

extension ComparedEntry {
  /// |analytic − numeric|.
  public var absoluteError: Double { abs(analytic - numeric) }

  /// |a − n| / max(|a|, |n|), 0 when both are 0.
  public var relativeError: Double { Tolerance.relativeError(analytic, numeric) }
}

extension EntryCheck: ComparedEntry {}

/// The running totals of a block of compared entries (a dense report's W^l or b^l, a
/// layered report's tensor): counts, the largest errors over judged entries, and the entry
/// closest to failing (or failing worst), judged entries outranking kinks.
struct CheckTally<Entry: ComparedEntry> {
  var checked = 0
  var failures = 0
  var kinks = 0
  var maxAbsoluteError = 0.0
  var maxRelativeError = 0.0
  var worst: Entry?
  private var worstExcess = -1.0

  /// Counts `e`, judged against `tolerance`.
  mutating func add(_ e: Entry, tolerance: Tolerance) {
    checked += 1
    var excess = tolerance.excess(e.analytic, e.numeric)
    switch e.status {
    case .failed: failures += 1
    case .kink:
      kinks += 1
      excess = -0.5
    case .passed: break
    }
    if e.status != .kink {
      maxAbsoluteError = max(maxAbsoluteError, e.absoluteError)
      let r = e.relativeError
      maxRelativeError = max(maxRelativeError, r.isNaN ? .infinity : r)
    }
    if excess > worstExcess {
      worstExcess = excess
      worst = e
    }
  }
}

/// The totals and the verdict of a check over its compared entries and directional
/// screen, one implementation for the dense and the layered reports.
public protocol CheckTotals {
  /// The kind of compared entry.
  associatedtype Entry: ComparedEntry
  /// Every compared entry.
  var entries: [Entry] { get }
  /// The directional screen, when it was used.
  var directional: DirectionalSummary? { get }
  /// The network's mean cost, when the check computed it.
  var cost: Double? { get }
  /// The cost stated with the gradients, when there was one.
  var statedCost: Double? { get }
}

extension CheckTotals {
  /// How many entries were compared.
  public var parametersChecked: Int { entries.count }
  /// How many disagree.
  public var failures: Int { entries.reduce(0) { $0 + ($1.status == .failed ? 1 : 0) } }
  /// How many crossed a kink.
  public var kinks: Int { entries.reduce(0) { $0 + ($1.status == .kink ? 1 : 0) } }
  /// Whether every judged entry and direction agrees; when the screen went on to check every
  /// entry one by one, the entries alone decide.
  public var passed: Bool {
    guard failures == 0, let d = directional else { return failures == 0 }
    return d.checkedEveryEntry || d.failedDirections == 0
  }
  /// The failing entries.
  public var failedEntries: [Entry] { entries.filter { $0.status == .failed } }

  /// Whether the stated cost differs from the network's by more than 1e-6 · max(1, |C|):
  /// the gradients may belong to another network or other samples.
  ///
  /// Not a failure by itself.
  public var costMismatch: Bool {
    guard let c = cost, let s = statedCost else { return false }
    if !c.isFinite || !s.isFinite { return c != s }
    return abs(s - c) > 1e-6 * max(1, abs(c))
  }
}
