/// Compares analytic gradients with finite-difference estimates, entry by entry.
public enum GradientCheck {
  /// Checks `analytic` (gradients of the mean cost over `samples`) against finite differences.
  ///
  /// - Parameters:
  ///   - network: The network whose cost is differentiated.
  ///   - samples: The samples the mean cost is taken over.
  ///   - analytic: The gradients to check, one per parameter of `network`.
  ///   - options: Method, step, tolerances, precision and diagnosis.
  ///   - progress: Called now and then with (entries done, entries in all).
  /// - Returns: The report, with a diagnosis when some entries fail and `options.diagnose`.
  /// - Throws: `GradientCheckError` for bad options, shapes or samples, or a forward pass
  ///   that is not finite.
  /// - Complexity: For the incremental strategy, per entry of layer l, O(m · n_(l+1)) for the
  ///   last two layers and O(m · Σ_{k>l+1} n_k n_(k−1)) below; a full forward pass per
  ///   evaluation for `.fullForward`.
  public static func run(
    network: Network, samples: [Sample], analytic: Gradients,
    options: GradientCheckOptions = GradientCheckOptions(),
    progress: ((Int, Int) -> Void)? = nil
  ) throws(GradientCheckError) -> CheckReport {
    try validate(network: network, samples: samples, analytic: analytic, options: options)
    if let bad = network.firstNonFiniteValue(over: samples) { throw .nonFinite(bad) }
    let given = options
    let options = scaledForCost(options, network: network, samples: samples)
    let h = options.resolvedEpsilon
    let tolerance = options.resolvedTolerance
    var directional: DirectionalSummary?
    var entries: [EntryCheck]
    if let n = options.directions {
      let screen = DirectionalScreen(
        network: network, samples: samples, analytic: analytic, options: options)
      let result = screen.run(directions: n, progress: progress)
      directional = result.summary
      entries = check(
        network: network, samples: samples, analytic: analytic,
        indices: result.summary.checkedEveryEntry
          ? selectIndices(network: network, options: options) : result.suspects,
        options: options, progress: nil)
    } else {
      let indices = selectIndices(network: network, options: options)
      entries = check(
        network: network, samples: samples, analytic: analytic, indices: indices,
        options: options, progress: progress)
    }
    var report = CheckReport(
      method: options.method, epsilon: h, tolerance: tolerance, precision: options.precision,
      sizes: network.sizes, sampleCount: samples.count, entries: entries,
      directional: directional)
    report.cost = network.cost(over: samples)
    if options.atol != given.atol { report.defaultAtol = given.resolvedTolerance.atol }
    report.statedCost = analytic.cost
    if options.diagnose && !report.passed {
      report.diagnosis = Diagnosis.diagnose(
        network: network, samples: samples, analytic: analytic, report: report)
    }
    return report
  }

  /// The options with the default atol grown to atol · max(1, |C|) when none was given.
  ///
  /// In both precisions the rounding error of C(θ ± h) − C(θ) is about u · |C| (u ≈ 1.1e-16
  /// in double, 6e-8 in float), so the error of the difference quotient grows with the cost,
  /// not with the gradient.
  ///
  /// The report's header shows the atol in use.
  static func scaledForCost(
    _ options: GradientCheckOptions, network: Network, samples: [Sample]
  ) -> GradientCheckOptions {
    guard options.atol == nil && !options.method.isComplex else { return options }
    let c = abs(network.cost(over: samples))
    guard c.isFinite && c > 1 else { return options }
    var scaled = options
    scaled.atol = options.resolvedTolerance.atol * c
    return scaled
  }

  /// Compares `analytic` with finite differences at `indices`, without validating: call
  /// `run` for checked options.
  /// - Precondition: `indices` belong to `network`; `analytic` has its shapes; `samples`
  ///   is not empty and fits it.
  /// - Complexity: see `run`.
  static func check(
    network: Network, samples: [Sample], analytic: Gradients, indices: [ParameterIndex],
    options: GradientCheckOptions, progress: ((Int, Int) -> Void)? = nil
  ) -> [EntryCheck] {
    let h = options.resolvedEpsilon
    let method = options.method
    if method.isComplex {
      let steps = [Complex(0, h)]
      return estimate(
        Complex.self, network: network, samples: samples, analytic: analytic, indices: indices,
        steps: steps, options: options, progress: progress
      ) { changes in changes[0].im / h }
    }
    let offsets = method.offsets
    switch options.precision {
    case .double:
      let steps = offsets.map { $0 * h }
      var batched: BatchedChanges?
      if usesBatches(options.strategy, network: network, samples: samples, indices: indices) {
        batched = BatchedChanges(
          network: network, samples: samples, indices: indices, steps: steps,
          threads: BatchedChanges.threads(network: network, samples: samples, indices: indices))
      }
      return estimate(
        Double.self, network: network, samples: samples, analytic: analytic, indices: indices,
        steps: steps, options: options, progress: progress, batched: batched
      ) { method.combine($0, step: h) }
    case .float:
      return estimate(
        Float.self, network: network, samples: samples, analytic: analytic, indices: indices,
        steps: offsets.map { Float($0 * h) }, options: options, progress: progress
      ) { method.combine($0.map { Double($0) }, step: h) }
    }
  }

