/// Trains a network: epochs of optimizer steps over the training data, with the costs
/// recorded and divergence caught.
public enum Trainer {
  /// A cost at or below this counts as trained, so a cost that stops changing there is
  /// not a stall (`TrainingConcern.stalled`).
  public static let settledCost = 1e-6

  /// Trains `network` on `samples` (validated by `validation` when given).
  ///
  /// The training cost over all samples is known after every epoch (for full batches, as
  /// the cost at which the next step takes its gradients); a cost that is NaN or infinite
  /// stops the run as `.diverged`, naming the epoch and keeping that epoch's network.
  /// `progress` is told the number of epochs done after each one; `onRecord` is given
  /// each history record as soon as it is made, so a caller can print it at once.
  /// Every epoch's training cost is kept in `TrainingRun.costs`, and the run's
  /// `concerns` say whether it saturated.
  /// - Precondition: `samples` is not empty; every sample fits the network;
  ///   `options.epochs >= 0`, `options.recordEvery >= 1`, a mini-batch size is at least 1.
  /// - Complexity: O(epochs · m · Σ n_l n_(l−1)).
  public static func train(
    _ network: Network, on samples: [Sample], validation: [Sample] = [],
    options: TrainingOptions, progress: (Int) -> Void = { _ in },
    onRecord: (TrainingRecord) -> Void = { _ in }
  ) -> TrainingRun {
    precondition(!samples.isEmpty, "training needs at least one sample")
    var net = network
    var state = OptimizerState(
      options.optimizer, learningRate: options.learningRate,
      freezeBiases: options.freezeBiases, for: network)
    var rng = SplitMix64(seed: options.seed)
    var order = Array(samples.indices)
    var history: [TrainingRecord] = []
    var costs: [Double] = []
    func record(_ epoch: Int, _ cost: Double, _ network: Network) {
      var r = TrainingRecord(epoch: epoch, cost: cost)
      if !validation.isEmpty {
        r.validationCost = network.cost(over: validation)
        r.validationWrong = network.wrongPredictions(on: validation)
      }
      history.append(r)
      onRecord(r)
    }
    var epoch = 0
    while true {
      // The cost after `epoch` epochs. A full-batch step computes it anyway, as the cost
      // at which it takes the gradients, so that step comes first and `before` keeps the
      // network the cost belongs to.
      let before = net
      let isStep = epoch < options.epochs
      let cost: Double
      if isStep, options.batching == .full {
        cost = net.descend(on: samples, order: options.updateOrder, state: &state)
      } else {
        cost = net.cost(over: samples)
      }
      costs.append(cost)
      if !isStep || !cost.isFinite || epoch % options.recordEvery == 0 {
        record(epoch, cost, before)
      }
      guard cost.isFinite else {
        return TrainingRun(
          network: before, history: history, outcome: .diverged(epoch: epoch, cost: cost),
          costs: costs)
      }
      guard isStep else { break }
      switch options.batching {
      case .full: break
      case .miniBatch(let size):
        shuffle(&order, &rng)
        var start = 0
        while start < order.count {
          let batch = order[start..<min(start + size, order.count)].map { samples[$0] }
          _ = net.descend(on: batch, order: options.updateOrder, state: &state)
          start += size
        }
      case .online:
        for sample in samples {
          _ = net.descend(on: [sample], order: options.updateOrder, state: &state)
        }
      }
      epoch += 1
      progress(epoch)
    }
    return TrainingRun(
      network: net, history: history, outcome: .finished, costs: costs,
      concerns: TrainingConcern.concerns(net, samples: samples, costs: costs))
  }

  /// A Fisher–Yates shuffle driven by `rng`, the same on every platform.
  static func shuffle(_ items: inout [Int], _ rng: inout SplitMix64) {
    var i = items.count - 1
    while i > 0 {
      items.swapAt(i, rng.nextInt(below: i + 1))
      i -= 1
    }
  }
}
