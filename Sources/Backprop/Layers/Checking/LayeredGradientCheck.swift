/// Compares a layered network's analytic gradients with finite differences, entry by entry:
/// with `IncrementalLayerCost` (only what a perturbation touches is recomputed) or, for the
/// `.fullForward` strategy, a full forward pass per perturbation.
///
/// The methods, steps, tolerances, cost-scaled atol, `--entries` sampling and kink re-check
/// rules are those of `GradientCheck`. A kink is detected by the forward pass itself: a
/// perturbation whose forward pass takes another branch than the unperturbed one (a relu
/// whose z changes sign, a max-pool window whose winner changes) crossed one.
public enum LayeredGradientCheck {
  /// Checks `analytic` (∂C/∂θ of the mean cost, flat like `network.parameters`).
  /// - Throws: `GradientCheckError` for bad options, shapes or samples.
  /// - Complexity: per entry, per sample and offset, the perturbed layer's shortcut and the
  ///   layers after it (a full forward pass with `.fullForward`).
  public static func run(
    network: LayeredNetwork, samples: [Sample], analytic: [Double],
    options: GradientCheckOptions = GradientCheckOptions(),
    progress: ((Int, Int) -> Void)? = nil
  ) throws(GradientCheckError) -> LayerCheckReport {
    try validate(network: network, samples: samples, analytic: analytic, options: options)
    var options = options
    let cost = network.cost(over: samples)
    if options.atol == nil && !options.method.isComplex && cost.isFinite && abs(cost) > 1 {
      options.atol = options.resolvedTolerance.atol * abs(cost)
    }
    var evaluator = PerturbedCost(
      network: network, samples: samples, precision: options.precision,
      incremental: options.strategy != .fullForward)
    var directional: DirectionalSummary?
    var indices = selectIndices(network: network, options: options)
    if let n = options.directions {
      let screen = screenDirections(
        n, evaluator: evaluator, analytic: analytic, options: options, cost: cost)
      directional = screen
      // Failing directions and directions across a kink are followed up entry by entry.
      if !screen.checkedEveryEntry { indices = [] }
    }
    var entries: [TensorEntryCheck] = []
    let steps = options.method.offsets.map { $0 * options.resolvedEpsilon }
    for (n, i) in indices.enumerated() {
      if n % prefetchChunk == 0 && !options.method.isComplex {
        evaluator.prefetch(Array(indices[n..<min(n + prefetchChunk, indices.count)]), steps: steps)
      }
      entries.append(
        checkEntry(
          i, network: network, evaluator: evaluator, analytic: analytic[i], options: options,
          cost: cost))
      if let progress, n % 64 == 63 { progress(n + 1, indices.count) }
    }
    progress?(indices.count, indices.count)
    var report = LayerCheckReport(
      method: options.method, epsilon: options.resolvedEpsilon,
      tolerance: options.resolvedTolerance, precision: options.precision,
      architecture: network.architecture.description, sampleCount: samples.count,
      tensors: network.tensorSlots.map { ($0.name, $0.tensor.shape) }, entries: entries,
      directional: directional,
      unitsAtKink: max(0, evaluator.base.atKink - network.pinnedTies(over: samples)))
    report.cost = cost
    if options.diagnose && !report.passed {
      report.diagnosed = true
      report.diagnosis = LayerMistakes.diagnose(
        network: network, samples: samples, analytic: analytic, report: report)
    }
    return report
  }

  /// How many entries' changes are computed ahead at a time (`PerturbedCost.prefetch`).
  static let prefetchChunk = 1024

  /// The checks of `indices` with `options` (validated beforehand by the caller), for the
  /// benchmarks' baseline.
  public static func entries(
    _ indices: [Int], network: LayeredNetwork, samples: [Sample], analytic: [Double],
    options: GradientCheckOptions
  ) -> [TensorEntryCheck] {
    let evaluator = PerturbedCost(
      network: network, samples: samples, precision: options.precision,
      incremental: options.strategy != .fullForward)
    let cost = network.cost(over: samples)
    return indices.map {
      checkEntry(
        $0, network: network, evaluator: evaluator, analytic: analytic[$0], options: options,
        cost: cost)
    }
  }