  /// The per-entry work (entries × samples × parameters) above which `.automatic` batches.
  static let batchingThreshold = 10_000_000.0

  /// Whether a double-precision, real-step check with `strategy` uses `BatchedEvaluator`.
  static func usesBatches(
    _ strategy: GradientCheckOptions.Strategy, network: Network, samples: [Sample],
    indices: [ParameterIndex]
  ) -> Bool {
    guard BatchedEvaluator.supports(network) else { return false }
    switch strategy {
    case .batched: return true
    case .incremental, .fullForward: return false
    case .automatic:
      let work = Double(indices.count) * Double(samples.count) * Double(network.parameterCount)
      return work > batchingThreshold
    }
  }

  /// The entries to check: all, or `entriesPerBlock` of each block chosen with the seed,
  /// in canonical order.
  static func selectIndices(network: Network, options: GradientCheckOptions)
    -> [ParameterIndex]
  {
    let all = network.parameterIndices
    guard let k = options.entriesPerBlock else { return all }
    var rng = SplitMix64(seed: options.seed)
    var out: [ParameterIndex] = []
    var start = 0
    // Blocks are contiguous in canonical order: W¹, b¹, W², b², …
    while start < all.count {
      var end = start
      while end < all.count && all[end].layer == all[start].layer
        && all[end].isWeight == all[start].isWeight
      {
        end += 1
      }
      let block = Array(all[start..<end])
      if k >= block.count {
        out += block
      } else {
        out += rng.positions(k, of: block.count).map { block[$0] }
      }
      start = end
    }
    return out
  }

  static func validate(
    network: Network, samples: [Sample], analytic: Gradients, options: GradientCheckOptions
  ) throws(GradientCheckError) {
    guard !samples.isEmpty else { throw .invalidSamples("the cost needs at least one sample") }
    for (i, s) in samples.enumerated() {
      do {
        try network.validate(s, field: "samples[\(i)]")
      } catch {
        throw .invalidSamples(error.description)
      }
    }
    guard analytic.hasShape(of: network) else {
      throw .shapeMismatch("the gradients do not have the network's shapes")
    }
    let h = options.resolvedEpsilon
    guard h.isFinite && h > 0 else {
      throw .invalidOption("epsilon must be a positive number, got \(h)")
    }
    let t = options.resolvedTolerance
    guard t.rtol.isFinite && t.rtol >= 0 else {
      throw .invalidOption("rtol must be zero or positive, got \(t.rtol)")
    }
    guard t.atol.isFinite && t.atol >= 0 else {
      throw .invalidOption("atol must be zero or positive, got \(t.atol)")
    }
    if let k = options.entriesPerBlock, k < 1 {
      throw .invalidOption("entries must be at least 1, got \(k)")
    }
    if let n = options.directions, n < 1 {
      throw .invalidOption("directions must be at least 1, got \(n)")
    }
    if options.entriesPerBlock != nil && options.directions != nil {
      throw .invalidOption("entries and directions cannot be combined")
    }
    if options.method.isComplex && options.precision == .float {
      throw .invalidOption("complex-step evaluates in double precision; use a real-step method")
    }
  }

