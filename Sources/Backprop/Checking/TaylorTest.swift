import Foundation

/// What a Taylor test measures: the form, whether to test every entry, the directions' seed
/// and the ladder of steps.
public struct TaylorOptions: Equatable, Sendable {
  /// The remainder measured.
  public var form: TaylorForm
  /// Whether to test every entry along its own unit vector, besides every layer.
  public var perEntry: Bool
  /// The seed of each layer's random direction.
  public var seed: UInt64
  /// The first (largest) step along a unit direction.
  public var firstStep: Double
  /// The most steps taken, each half the one before (48 halvings of 1/16 reach 2^-52).
  public var maximumSteps: Int
  /// How many of the smallest usable steps the order is fitted to; fewer usable steps give
  /// no order.
  public var window: Int

  /// Creates options; every default is the documented one.
  public init(
    form: TaylorForm = .central, perEntry: Bool = false, seed: UInt64 = 0,
    firstStep: Double = 1.0 / 16, maximumSteps: Int = 48, window: Int = 3
  ) {
    self.form = form
    self.perEntry = perEntry
    self.seed = seed
    self.firstStep = firstStep
    self.maximumSteps = maximumSteps
    self.window = window
  }

  /// Checks the ladder: a positive first step, a window of at least 2 steps within
  /// `maximumSteps`.
  /// - Throws: `GradientCheckError.invalidOption` naming the option.
  func validate() throws(GradientCheckError) {
    guard firstStep.isFinite && firstStep > 0 else {
      throw .invalidOption("the first step must be a positive number, got \(firstStep)")
    }
    guard window >= 2 && maximumSteps >= window else {
      throw .invalidOption(
        "the window must be at least 2 steps and at most the \(maximumSteps) steps "
          + "taken, got \(window)")
    }
  }

  /// The cost evaluations one series takes at most per sample: one or two per step.
  public var evaluationsPerSeries: Int { maximumSteps * (form == .central ? 2 : 1) }
}

/// The Taylor test: a step-free, tolerance-free verdict on a gradient from the order at
/// which the Taylor remainder shrinks as the step halves (see `TaylorForm`).
///
/// Steps are chosen automatically: starting at `firstStep`, the step halves until the
/// remainder has been at its rounding level for two steps in a row (or `maximumSteps`).
/// The rounding level of a remainder is 8 u (e N + P + k h |gᵀv|), u = 2⁻⁵³, where N is a
/// first-order bound of the rounding error of one cost evaluation (per sample
/// |C_s| + Σ_l Σ_j |δ^l_j| (|b^l_j| + Σ_k |W^l_jk a^(l−1)_k|), averaged; for an entry of
/// layer l, evaluated incrementally, the terms of layers above l and Σ_j |δ^l_j z^l_j|
/// instead of those of layers up to l), e the number of
/// cost values in the remainder (2 forward, 3 central), P = Σ_i |θ_i ∂C/∂θ_i| over the
/// direction's entries (the rounding of θ + hv itself), and k = 1 forward, 2 central; N and
/// P use the library's backprop, so a wrong gradient under test cannot move the level. A
/// step is usable when its remainder is above its rounding level and it crosses no kink;
/// the order is the least-squares slope of log R against log h over `window` (3)
/// consecutive usable steps: the smallest such steps whose two halvings agree within
/// `settledSpread`, else simply the smallest.
public enum TaylorTest {
  /// The margin between a usable remainder and the bound of its rounding error: the error
  /// then moves one remainder by at most 12.5 %, and a measured order by at most 0.36 per
  /// halving, in the worst case the bound assumes (every rounding error of the pass adding
  /// up); measured remainders follow h³ cleanly down to a tenth of the bound and below.
  public static let roundingMargin = 8.0

