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

  init(network: Network, samples: [Sample], analytic: Gradients, options: GradientCheckOptions) {
    self.network = network
    self.samples = samples
    self.analytic = analytic
    self.options = options
    indices = network.parameterIndices
    gradient = indices.map { analytic[$0] }
  }

  /// Runs `directions` random directions; returns the summary and the suspected entries.
  func run(directions: Int, progress: ((Int, Int) -> Void)?) -> (
    summary: DirectionalSummary, suspects: [ParameterIndex]
  ) {
    var rng = SplitMix64(seed: options.seed)
    let tolerance = options.resolvedTolerance
    var failed = 0
    var worst = 0.0
    var steps = 0
    var suspects = Set<Int>()
    for n in 0..<directions {
      var d = indices.map { _ in rng.nextGaussian() }
      let norm = Vector.norm(d)
      if norm > 0 { for i in 0..<d.count { d[i] /= norm } }
      let all = 0..<indices.count
      let (a, num) = compare(d, all)
      worst = max(worst, Tolerance.relativeError(a, num))
      if !tolerance.accepts(a, num) {
        failed += 1
        bisect(d, all, tolerance: tolerance, steps: &steps, suspects: &suspects)
      }
      progress?(n + 1, directions)
    }
    return (
      DirectionalSummary(
        directions: directions, failedDirections: failed, maxRelativeError: worst,
        bisectionSteps: steps),
      suspects.sorted().map { indices[$0] }
    )
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
    case .double: return real(Double.self, d, block)
    case .float: return real(Float.self, d, block)
    }
  }

  private func real<T: NetworkScalar>(_ type: T.Type, _ d: [Double], _ block: Range<Int>)
    -> Double
  {
    let h = options.resolvedEpsilon
    let base = Parameters<T>(network)
    let c0 = network.cost(with: base, over: samples)
    let changes = options.method.offsets.map { s -> Double in
      var p = base
      for i in block { p[indices[i]] = p[indices[i]] + T(s * h * d[i]) }
      return (network.cost(with: p, over: samples) - c0).realPart
    }
    return options.method.combine(changes, step: h)
  }
}
