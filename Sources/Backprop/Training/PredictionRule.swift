/// When a network's output counts as the right answer for a target.
///
/// A one-hot target (one entry 1, the others 0, at least two entries) is classified right
/// when the largest output is at the target's 1, as in the seed Go network's `Validate`.
/// Any other target is right when every output lies on the same side of 0.5 as its target
/// entry, which covers one-output classifiers (xor, moons) and multi-label targets such
/// as the half-adder's sum and carry.
public enum PredictionRule {
  /// Whether `output` answers `target` right.
  public static func isRight(output: [Double], target: [Double]) -> Bool {
    if isOneHot(target), let best = output.indices.max(by: { output[$0] < output[$1] }) {
      return target[best] == 1
    }
    return zip(output, target).allSatisfy { ($0 >= 0.5) == ($1 >= 0.5) }
  }

  /// Whether `target` has two or more entries, one of them 1 and the rest 0.
  public static func isOneHot(_ target: [Double]) -> Bool {
    target.count >= 2 && target.filter { $0 == 1 }.count == 1
      && target.allSatisfy { $0 == 0 || $0 == 1 }
  }

  /// How outputs are read as a class, which follows the targets as `isRight` does.
  public enum Reading: Equatable, Sendable {
    /// Every target is one-hot: the class is the index of the largest output.
    case largestOutput
    /// Otherwise: each output is 1 when it reaches 0.5, and the class is the pattern of
    /// those bits read as a binary number, output 0 first (most significant). One output
    /// gives 0 or 1; the half-adder's (sum, carry) = (1, 0) gives 2.
    case thresholded
  }

  /// The reading for a data set: `.largestOutput` when every target is one-hot.
  public static func reading(for targets: [[Double]]) -> Reading {
    !targets.isEmpty && targets.allSatisfy(isOneHot) ? .largestOutput : .thresholded
  }

  /// The class of `output` under `reading` (a target is read the same way).
  public static func predictedClass(_ output: [Double], reading: Reading) -> Int {
    switch reading {
    case .largestOutput:
      return output.indices.max(by: { output[$0] < output[$1] }) ?? 0
    case .thresholded:
      return output.reduce(0) { $0 * 2 + ($1 >= 0.5 ? 1 : 0) }
    }
  }

  /// The class the network predicts for `output`: the largest output for several, whether
  /// it reaches 0.5 for one (0 or 1).
  public static func predictedClass(_ output: [Double]) -> Int {
    predictedClass(output, reading: output.count == 1 ? .thresholded : .largestOutput)
  }
}

extension Network {
  /// How many of `samples` the network answers wrong, by `PredictionRule`.
  /// - Complexity: O(m · Σ n_l n_(l−1)).
  public func wrongPredictions(on samples: [Sample]) -> Int {
    samples.filter { !PredictionRule.isRight(output: forward($0.input).output, target: $0.target) }
      .count
  }
}