  /// Measures the order of the Taylor remainder of every layer (and entry) of `network`'s
  /// mean cost over `samples`, for the gradients `analytic`.
  ///
  /// - Parameters:
  ///   - network: The network.
  ///   - samples: The samples the cost averages, at least one.
  ///   - analytic: The gradients to judge, shaped like the network's parameters.
  ///   - options: The form, per-entry series, seed and ladder of steps.
  ///   - progress: Called now and then with (series done, series in all).
  /// - Returns: The measured order and verdict of every layer (and entry).
  /// - Throws: `GradientCheckError` for bad samples, shapes or options, or a forward pass
  ///   that is not finite (`.nonFinite`).
  /// - Complexity: O(`maximumSteps` · m · Σ n_l n_(l−1)) per layer; per entry, the
  ///   incremental evaluator's cost of one perturbation times `maximumSteps`.
  public static func run(
    network: Network, samples: [Sample], analytic: Gradients,
    options: TaylorOptions = TaylorOptions(), progress: ((Int, Int) -> Void)? = nil
  ) throws(GradientCheckError) -> TaylorReport {
    try GradientCheck.validate(
      network: network, samples: samples, analytic: analytic, options: GradientCheckOptions())
    try options.validate()
    if let bad = network.firstNonFiniteValue(over: samples) { throw .nonFinite(bad) }
    let noise = RoundingScale(network: network, samples: samples)
    let cost = network.cost(over: samples)
    let total = network.depth + (options.perEntry ? network.parameterCount : 0)
    var rng = SplitMix64(seed: options.seed)
    var layers: [TaylorLayer] = []
    for l in 1...network.depth {
      let direction = LayerDirection(network: network, samples: samples, layer: l, rng: &rng)
      var slope = 0.0
      var parameterScale = 0.0
      for (i, index) in direction.indices.enumerated() {
        slope += analytic[index] * direction.v[i]
        parameterScale += abs(network[index] * noise.gradient[index])
      }
      let series = measure(
        options: options, slope: slope, evaluationNoise: noise.evaluation,
        parameterNoise: parameterScale
      ) { h in direction.changes(h, both: options.form == .central) }
      layers.append(
        TaylorLayer(layer: l, parameters: direction.indices.count, series: series))
      progress?(l, total)
    }
    var entries: [TaylorEntry] = []
    if options.perEntry {
      let evaluator = IncrementalEvaluator<Double>(network: network, samples: samples)
      let offsets: [Double] = options.form == .central ? [1, -1] : [1]
      var steps = offsets
      var changes = offsets
      for (n, index) in network.parameterIndices.enumerated() {
        let series = measure(
          options: options, slope: analytic[index],
          evaluationNoise: noise.incremental[index.layer],
          parameterNoise: abs(network[index] * noise.gradient[index])
        ) { h in
          for i in offsets.indices { steps[i] = offsets[i] * h }
          let crossed = steps.withUnsafeBufferPointer { s in
            changes.withUnsafeMutableBufferPointer { c in
              evaluator.costChanges(at: index, steps: s, into: c)
            }
          }
          let kinked = !crossed.isDisjoint(with: [.kink, .kinkEdge])
          return (changes[0], changes.count > 1 ? changes[1] : 0, kinked)
        }
        entries.append(TaylorEntry(index: index, series: series))
        if let progress, n % 256 == 255 { progress(network.depth + n + 1, total) }
      }
    }
    progress?(total, total)
    return TaylorReport(
      form: options.form, sizes: network.sizes, sampleCount: samples.count, seed: options.seed,
      cost: cost, layers: layers, entries: entries)
  }

  /// Halves the step from `options.firstStep`, records each remainder, and fits the order.
  ///
  /// - Parameters:
  ///   - options: The form and the ladder of steps.
  ///   - slope: gᵀv.
  ///   - evaluationNoise: N, the rounding scale of one cost evaluation.
  ///   - parameterNoise: P, the rounding scale of θ + hv.
  ///   - change: For a step h, (C(θ + hv) − C(θ), C(θ − hv) − C(θ), whether a kink lies
  ///     within ±hv); the second is read only for the central form.
  /// - Returns: Every step taken, the order and the verdict.
  static func measure(
    options: TaylorOptions, slope: Double, evaluationNoise: Double, parameterNoise: Double,
    change: (Double) -> (plus: Double, minus: Double, crossesKink: Bool)
  ) -> TaylorSeries {
    let u = Double.ulpOfOne / 2
    let central = options.form == .central
    let evaluations = central ? 3.0 : 2.0
    var steps: [TaylorStep] = []
    var h = options.firstStep
    var belowFloor = 0
    while steps.count < options.maximumSteps && belowFloor < 2 {
      let (plus, minus, crossed) = change(h)
      let remainder = central ? abs(plus - minus - 2 * h * slope) : abs(plus - h * slope)
      let floor =
        roundingMargin * u
        * (evaluations * evaluationNoise + parameterNoise + (central ? 2 : 1) * h * abs(slope))
      let step = TaylorStep(
        step: h, remainder: remainder, roundingFloor: floor, crossesKink: crossed)
      steps.append(step)
      belowFloor = !crossed && remainder <= floor ? belowFloor + 1 : 0
      h /= 2
    }
    return judge(steps, slope: slope, options: options)
  }

