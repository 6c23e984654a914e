/// Trains a network: epochs of optimizer steps over the training data, with the costs
/// recorded and divergence caught.
public enum Trainer {
  /// Trains `network` on `samples` (validated by `validation` when given).
  ///
  /// Every epoch ends with the training cost over all samples; a cost that is NaN or
  /// infinite stops the run as `.diverged`, naming the epoch.
  /// `progress` is told the number of epochs done after each one.
  /// - Precondition: `samples` is not empty; every sample fits the network;
  ///   `options.epochs >= 0`, `options.recordEvery >= 1`, a mini-batch size is at least 1.
  /// - Complexity: O(epochs · m · Σ n_l n_(l−1)).
  public static func train(
    _ network: Network, on samples: [Sample], validation: [Sample] = [],
    options: TrainingOptions, progress: (Int) -> Void = { _ in }
  ) -> TrainingRun {
    precondition(!samples.isEmpty, "training needs at least one sample")
    var net = network
    var state = OptimizerState(
      options.optimizer, learningRate: options.learningRate,
      freezeBiases: options.freezeBiases, for: network)
    var rng = SplitMix64(seed: options.seed)
    var order = Array(samples.indices)
    var history: [TrainingRecord] = []
    func record(_ epoch: Int, _ cost: Double) {
      var r = TrainingRecord(epoch: epoch, cost: cost)
      if !validation.isEmpty {
        r.validationCost = net.cost(over: validation)
        r.validationWrong = net.wrongPredictions(on: validation)
      }
      history.append(r)
    }
    var cost = net.cost(over: samples)
    record(0, cost)
    guard cost.isFinite else {
      return TrainingRun(network: net, history: history, outcome: .diverged(epoch: 0, cost: cost))
    }
    var epoch = 0
    while epoch < options.epochs {
      switch options.batching {
      case .full:
        _ = net.descend(on: samples, order: options.updateOrder, state: &state)
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
      cost = net.cost(over: samples)
      let last = epoch == options.epochs || !cost.isFinite
      if last || epoch % options.recordEvery == 0 { record(epoch, cost) }
      progress(epoch)
      if !cost.isFinite {
        return TrainingRun(
          network: net, history: history, outcome: .diverged(epoch: epoch, cost: cost))
      }
    }
    return TrainingRun(network: net, history: history, outcome: .finished)
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