  /// The entries to check: all, or `entriesPerBlock` of each tensor chosen with the seed.
  static func selectIndices(network: LayeredNetwork, options: GradientCheckOptions) -> [Int] {
    guard let k = options.entriesPerBlock else { return Array(network.parameters.indices) }
    var rng = SplitMix64(seed: options.seed)
    var out: [Int] = []
    for slot in network.tensorSlots {
      let block = Array(slot.range)
      if k >= block.count {
        out += block
        continue
      }
      out += rng.positions(k, of: block.count).map { block[$0] }
    }
    return out
  }

  static func validate(
    network: LayeredNetwork, samples: [Sample], analytic: [Double], options: GradientCheckOptions
  ) throws(GradientCheckError) {
    guard !samples.isEmpty else { throw .invalidSamples("the cost needs at least one sample") }
    for (i, s) in samples.enumerated() {
      do {
        try network.validate(s, field: "samples[\(i)]")
      } catch {
        throw .invalidSamples(error.description)
      }
    }
    if let bad = network.firstNonFiniteValue(over: samples) { throw .nonFinite(bad) }
    guard analytic.count == network.parameterCount else {
      throw .shapeMismatch(
        "the gradients have \(analytic.count) entries, the network \(network.parameterCount)")
    }
    let h = options.resolvedEpsilon
    guard h.isFinite && h > 0 else {
      throw .invalidOption("epsilon must be a positive number, got \(h)")
    }
    let t = options.resolvedTolerance
    guard t.rtol.isFinite && t.rtol >= 0 && t.atol.isFinite && t.atol >= 0 else {
      throw .invalidOption("rtol and atol must be zero or positive")
    }
    if options.entriesPerBlock != nil && options.directions != nil {
      throw .invalidOption("entries and directions cannot be combined")
    }
    if options.method.isComplex && options.precision == .float {
      throw .invalidOption("complex-step evaluates in double precision; use a real-step method")
    }
  }

  /// The real step that tells whether a complex-step entry moves a unit sitting exactly on a
  /// kink: any step off the point does.
  static let kinkProbe = 1e-8

  /// One entry: the method's estimate; a kink re-check when a step changed a branch (for
  /// the complex step, when it disagrees and a real step moves a unit off its kink).
  static func checkEntry(
    _ i: Int, network: LayeredNetwork, evaluator: PerturbedCost, analytic a: Double,
    options: GradientCheckOptions, cost: Double
  ) -> TensorEntryCheck {
    let tolerance = options.resolvedTolerance
    let h = options.resolvedEpsilon
    let slot = network.slot(of: i)
    func entry(_ numeric: Double, _ status: EntryCheck.Status, _ r: KinkRecheck? = nil)
      -> TensorEntryCheck
    {
      TensorEntryCheck(
        index: i, name: network.parameterName(i), tensor: slot?.name ?? "", analytic: a,
        numeric: numeric, status: status, recheck: r)
    }
    var numeric: Double
    var crossing: KinkCrossing
    if options.method.isComplex {
      // The complex step evaluates at θ itself: a unit sitting exactly on a kink takes the
      // branch the forward pass takes there (relu′(0) = 0, a tie's first maximum), so the
      // estimate is that side's derivative. A gradient that disagrees through such a unit
      // (one that a real step moves off its kink) may have taken the other side: it is
      // re-checked with real steps clear of the kink, as a crossing real step is.
      numeric = evaluator.complexStep(along: [(i, 1)], step: h)
      guard !tolerance.accepts(a, numeric), evaluator.base.atKink > 0 else {
        return entry(numeric, tolerance.accepts(a, numeric) ? .passed : .failed)
      }
      crossing = evaluator.estimate(.central, along: [(i, 1)], step: kinkProbe).1
    } else {
      (numeric, crossing) = evaluator.estimate(options.method, along: [(i, 1)], step: h)
      // f″ jumps inside the stencil (elu at 0): the error terms of five-point and Richardson
      // do not exist, so a disagreeing entry is estimated again as the dense check does.
      if crossing == .none,
        let again = evaluator.creaseFallback(
          options.method, along: [(i, 1)], step: h, numeric: numeric, analytic: a,
          tolerance: tolerance)
      {
        (numeric, crossing) = again
      }
      // A one-sided step from a unit exactly on a kink that keeps its branch measures one
      // side only: a disagreeing gradient may be the other side or a subgradient between.
      if crossing == .none && !tolerance.accepts(a, numeric) && evaluator.base.atKink > 0 {
        crossing = evaluator.estimate(.central, along: [(i, 1)], step: kinkProbe).1
      }
    }
    guard crossing != .none else {
      return entry(numeric, tolerance.accepts(a, numeric) ? .passed : .failed)
    }
    let recheck = KinkRecheck.search(
      analytic: a, precision: options.precision, tolerance: tolerance, cost: cost
    ) { method, step in
      let (n, crossing) = evaluator.estimate(method, along: [(i, 1)], step: step)
      return crossing.isClear(for: method) ? n : nil
    }
    if let r = recheck, !r.agrees, options.precision == .double {
      return entry(r.numeric, .failed, r)
    }
    return entry(numeric, .kink, recheck)
  }

