/// The directional screen: compare ⟨g, d⟩ with a finite difference of C along d for random
/// unit directions d, and bisect failing directions down to the offending entries.
///
/// One direction costs a handful of forward passes whatever the parameter count, so a few
/// directions screen a large network quickly. When ⟨g, d⟩ disagrees, the coordinates are
/// split in halves and each half of d is tested alone; halves that agree are cleared, halves
/// that disagree are split again, down to single entries, which are then checked one by one
/// (with kink detection). k wrong entries among P cost about 2k log₂ P evaluations.
struct DirectionalScreen {
  let network: Network
  let samples: [Sample]
  let analytic: Gradients
  let options: GradientCheckOptions
  let indices: [ParameterIndex]
  let gradient: [Double]
  /// C at the base point, for the round-off estimate of kink re-checks.
  let cost: Double
  /// Whether some relu or leaky-relu pre-activation is exactly 0 for some sample.
  let unitsOnKink: Bool

  init(network: Network, samples: [Sample], analytic: Gradients, options: GradientCheckOptions) {
    self.network = network
    self.samples = samples
    self.analytic = analytic
    self.options = options
    indices = network.parameterIndices
    gradient = indices.map { analytic[$0] }
    cost = network.cost(over: samples)
    unitsOnKink = network.kinkMargin(over: samples) == 0
  }

  /// Runs `directions` random directions; returns the summary and the suspected entries.
  ///
  /// When a direction's step crossed a kink, the summary asks for every entry to be checked
  /// one by one (`DirectionalSummary.checkedEveryEntry`).
  func run(directions: Int, progress: ((Int, Int) -> Void)?) -> (
    summary: DirectionalSummary, suspects: [ParameterIndex]
  ) {
    var rng = SplitMix64(seed: options.seed)
    let tolerance = options.resolvedTolerance
    var failed = 0
    var kinked = 0
    var worst = 0.0
    var steps = 0
    var suspects = Set<Int>()
    var crossed = false
    for n in 0..<directions {
      var d = indices.map { _ in rng.nextGaussian() }
      let norm = Vector.norm(d)
      if norm > 0 { for i in 0..<d.count { d[i] /= norm } }
      let all = 0..<indices.count
      let (a, num) = compare(d, all)
      if !tolerance.accepts(a, num) {
        if crossesKink(d, all, steps: options.method.offsets.map { $0 * options.resolvedEpsilon }) {
          crossed = true
          // The difference along d mixes two slopes: judge it again with steps clear of every
          // kink; without one, leave the direction unjudged and let the entries decide.
          switch recheck(d, all, analytic: a, tolerance: tolerance) {
          case .some(let r) where r.agrees || options.precision == .float || unitsOnKink:
            // In float a unit next to its kink can sit on the wrong side, and units sitting
            // exactly on kinks that d moves to different sides leave no step whose slope the
            // analytic convention matches: a disagreeing re-check does not convict; the
            // entries are judged instead.
            if !r.agrees {
              bisect(d, all, tolerance: tolerance, steps: &steps, suspects: &suspects)
            }
            kinked += 1
            worst = max(worst, Tolerance.relativeError(a, r.numeric))
          case .some(let r):
            failed += 1
            worst = max(worst, Tolerance.relativeError(a, r.numeric))
            bisect(d, all, tolerance: tolerance, steps: &steps, suspects: &suspects)
          case .none:
            kinked += 1
            bisect(d, all, tolerance: tolerance, steps: &steps, suspects: &suspects)
          }
        } else {
          failed += 1
          worst = max(worst, Tolerance.relativeError(a, num))
          bisect(d, all, tolerance: tolerance, steps: &steps, suspects: &suspects)
        }
      } else {
        worst = max(worst, Tolerance.relativeError(a, num))
      }
      progress?(n + 1, directions)
    }
    var summary = DirectionalSummary(
      directions: directions, failedDirections: failed, maxRelativeError: worst,
      bisectionSteps: steps, kinkedDirections: kinked)
    // A direction across a kink mixes slopes even at the re-check's steps when it moves
    // several units sitting on kinks: the entries decide, every one of them.
    summary.checkedEveryEntry = crossed
    return (summary, suspects.sorted().map { indices[$0] })
  }

