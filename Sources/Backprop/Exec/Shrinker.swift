/// Shrinks a network on which a program fails to the smallest, simplest one on which it still
/// fails, the way property-based testing tools shrink counterexamples, but knowing networks.
///
/// Candidates are tried in order: fewer layers, fewer neurons, fewer samples, every number
/// rounded to one decimal, then single numbers replaced by 0, 1, −1, their nearest integer or
/// their one-decimal rounding; a candidate that gives two samples the same input is skipped.
/// Each structural candidate that still fails is kept and the
/// structural search starts again; then one pass over the numbers keeps the simplest value
/// of each that still fails, and if any was kept the whole search repeats. It stops when a
/// full pass keeps nothing (a fixpoint). The shrinker is
/// pure: `stillFails` decides, typically by running the program.
public enum Shrinker {
  /// The most candidates tried before giving up on further simplification.
  public static let maximumAttempts = 2_000

  /// Shrinks `file`.
  /// - Parameters:
  ///   - file: The network on which the program fails.
  ///   - stillFails: Whether the program still fails on a candidate.
  /// - Returns: The minimal network, the steps kept and the candidates tried.
  /// - Complexity: at most `maximumAttempts` calls of `stillFails`.
  public static func shrink(
    _ file: NetworkFile, stillFails: (NetworkFile) -> Bool
  ) -> ShrinkResult {
    var current = file
    var steps: [ShrinkStep] = []
    var attempts = 0
    /// Tries `candidate`; keeps it when the program still fails on it.
    /// Candidates that give samples identical inputs are not tried: they hide mistakes that
    /// show only with different samples.
    func keep(_ candidate: NetworkFile, _ step: ShrinkStep) -> Bool {
      guard candidate.repeatedInputs <= current.repeatedInputs else { return false }
      attempts += 1
      guard stillFails(candidate) else { return false }
      current = candidate
      steps.append(step)
      return true
    }
    var changed = true
    while changed && attempts < maximumAttempts {
      changed = false
      // Structure, restarting after every kept step, to a fixpoint.
      structure: while attempts < maximumAttempts {
        for (step, candidate) in structuralCandidates(current) where attempts < maximumAttempts {
          if keep(candidate, step) { continue structure }
        }
        break
      }
      // One pass over the numbers: the structure does not change, so neither do the
      // locations. Any kept number sends the search back to the structure.
      for location in current.numberLocations where attempts < maximumAttempts {
        let x = current[location]
        for value in simplerValues(than: x, at: location, cost: current.network.cost)
        where attempts < maximumAttempts {
          var candidate = current
          candidate[location] = value
          if keep(candidate, .simplified(location, from: x, to: value)) {
            changed = true
            break
          }
        }
      }
    }
    return ShrinkResult(original: file, minimal: current, steps: steps, attempts: attempts)
  }

  /// Layers, then neurons, then samples, then rounding everything to one decimal.
  static func structuralCandidates(_ file: NetworkFile) -> [(ShrinkStep, NetworkFile)] {
    var out: [(ShrinkStep, NetworkFile)] = []
    let n = file.network
    for l in stride(from: n.depth - 1, through: 1, by: -1) {
      if let c = file.removingLayer(l) { out.append((.removedLayer(l), c)) }
    }
    for l in 0...n.depth {
      for j in stride(from: n.sizes[l] - 1, through: 0, by: -1) {
        if let c = file.removingNeuron(layer: l, index: j) {
          out.append((.removedNeuron(layer: l, index: j), c))
        }
      }
    }
    for s in stride(from: file.samples.count - 1, through: 0, by: -1) {
      if let c = file.removingSample(s) { out.append((.removedSample(s), c)) }
    }
    if let c = file.rounded(decimals: 1) { out.append((.roundedAll(decimals: 1), c)) }
    return out
  }

  /// How simple a number looks: 0 is simplest, then 1, −1, other integers, one decimal,
  /// anything else.
  static func simplicity(_ x: Double) -> Int {
    if x == 0 { return 0 }
    if x == 1 { return 1 }
    if x == -1 { return 2 }
    if x == x.rounded() { return 3 }
    if (x * 10).rounded() / 10 == x { return 4 }
    return 5
  }

  /// The values to try in place of `x`, simplest first, each strictly simpler than `x`;
  /// targets of the cross-entropies stay within [0, 1].
  static func simplerValues(than x: Double, at location: NumberLocation, cost: Cost)
    -> [Double]
  {
    var values = [0, 1, -1, x.rounded() + 0, (x * 10).rounded() / 10 + 0]
    if case .target = location, cost.allowedOutputActivations != nil {
      values = values.filter { $0 >= 0 && $0 <= 1 }
    }
    var seen: Set<Double> = []
    return values.filter { simplicity($0) < simplicity(x) && seen.insert($0).inserted }
  }
}
