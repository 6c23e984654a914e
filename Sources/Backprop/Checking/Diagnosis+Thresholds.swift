/// The thresholds of the diagnosis, each with the reason for its value.
enum DiagnosisThreshold {
  /// Relative tolerance for "the given gradient equals this candidate".
  ///
  /// Looser than the check's default rtol (1e-5): the candidates are computed in double by
  /// a different order of operations than the user's program, and a mistake changes entries
  /// by far more.
  static let matchRelativeTolerance = 1e-4
  /// Absolute tolerance per unit of the largest right gradient: entries a millionth of the
  /// largest are noise and equal to anything that small.
  static let matchAbsolutePerScale = 1e-6
  /// Keeps the absolute tolerance positive when every right gradient is 0.
  static let matchAbsoluteFloor = 1e-300

  /// Share of judged entries a single factor must explain.
  ///
  /// Not all: a few entries that are 0 in both, or sit at round-off, fit any factor or
  /// none.
  static let factorFitShare = 0.95
  /// How close to a named value (1, −1, m, 2/n, …) a factor must be to count as it.
  static let factorRelativeTolerance = 1e-3

  /// Share of the entries (overall, and where the mistake makes a difference) that backprop
  /// with a mistake built in must reproduce.
  ///
  /// Below 95 % because a mistake's gradients can land within round-off of the right ones
  /// at saturated units.
  static let mistakeReproductionShare = 0.9

  /// The scale alternative to sum-instead-of-mean, relative to it: with few samples m the
  /// factor may be a coincidence (m = 2 looks like a lost ½), so it is shown, below.
  static let scaleAlternativeWeight = 0.8
  /// Whole blocks off by a factor: a clear pattern, though less sure than a global factor.
  static let blockScaleConfidence = 0.8
  /// A few isolated entries: plausible, but a real mistake can hit few entries by chance.
  static let isolatedEntriesConfidence = 0.7
  /// At most this many wrong entries count as isolated, or a tenth of the judged ones if more.
  static let isolatedEntriesMinimumAllowance = 3
  /// Every gradient zero: almost surely never computed or written.
  static let allZeroConfidence = 0.9
  /// Right gradients failing the finite differences: the differences are to blame, though
  /// the cost itself may be at fault.
  static let finiteDifferencesConfidence = 0.5

  /// The bias finding needs this share of the judged biases wrong (or two of them).
  static let biasWrongShare = 0.5
  /// At least this many wrong biases name the bias finding whatever their share.
  static let biasWrongMinimum = 2
  /// Confidence of the bias finding with no bias wrong, rising by `biasConfidenceRange` as
  /// the share of wrong biases grows to all: weights right and biases wrong is a strong hint,
  /// and stronger the more biases are wrong.
  static let biasConfidenceBase = 0.6
  /// See `biasConfidenceBase`.
  static let biasConfidenceRange = 0.3

  /// At most this many entries are cited by an unexplained finding or named in a sentence:
  /// enough to show a pattern, few enough for a line or two.
  static let citedEntries = 5
}