  /// Splits a failing block of coordinates until single entries remain.
  private func bisect(
    _ d: [Double], _ block: Range<Int>, tolerance: Tolerance, steps: inout Int,
    suspects: inout Set<Int>
  ) {
    if block.count == 1 {
      suspects.insert(block.lowerBound)
      return
    }
    let mid = block.lowerBound + block.count / 2
    let halves = [block.lowerBound..<mid, mid..<block.upperBound]
    var failing: [Range<Int>] = []
    var largest: (Range<Int>, Double)?
    for half in halves {
      steps += 1
      let (a, n) = compare(d, half)
      if !tolerance.accepts(a, n) { failing.append(half) }
      let excess = tolerance.excess(a, n)
      if largest == nil || excess > (largest?.1 ?? 0) { largest = (half, excess) }
    }
    // Both halves within tolerance although the whole is not: follow the larger error.
    if failing.isEmpty, let (half, _) = largest { failing = [half] }
    for half in failing {
      bisect(d, half, tolerance: tolerance, steps: &steps, suspects: &suspects)
    }
  }

  /// Whether moving the parameters of `block` by `s · d` for any of `steps` moves a relu or
  /// leaky-relu pre-activation across 0 (or onto or off 0 when `strict` is false), for any
  /// sample.
  ///
  /// Complex steps never do: they leave the real parts alone.
  private func crossesKink(
    _ d: [Double], _ block: Range<Int>, steps: [Double], strict: Bool = false
  )
    -> Bool
  {
    guard network.activations.contains(where: { !$0.kinks.isEmpty }),
      !options.method.isComplex
    else { return false }
    let base = Parameters<Double>(network)
    let z0 = kinkedPreActivations(base)
    for s in steps {
      var p = base
      for i in block { p[indices[i]] = p[indices[i]] + s * d[i] }
      for (u, v) in zip(z0, kinkedPreActivations(p)) {
        if strict ? (u > 0 && v < 0) || (u < 0 && v > 0) : (u > 0) != (v > 0) { return true }
      }
    }
    return false
  }

  /// Every relu and leaky-relu pre-activation for every sample, in a fixed order.
  private func kinkedPreActivations(_ p: Parameters<Double>) -> [Double] {
    var out: [Double] = []
    for sample in samples {
      _ = network.plainForward(sample.input, parameters: p) { l, z in
        if !network.activations[l - 1].kinks.isEmpty { out += z }
      }
    }
    return out
  }

  /// The derivative along d_B again with steps clear of every kink, by the ladder single
  /// entries use (`KinkRecheck.search`).
  private func recheck(_ d: [Double], _ block: Range<Int>, analytic: Double, tolerance: Tolerance)
    -> KinkRecheck?
  {
    KinkRecheck.search(
      analytic: analytic, precision: options.precision, tolerance: tolerance, cost: cost
    ) { method, step in
      let offsets = method.offsets.map { $0 * step }
      if crossesKink(d, block, steps: offsets, strict: method != .central) { return nil }
      switch options.precision {
      case .double: return real(Double.self, d, block, method: method, step: step)
      case .float: return real(Float.self, d, block, method: method, step: step)
      }
    }
  }

  /// ⟨g_B, d_B⟩ and the finite-difference derivative along d_B for the block B.
  private func compare(_ d: [Double], _ block: Range<Int>) -> (Double, Double) {
    var a = 0.0
    for i in block { a += gradient[i] * d[i] }
    return (a, numeric(d, block))
  }

  private func numeric(_ d: [Double], _ block: Range<Int>) -> Double {
    let h = options.resolvedEpsilon
    let method = options.method
    if method.isComplex {
      var p = Parameters<Complex>(network)
      for i in block { p[indices[i]] = p[indices[i]] + Complex(0, h * d[i]) }
      return network.cost(with: p, over: samples).im / h
    }
    switch options.precision {
    case .double: return real(Double.self, d, block, method: method, step: h)
    case .float: return real(Float.self, d, block, method: method, step: h)
    }
  }

  private func real<T: NetworkScalar>(
    _ type: T.Type, _ d: [Double], _ block: Range<Int>, method: FiniteDifferenceMethod,
    step h: Double
  ) -> Double {
    let base = Parameters<T>(network)
    let c0 = network.cost(with: base, over: samples)
    let changes = method.offsets.map { s -> Double in
      var p = base
      for i in block { p[indices[i]] = p[indices[i]] + T(s * h * d[i]) }
      return (network.cost(with: p, over: samples) - c0).realPart
    }
    return method.combine(changes, step: h)
  }
}
