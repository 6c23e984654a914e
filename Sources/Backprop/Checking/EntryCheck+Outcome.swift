extension EntryCheck {
  /// What one compared entry amounts to once its kink re-check is taken into account: the
  /// one status both gradcheck's entry table and nn-explain's check table show.
  public enum Outcome: Sendable, Equatable, CaseIterable {
    /// The entry agrees.
    case agrees
    /// The entry disagrees (no kink).
    case disagrees
    /// The step crossed a kink and a re-check clear of it agrees: counted apart.
    case kinkRecheckAgrees
    /// The step crossed a kink and every re-check clear of it disagrees: a failure.
    case kinkRecheckFailed
    /// The step crossed a kink and a float re-check disagrees, where a unit this close to 0
    /// may be on either side: not judged.
    case kinkFloatUnclear
    /// The step crossed a kink and no step clear of it was found: not judged.
    case kinkNoClearStep

    /// The status as both tools' entry tables word it: `ok`, `FAIL`, `kink, re-check ok`,
    /// `kink, re-check failed`, `kink, float unclear`, `kink, no clear step`.
    public var label: String {
      switch self {
      case .agrees: return "ok"
      case .disagrees: return "FAIL"
      case .kinkRecheckAgrees: return "kink, re-check ok"
      case .kinkRecheckFailed: return "kink, re-check failed"
      case .kinkFloatUnclear: return "kink, float unclear"
      case .kinkNoClearStep: return "kink, no clear step"
      }
    }

    /// Whether the entry counts as a failure.
    public var isFailure: Bool { self == .disagrees || self == .kinkRecheckFailed }
    /// Whether the step crossed a kink.
    public var crossedKink: Bool { self != .agrees && self != .disagrees }
  }

  /// The entry's outcome: its status, refined by its kink re-check.
  public var outcome: Outcome { Outcome(status: status, recheck: recheck) }
}

extension EntryCheck.Outcome {
  /// The outcome of an entry with `status` and kink re-check `recheck`.
  public init(status: EntryCheck.Status, recheck: KinkRecheck?) {
    switch (status, recheck) {
    case (.passed, _): self = .agrees
    case (.failed, .none): self = .disagrees
    case (.failed, .some): self = .kinkRecheckFailed
    case (.kink, .none): self = .kinkNoClearStep
    case (.kink, .some(let r)): self = r.agrees ? .kinkRecheckAgrees : .kinkFloatUnclear
    }
  }
}

/// How the entries whose step crossed a kink came out of their re-checks: the one count
/// behind gradcheck's "Kinks:" paragraph and nn-explain's kink note.
public struct KinkOutcomes: Equatable, Sendable {
  /// Re-checked clear of the kink and agreeing: counted apart as kinks.
  public var agreeing: Int
  /// Re-checked clear of the kink and disagreeing: failures.
  public var failed: Int
  /// A float re-check disagreed where a unit may be on either side: not judged.
  public var floatUnclear: Int
  /// No step clear of the kink was found: not judged.
  public var noClearStep: Int

  /// Counts the outcomes of `entries`.
  /// - Complexity: O(n) for n entries.
  public init(_ entries: [EntryCheck]) {
    self.init(outcomes: entries.map(\.outcome))
  }

  /// Counts `outcomes`.
  /// - Complexity: O(n) for n outcomes.
  public init(outcomes: [EntryCheck.Outcome]) {
    var counts: [EntryCheck.Outcome: Int] = [:]
    for o in outcomes { counts[o, default: 0] += 1 }
    agreeing = counts[.kinkRecheckAgrees] ?? 0
    failed = counts[.kinkRecheckFailed] ?? 0
    floatUnclear = counts[.kinkFloatUnclear] ?? 0
    noClearStep = counts[.kinkNoClearStep] ?? 0
  }

  /// How many entries crossed a kink.
  public var crossed: Int { agreeing + failed + floatUnclear + noClearStep }
}
