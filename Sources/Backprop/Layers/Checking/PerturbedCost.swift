import Foundation

/// The mean cost of a layered network at perturbed parameters, by a full forward pass per
/// evaluation (correct before fast), with the branches each pass took.
struct PerturbedCost {
  let network: LayeredNetwork
  let samples: [Sample]
  let precision: Precision
  /// The branches and kink count of the unperturbed forward pass.
  let base: KinkRecord
  /// The unperturbed cost in the evaluation precision.
  let baseCost: Double
  /// The incremental evaluators (`nil` for full forward passes).
  let double: IncrementalLayerCost<Double>?
  let float: IncrementalLayerCost<Float>?
  /// Changes computed ahead, many entries at once (`prefetch(_:steps:)`): per entry, its
  /// steps with their changes and crossings.
  private var prefetched: [Int: [(step: Double, change: Double, crossing: KinkCrossing)]] = [:]

  init(
    network: LayeredNetwork, samples: [Sample], precision: Precision, incremental: Bool = true
  ) {
    self.network = network
    self.samples = samples
    self.precision = precision
    double =
      incremental && precision == .double
      ? IncrementalLayerCost(network: network, samples: samples) : nil
    float =
      incremental && precision == .float
      ? IncrementalLayerCost(network: network, samples: samples) : nil
    var record = KinkRecord()
    switch precision {
    case .double:
      baseCost = network.cost(parameters: network.parameters, over: samples, kinks: &record)
    case .float:
      let c: Float = network.cost(
        parameters: network.parameters.map { Float($0) }, over: samples, kinks: &record)
      baseCost = Double(c)
    }
    base = record
  }

  /// C(θ + s d) − C(θ) in the evaluation precision, and whether the pass left the base
  /// branches (`KinkCrossing`).
  func change(along d: [(Int, Double)], by s: Double) -> (Double, KinkCrossing) {
    if d.count == 1, let ahead = prefetched[d[0].0],
      let hit = ahead.first(where: { $0.step == s * d[0].1 })
    {
      return (hit.change, hit.crossing)
    }
    if d.count == 1, let double {
      let (c, crossed) = double.cost(perturbing: d[0].0, by: s * d[0].1)
      return (c - double.baseCost, crossed)
    }
    if d.count == 1, let float {
      let (c, crossed) = float.cost(perturbing: d[0].0, by: Float(s * d[0].1))
      return (Double(c - float.baseCost), crossed)
    }
    var record = KinkRecord()
    let c: Double
    switch precision {
    case .double:
      var theta = network.parameters
      for (i, v) in d { theta[i] += s * v }
      c = network.cost(parameters: theta, over: samples, kinks: &record) - baseCost
    case .float:
      var theta = network.parameters.map { Float($0) }
      for (i, v) in d { theta[i] += Float(s * v) }
      let f: Float = network.cost(parameters: theta, over: samples, kinks: &record)
      c = Double(f - Float(baseCost))
    }
    return (c, KinkCrossing(record.branches, base: base.branches, onKink: Set(base.onKink)))
  }

  /// Computes the changes of `indices` at `steps` ahead, as columns.
  ///
  /// Only the entries of recurrent layers in double precision
  /// (`IncrementalLayerCost.columnChanges`); the other entries stay with
  /// `change(along:by:)`. Forgets the changes of the previous call.
  mutating func prefetch(_ indices: [Int], steps: [Double]) {
    prefetched = [:]
    guard let double else { return }
    let recurrent = network.layers.map { RecurrentColumns($0) != nil }
    var byLayer: [Int: [Int]] = [:]
    for i in indices {
      guard let k = network.offsets.lastIndex(where: { $0 <= i }),
        k < network.layers.count, recurrent[k]
      else { continue }
      byLayer[k, default: []].append(i)
    }
    let threads = ProcessInfo.processInfo.activeProcessorCount
    for k in byLayer.keys.sorted() {
      guard let group = byLayer[k],
        let changes = double.columnChanges(group, steps: steps, threads: threads)
      else { continue }
      for (i, row) in zip(group, changes) {
        prefetched[i] = zip(steps, row).map { ($0, $1.change, $1.crossing) }
      }
    }
  }

  /// The method's estimate of the derivative along d with step h, and whether any of its
  /// evaluations crossed a kink (the worst `KinkCrossing`).
  func estimate(_ method: FiniteDifferenceMethod, along d: [(Int, Double)], step h: Double)
    -> (Double, KinkCrossing)
  {
    var crossed = KinkCrossing.none
    let changes = method.offsets.map { o -> Double in
      let (c, x) = change(along: d, by: o * h)
      crossed = crossed.combined(with: x)
      return c
    }
    return (method.combine(changes, step: h), crossed)
  }

  /// Whether moving the parameters by s d for any s in `steps` takes a unit with a crease
  /// (elu at 0) to its other side for some sample, by full forward passes.
  /// - Complexity: one full forward pass per step and sample; none without creases.
  func crossesCrease(along d: [(Int, Double)], steps: [Double]) -> Bool {
    guard !base.creases.isEmpty else { return false }
    for s in steps {
      var record = KinkRecord()
      switch precision {
      case .double:
        var theta = network.parameters
        for (i, v) in d { theta[i] += s * v }
        let _: Double = network.cost(parameters: theta, over: samples, kinks: &record)
      case .float:
        var theta = network.parameters.map { Float($0) }
        for (i, v) in d { theta[i] += Float(s * v) }
        let _: Float = network.cost(parameters: theta, over: samples, kinks: &record)
      }
      if record.creases != base.creases { return true }
    }
    return false
  }

  /// The estimate of a method needing smooth curvature (`needsSmoothCurvature`) that
  /// disagrees with `analytic` again by `FiniteDifferenceMethod.creaseFallback` when its
  /// stencil crossed a crease; otherwise `nil`.
  func creaseFallback(
    _ method: FiniteDifferenceMethod, along d: [(Int, Double)], step h: Double,
    numeric: Double, analytic: Double, tolerance: Tolerance
  ) -> (Double, KinkCrossing)? {
    guard method.needsSmoothCurvature, !tolerance.accepts(analytic, numeric),
      crossesCrease(along: d, steps: method.offsets.map { $0 * h })
    else { return nil }
    let (fallback, step) = FiniteDifferenceMethod.creaseFallback(precision: precision)
    return estimate(fallback, along: d, step: step)
  }

  /// Im C(θ + i h d) / h.
  func complexStep(along d: [(Int, Double)], step h: Double) -> Double {
    var theta = network.parameters.map { Complex($0) }
    for (i, v) in d { theta[i].im += h * v }
    var record = KinkRecord()
    return network.cost(parameters: theta, over: samples, kinks: &record).im / h
  }
}
