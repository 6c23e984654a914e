/// What a shrink step must keep of the drawn network's failure: the leading diagnosis, and
/// gradient blocks that are not exactly zero on both sides.
///
/// Without it, replacing numbers by 0 wipes out the evidence: with zero inputs a missing
/// f′(z) looks like a factor σ′(0) = ¼, and with zero weights every gradient can vanish.
public struct ShrinkEvidence: Equatable, Sendable {
  /// The leading cause of the drawn network's diagnosis, `nil` when it had none.
  public var leadingCause: MistakeCause?
  /// How many blocks (W^l or b^l) were exactly zero, analytic and numeric, when drawn.
  public var zeroBlocks: Int

  /// The evidence of `report`, a failed check with its diagnosis.
  public init(_ report: CheckReport) {
    leadingCause = report.diagnosis.first?.cause
    zeroBlocks = ShrinkEvidence.zeroBlocks(in: report)
  }

  /// Whether a candidate whose check gave `report` (a failure) keeps the evidence.
  public func isKept(by report: CheckReport) -> Bool {
    if let cause = leadingCause, report.diagnosis.first?.cause != cause { return false }
    return ShrinkEvidence.zeroBlocks(in: report) <= zeroBlocks
  }

  /// How many blocks have every compared entry exactly zero, analytic and numeric.
  /// - Complexity: O(entries).
  static func zeroBlocks(in report: CheckReport) -> Int {
    var nonZero: Set<Int> = []
    var seen: Set<Int> = []
    for e in report.entries {
      let block = 2 * e.index.layer + (e.index.isWeight ? 0 : 1)
      seen.insert(block)
      if e.analytic != 0 || e.numeric != 0 { nonZero.insert(block) }
    }
    return seen.subtracting(nonZero).count
  }
}