  /// The verdict on a ladder of steps (see `TaylorSeries.Status`).
  static func judge(_ steps: [TaylorStep], slope: Double, options: TaylorOptions)
    -> TaylorSeries
  {
    if let used = settledWindow(steps, size: options.window) {
      let order = fittedOrder(steps[used])
      let status: TaylorSeries.Status =
        order >= options.form.passingOrder ? .passed : .failed
      return TaylorSeries(slope: slope, steps: steps, used: used, order: order, status: status)
    }
    let used = 0..<0
    // No order: exact when the ladder ended on smooth steps at rounding level (fewer than
    // `window` usable steps above them: an error in gᵀv that small is rounding), else kinks
    // left too few steps.
    let last = steps.suffix(2)
    let exact =
      last.count == 2 && last.allSatisfy { !$0.crossesKink && $0.remainder <= $0.roundingFloor }
    return TaylorSeries(
      slope: slope, steps: steps, used: used, order: nil, status: exact ? .exact : .kink)
  }

  /// How far apart the orders of the halvings inside a window may be for the window to show
  /// one regime: clean windows agree to a few hundredths; a window that straddles the
  /// cancellation of two terms, or that rounding reaches, disagrees by tenths or more.
  public static let settledSpread = 0.25

  /// The window the order is read on: among runs of `size` consecutive usable steps, the one
  /// with the smallest steps whose halvings agree within `settledSpread`, else the one with
  /// the smallest steps; `nil` with fewer than `size` consecutive usable steps.
  static func settledWindow(_ steps: [TaylorStep], size: Int) -> Range<Int>? {
    var windows: [Range<Int>] = []
    var end = steps.count
    while end - size >= 0 {
      let window = (end - size)..<end
      if steps[window].allSatisfy(\.isUsable) { windows.append(window) }
      end -= 1
    }
    for window in windows {
      var orders: [Double] = []
      for i in window.dropFirst() {
        orders.append(log2(steps[i - 1].remainder / steps[i].remainder))
      }
      if let low = orders.min(), let high = orders.max(), high - low <= settledSpread {
        return window
      }
    }
    return windows.first
  }

  /// The least-squares slope of log₂ R against log₂ h.
  static func fittedOrder(_ steps: ArraySlice<TaylorStep>) -> Double {
    let x = steps.map { log2($0.step) }
    let y = steps.map { log2($0.remainder) }
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n
    let my = y.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    for (a, b) in zip(x, y) {
      sxy += (a - mx) * (b - my)
      sxx += (a - mx) * (a - mx)
    }
    return sxy / sxx
  }
}

/// The rounding scales of the cost at θ, from the library's forward and backward passes.
///
/// A weighted input z^l_j = b^l_j + Σ_k W^l_jk a^(l−1)_k is computed with an error of at most
/// about u (|b^l_j| + Σ_k |W^l_jk a^(l−1)_k|), which moves the cost by |δ^l_j| times that: the
/// sum over units and layers, with |C_s|, bounds the rounding error of one evaluation to
/// first order.
struct RoundingScale {
  /// N: the mean over samples of |C_s| + Σ_l Σ_j |δ^l_j| (|b^l_j| + Σ_k |W^l_jk a^(l−1)_k|),
  /// for a full forward pass.
  let evaluation: Double
  /// For an entry of layer l, evaluated incrementally (z^l_j shifted, the layers above
  /// recomputed): the mean of |C_s| + Σ_j |δ^l_j| |z^l_j| + the terms of N above layer l.
  let incremental: [Double]
  /// The library's gradients of the mean cost, for the rounding of θ + hv.
  let gradient: Gradients