  /// The per-entry loop, generic over the scalar type of the evaluations.
  private static func estimate<T: NetworkScalar & Equatable>(
    _ type: T.Type, network: Network, samples: [Sample], analytic: Gradients,
    indices: [ParameterIndex], steps: [T], options: GradientCheckOptions,
    progress: ((Int, Int) -> Void)?, batched: BatchedChanges? = nil,
    combine: ([T]) -> Double
  ) -> [EntryCheck] {
    let tolerance = options.resolvedTolerance
    let evaluator = IncrementalEvaluator<T>(network: network, samples: samples)
    let naive = FullForwardEvaluator<T>(network: network, samples: samples)
    let hasKinks = network.activations.contains { !$0.kinks.isEmpty }
    let cost = hasKinks ? network.cost(over: samples) : 0
    let nearKink =
      options.precision == .float && hasKinks
      ? NearKinks(network: network, samples: samples) : nil
    var changes = [T](repeating: T(0), count: steps.count)
    var out: [EntryCheck] = []
    out.reserveCapacity(indices.count)
    for (n, index) in indices.enumerated() {
      let crossed = steps.withUnsafeBufferPointer { s in
        changes.withUnsafeMutableBufferPointer { c in
          if let batched {
            return batched.read(entry: n, into: c)
          }
          switch options.strategy {
          case .automatic, .batched, .incremental:
            return evaluator.costChanges(at: index, steps: s, into: c)
          case .fullForward: return naive.costChanges(at: index, steps: s, into: c)
          }
        }
      }
      var numeric = combine(changes)
      let a = analytic[index]
      // In float, a unit within rounding of its kink may sit on the other side than in
      // double, so a disagreeing entry that moves such a unit is treated as kinked too.
      let kinked =
        !crossed.isDisjoint(with: [.kink, .kinkEdge])
        || (nearKink?.affects(index) == true && !tolerance.accepts(a, numeric))
      if crossed.contains(.crease) && !kinked && options.method.needsSmoothCurvature {
        // f″ jumps inside the stencil (elu at 0): the higher-order error terms do not exist,
        // so use a central difference with its default step instead.
        numeric = centralFallback(evaluator, index: index, precision: options.precision)
      }
      if kinked {
        let recheck = kinkRecheck(
          evaluator, index: index, analytic: a, precision: options.precision,
          tolerance: tolerance, cost: cost)
        if let r = recheck, !r.agrees, options.precision == .double {
          // A step clear of every kink is a valid comparison: it disagrees, so the entry fails.
          out.append(
            EntryCheck(
              index: index, analytic: a, numeric: r.numeric, status: .failed, recheck: r))
        } else {
          // Agreeing, no clear step, or (float only) disagreeing: float rounding can put a
          // unit next to its kink on the wrong side, so a float re-check cannot convict.
          out.append(
            EntryCheck(
              index: index, analytic: a, numeric: numeric, status: .kink, recheck: recheck))
        }
      } else {
        let status: EntryCheck.Status = tolerance.accepts(a, numeric) ? .passed : .failed
        out.append(EntryCheck(index: index, analytic: a, numeric: numeric, status: status))
      }
      if let progress, n % 256 == 255 { progress(n + 1, indices.count) }
    }
    progress?(indices.count, indices.count)
    return out
  }

  /// The estimate by `FiniteDifferenceMethod.creaseFallback` (central, two offsets).
  private static func centralFallback<T: NetworkScalar & Equatable>(
    _ evaluator: IncrementalEvaluator<T>, index: ParameterIndex, precision: Precision
  ) -> Double {
    let (method, h) = FiniteDifferenceMethod.creaseFallback(precision: precision)
    let steps = method.offsets.map { T($0 * h) }
    var changes = steps.map { _ in T(0) }
    steps.withUnsafeBufferPointer { s in
      changes.withUnsafeMutableBufferPointer { c in
        _ = evaluator.costChanges(at: index, steps: s, into: c)
      }
    }
    return method.combine(changes.map(\.realPart), step: h)
  }

  /// Retries a kinked entry with steps that stay clear of every kink (`KinkRecheck.search`),
  /// reusing one pair of step and change buffers for every rung of the ladder.
  private static func kinkRecheck<T: NetworkScalar & Equatable>(
    _ evaluator: IncrementalEvaluator<T>, index: ParameterIndex, analytic: Double,
    precision: Precision, tolerance: Tolerance, cost: Double
  ) -> KinkRecheck? {
    // Every re-check method has one or two offsets.
    var steps = [T(0), T(0)]
    var changes = [T(0), T(0)]
    var realChanges = [0.0, 0.0]
    return KinkRecheck.search(
      analytic: analytic, precision: precision, tolerance: tolerance, cost: cost
    ) { method, step in
      let offsets = method.offsets
      for (i, offset) in offsets.enumerated() { steps[i] = T(offset * step) }
      let crossed = steps.withUnsafeBufferPointer { s in
        changes.withUnsafeMutableBufferPointer { c in
          evaluator.costChanges(
            at: index, steps: UnsafeBufferPointer(rebasing: s[0..<offsets.count]),
            into: UnsafeMutableBufferPointer(rebasing: c[0..<offsets.count]))
        }
      }
      if crossed.contains(.kink) || (method == .central && crossed.contains(.kinkEdge)) {
        return nil
      }
      realChanges.removeAll(keepingCapacity: true)
      for i in 0..<offsets.count { realChanges.append(changes[i].realPart) }
      return method.combine(realChanges, step: step)
    }
  }
}
