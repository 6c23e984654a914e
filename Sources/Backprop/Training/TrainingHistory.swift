/// The costs after one epoch of training.
public struct TrainingRecord: Equatable, Sendable {
  /// The number of epochs done; 0 before training.
  public var epoch: Int
  /// The mean cost over the training data.
  public var cost: Double
  /// The mean cost over the validation data, when there is any.
  public var validationCost: Double?
  /// How many validation samples the network gets wrong (`PredictionRule`).
  public var validationWrong: Int?

  /// Creates a record.
  public init(epoch: Int, cost: Double, validationCost: Double? = nil, validationWrong: Int? = nil)
  {
    self.epoch = epoch
    self.cost = cost
    self.validationCost = validationCost
    self.validationWrong = validationWrong
  }
}

/// How a training run ended.
public enum TrainingOutcome: Equatable, Sendable {
  /// Every epoch ran.
  case finished
  /// The training cost became NaN or infinite after `epoch` epochs; training stopped.
  case diverged(epoch: Int, cost: Double)
}

/// The result of training: the network, its cost history and how it ended.
public struct TrainingRun: Equatable, Sendable {
  /// The network after the last epoch that ran (for a diverged run, the one whose cost
  /// was not finite).
  public var network: Network
  /// Records at epoch 0, every `recordEvery` epochs, and at the last epoch.
  public var history: [TrainingRecord]
  /// Finished or diverged.
  public var outcome: TrainingOutcome
  /// The training cost after every epoch: `costs[k]` after k epochs (the history's costs
  /// are among them).
  public var costs: [Double]
  /// Signs that the run saturated (finished runs only).
  public var concerns: [TrainingConcern]

  /// Creates a run.
  public init(
    network: Network, history: [TrainingRecord], outcome: TrainingOutcome,
    costs: [Double] = [], concerns: [TrainingConcern] = []
  ) {
    self.network = network
    self.history = history
    self.outcome = outcome
    self.costs = costs
    self.concerns = concerns
  }

  /// The last record's training cost.
  public var finalCost: Double { history.last?.cost ?? .nan }
}