  /// - Complexity: O(m · Σ n_l n_(l−1)).
  init(network: Network, samples: [Sample]) {
    let depth = network.depth
    var costs = 0.0
    var layerTerms = [Double](repeating: 0, count: depth + 1)
    var shiftTerms = [Double](repeating: 0, count: depth + 1)
    for sample in samples {
      let trace = network.forward(sample.input)
      let back = network.backward(trace, target: sample.target)
      costs += abs(network.cost(of: sample))
      for l in 1...depth {
        let w = network.weights[l - 1]
        for j in 0..<network.sizes[l] {
          var magnitude = abs(network.biases[l - 1][j])
          for k in 0..<network.sizes[l - 1] { magnitude += abs(w[j, k] * trace.a[l - 1][k]) }
          layerTerms[l] += abs(back.delta[l][j]) * magnitude
          shiftTerms[l] += abs(back.delta[l][j] * trace.z[l][j])
        }
      }
    }
    let m = Double(samples.count)
    evaluation = (costs + layerTerms.reduce(0, +)) / m
    incremental = (0...depth).map { l in
      l == 0 ? 0 : (costs + shiftTerms[l] + layerTerms[(l + 1)...].reduce(0, +)) / m
    }
    gradient = network.gradients(over: samples)
  }
}

/// One layer's random unit direction and the cost along it, by full forward passes that
/// also watch relu and leaky-relu pre-activations for kink crossings.
struct LayerDirection {
  let network: Network
  let samples: [Sample]
  let layer: Int
  /// The layer's entries, W^l row by row then b^l.
  let indices: [ParameterIndex]
  /// The unit direction, one component per entry of `indices`.
  let v: [Double]
  private let base: Parameters<Double>
  private let baseCosts: [Double]
  private let basePattern: [Bool]

  init(network: Network, samples: [Sample], layer: Int, rng: inout SplitMix64) {
    self.network = network
    self.samples = samples
    self.layer = layer
    indices = network.parameterIndices.filter { $0.layer == layer }
    var d = indices.map { _ in rng.nextGaussian() }
    let norm = Vector.norm(d)
    if norm > 0 { for i in d.indices { d[i] /= norm } }
    v = d
    base = Parameters<Double>(network)
    (baseCosts, basePattern) = LayerDirection.evaluate(network, samples, base)
  }

  /// (C(θ + hv) − C(θ), C(θ − hv) − C(θ), whether either step changes the side of 0 of a
  /// relu or leaky-relu pre-activation), each difference summed sample by sample; the step
  /// −hv is taken only when `both`, else its change is 0.
  func changes(_ h: Double, both: Bool) -> (plus: Double, minus: Double, crossesKink: Bool) {
    let (plus, plusKink) = change(h)
    guard both else { return (plus, 0, plusKink) }
    let (minus, minusKink) = change(-h)
    return (plus, minus, plusKink || minusKink)
  }

  private func change(_ s: Double) -> (Double, Bool) {
    var p = base
    for (i, index) in indices.enumerated() { p[index] = base[index] + s * v[i] }
    let (costs, pattern) = LayerDirection.evaluate(network, samples, p)
    var total = 0.0
    for (c, c0) in zip(costs, baseCosts) { total += c - c0 }
    return (total / Double(samples.count), pattern != basePattern)
  }

  /// The per-sample costs and the sign pattern (z > 0) of every kinked unit.
  private static func evaluate(_ network: Network, _ samples: [Sample], _ p: Parameters<Double>)
    -> ([Double], [Bool])
  {
    var pattern: [Bool] = []
    var costs: [Double] = []
    costs.reserveCapacity(samples.count)
    for sample in samples {
      let (z, a) = network.plainForward(sample.input, parameters: p) { l, z in
        if !network.activations[l - 1].kinks.isEmpty {
          for value in z { pattern.append(value > 0) }
        }
      }
      costs.append(
        network.cost.value(
          z: z, a: a, outputActivation: network.activations[network.depth - 1],
          target: sample.target))
    }
    return (costs, pattern)
  }
}
