/// The work and memory of a check, estimated from the layer sizes and the options before
/// anything is allocated, and the limits they are held to.
///
/// Work is counted as parameters × samples × evaluations: every evaluation of the cost
/// costs about one multiply-add per parameter per sample for a full forward pass, and
/// less for the incremental one, so the count is an upper bound in multiply-adds. Memory is
/// counted in numbers (8 bytes each): four copies of the parameters (network, gradients,
/// the evaluator's and a perturbed copy) and z and a of every unit for every sample.
public struct WorkEstimate: Equatable, Sendable {
  /// The weights and biases, Σ n_l (n_(l−1) + 1).
  public var parameters: Int
  /// The samples the cost averages.
  public var samples: Int
  /// Cost evaluations per parameter, in units of one forward pass over every parameter.
  public var evaluations: Int
  /// Numbers held in memory.
  public var memoryNumbers: Int

  /// parameters × samples × evaluations, saturating at `Int.max`.
  public var work: Int { WorkEstimate.product([parameters, samples, evaluations]) }

  /// The work allowed per allowed parameter: with the default 5,000,000 parameters, 1e10
  /// multiply-adds, minutes on one core.
  public static let workPerParameter = 2_000
  /// The numbers in memory allowed per allowed parameter: with the default, 8e7 numbers
  /// (640 MB).
  public static let memoryPerParameter = 16

  /// Which limit an estimate exceeds.
  public enum Excess: Equatable, Sendable {
    /// More parameters than `maximumParameters`.
    case parameters(limit: Int)
    /// More work than `workPerParameter` × `maximumParameters`.
    case work(limit: Int)
    /// More numbers in memory than `memoryPerParameter` × `maximumParameters`.
    case memory(limit: Int)
  }

  /// Creates an estimate.
  public init(parameters: Int, samples: Int, evaluations: Int, memoryNumbers: Int) {
    self.parameters = parameters
    self.samples = samples
    self.evaluations = evaluations
    self.memoryNumbers = memoryNumbers
  }

  /// The first limit this estimate exceeds for `maximumParameters`, or `nil`.
  public func excess(maximumParameters: Int) -> Excess? {
    if parameters > maximumParameters { return .parameters(limit: maximumParameters) }
    let work = WorkEstimate.product([maximumParameters, WorkEstimate.workPerParameter])
    if self.work > work { return .work(limit: work) }
    let memory = WorkEstimate.product([maximumParameters, WorkEstimate.memoryPerParameter])
    if memoryNumbers > memory { return .memory(limit: memory) }
    return nil
  }

  /// The estimate for a network of `sizes` over `samples`, with `evaluations` per parameter.
  static func network(sizes: [Int], samples: Int, evaluations: Int) -> WorkEstimate {
    let parameters = Network.parameterCount(sizes: sizes)
    var units = 0
    for n in sizes { units = WorkEstimate.sum(units, n) }
    let memory = WorkEstimate.sum(
      WorkEstimate.product([4, parameters]), WorkEstimate.product([2, samples, units]))
    return WorkEstimate(
      parameters: parameters, samples: samples, evaluations: evaluations, memoryNumbers: memory)
  }

  /// A gradient check with `options`: per entry, one evaluation per offset of the method
  /// (a fraction of the entries with `entriesPerBlock`); per direction, a full forward pass
  /// per offset.
  public static func gradientCheck(sizes: [Int], samples: Int, options: GradientCheckOptions)
    -> WorkEstimate
  {
    let offsets = options.method.isComplex ? 1 : options.method.offsets.count
    var evaluations = offsets
    if let n = options.directions { evaluations = product([n, offsets]) }
    if let k = options.entriesPerBlock {
      // k entries of each of 2L blocks, as a share of the parameters (at least one pass).
      let checked = product([k, 2 * (sizes.count - 1), offsets])
      evaluations = max(1, min(offsets, checked / max(1, Network.parameterCount(sizes: sizes))))
    }
    return network(sizes: sizes, samples: samples, evaluations: evaluations)
  }

  /// A Taylor test with `options`: per layer, `evaluationsPerSeries` full forward passes;
  /// per entry, as many incremental ones.
  public static func taylor(sizes: [Int], samples: Int, options: TaylorOptions) -> WorkEstimate {
    let perSeries = options.evaluationsPerSeries
    let layers = product([sizes.count - 1, perSeries])
    return network(
      sizes: sizes, samples: samples,
      evaluations: options.perEntry ? sum(layers, perSeries) : layers)
  }

  static func product(_ factors: [Int]) -> Int {
    var total = 1
    for f in factors {
      let (p, overflow) = total.multipliedReportingOverflow(by: max(f, 0))
      if overflow { return Int.max }
      total = p
    }
    return total
  }

  static func sum(_ a: Int, _ b: Int) -> Int {
    let (s, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int.max : s
  }
}
