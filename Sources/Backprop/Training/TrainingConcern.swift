/// A sign, found after training, that the network saturated rather than learned.
///
/// Neither stops training nor changes its outcome; a command reports it as a note.
public enum TrainingConcern: Equatable, Sendable {
  /// Some weight or bias grew beyond `bound` in magnitude; `largest` is the biggest.
  /// Sigmoid-like units are then pinned at their flat ends and their gradients vanish.
  case parametersBeyondBound(largest: Double, bound: Double)
  /// The cost (`cost`, above `Trainer.settledCost`) did not change in the last epoch
  /// while every gradient entry was below `gradientBound` in magnitude.
  case stalled(cost: Double, largestGradient: Double, gradientBound: Double)

  /// The largest parameter magnitude that counts as ordinary.
  public static let parameterBound = 1e6
  /// A gradient entry smaller than this in magnitude counts as zero.
  public static let gradientBound = 1e-12

  /// The concerns about `network`, trained on `samples`, whose per-epoch costs were `costs`.
  /// - Complexity: O(parameters) plus one gradient over `samples` when the last two costs
  ///   are equal.
  public static func concerns(
    _ network: Network, samples: [Sample], costs: [Double]
  ) -> [TrainingConcern] {
    var found: [TrainingConcern] = []
    let largest = network.largestParameterMagnitude
    if largest > parameterBound {
      found.append(.parametersBeyondBound(largest: largest, bound: parameterBound))
    }
    if costs.count >= 2, let last = costs.last, last == costs[costs.count - 2],
      last > Trainer.settledCost
    {
      let gradient = network.gradients(over: samples).flattened.map(abs).max() ?? 0
      if gradient < gradientBound {
        found.append(.stalled(cost: last, largestGradient: gradient, gradientBound: gradientBound))
      }
    }
    return found
  }
}

extension Network {
  /// The largest |θ| over every weight and bias (NaN counts as infinite).
  var largestParameterMagnitude: Double {
    var largest = 0.0
    for (w, b) in zip(weights, biases) {
      for x in w.storage + b { largest = max(largest, x.isNaN ? .infinity : abs(x)) }
    }
    return largest
  }
}