  /// N random unit directions d: ⟨g, d⟩ against the method's estimate along d.
  ///
  /// Asks for every entry to be checked one by one (`checkedEveryEntry`) when a direction
  /// failed or crossed a kink: a direction that moves several units sitting on kinks mixes
  /// slopes at every step, so its verdict, agreeing or not, cannot be trusted.
  static func screenDirections(
    _ n: Int, evaluator: PerturbedCost, analytic: [Double], options: GradientCheckOptions,
    cost: Double
  ) -> DirectionalSummary {
    var rng = SplitMix64(seed: options.seed)
    let tolerance = options.resolvedTolerance
    let h = options.resolvedEpsilon
    var failed = 0
    var kinked = 0
    var worst = 0.0
    var crossedKink = false
    for _ in 0..<n {
      var d = analytic.map { _ in rng.nextGaussian() }
      let norm = d.reduce(0) { $0 + $1 * $1 }.squareRoot()
      d = d.map { $0 / max(norm, .leastNormalMagnitude) }
      let along = d.enumerated().map { ($0.offset, $0.element) }
      var a = 0.0
      for (g, di) in zip(analytic, d) { a += g * di }
      var numeric: Double
      var crossing = KinkCrossing.none
      if options.method.isComplex {
        numeric = evaluator.complexStep(along: along, step: h)
      } else {
        (numeric, crossing) = evaluator.estimate(options.method, along: along, step: h)
        if crossing == .none,
          let again = evaluator.creaseFallback(
            options.method, along: along, step: h, numeric: numeric, analytic: a,
            tolerance: tolerance)
        {
          (numeric, crossing) = again
        }
      }
      var agrees = tolerance.accepts(a, numeric)
      if crossing != .none {
        crossedKink = true
        let r = KinkRecheck.search(
          analytic: a, precision: options.precision, tolerance: tolerance, cost: cost
        ) { method, step in
          let (n, crossing) = evaluator.estimate(method, along: along, step: step)
          return crossing.isClear(for: method) ? n : nil
        }
        if let r {
          numeric = r.numeric
          // Units sitting exactly on kinks that d moves to different sides leave no step, on
          // either side, whose slope the analytic convention matches: such a disagreement
          // does not convict, the entries decide (as a float re-check's does not).
          agrees = r.agrees || options.precision == .float || evaluator.base.atKink > 0
        } else {
          agrees = true
        }
        if agrees { kinked += 1 }
      }
      if !agrees { failed += 1 }
      let rel = Tolerance.relativeError(a, numeric)
      worst = max(worst, rel.isNaN ? .infinity : rel)
    }
    var summary = DirectionalSummary(
      directions: n, failedDirections: failed, maxRelativeError: worst, bisectionSteps: 0,
      kinkedDirections: kinked)
    summary.checkedEveryEntry = failed > 0 || crossedKink
    return summary
  }
}

extension LayeredNetwork {
  /// The max-pool ties over `samples` that are no kinks: every tied entry is the output of a
  /// relu (the layer before the pool) whose z is below 0, pinned at 0 whatever small change
  /// the parameters make.
  /// - Complexity: one forward pass per sample.
  func pinnedTies(over samples: [Sample]) -> Int {
    let pools = layers.indices.filter { k in
      guard k > 0, layers[k] is MaxPoolLayer, let relu = layers[k - 1] as? ActivationLayer
      else { return false }
      return relu.activation == .relu
    }
    guard !pools.isEmpty else { return 0 }
    var count = 0
    for sample in samples {
      let values = trace(sample.input)
      for k in pools {
        guard let pool = layers[k] as? MaxPoolLayer else { continue }
        let z = values[k - 1]
        count += pool.pinnedTies(values[k]) { z[$0] < 0 }
      }
    }
    return count
  }
}
