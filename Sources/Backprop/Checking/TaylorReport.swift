import Foundation

/// Which Taylor remainder is measured.
///
/// For a direction v and slope gᵀv, the forward remainder is
/// R(h) = |C(θ + hv) − C(θ) − h gᵀv| and the central one is
/// R(h) = |C(θ + hv) − C(θ − hv) − 2h gᵀv|. When g is the gradient, the forward remainder
/// is (h²/2) vᵀHv + O(h³) and the central one (h³/3) C‴ + O(h⁵): they shrink like h² and h³.
/// When gᵀv is off by δ, both hold a term h·δ (2h·δ) that shrinks only like h and wins as h
/// shrinks, whatever the size of δ.
public enum TaylorForm: String, CaseIterable, Sendable {
  /// C(θ + hv) − C(θ) − h gᵀv: order 2 for a right gradient.
  case forward
  /// C(θ + hv) − C(θ − hv) − 2h gᵀv: order 3 for a right gradient.
  case central

  /// The order of the remainder when the gradient is right.
  public var rightOrder: Double {
    switch self {
    case .forward: return 2
    case .central: return 3
    }
  }

  /// The order of the remainder when the gradient is wrong (any error δ ≠ 0).
  public static let wrongOrder = 1.0

  /// The order at or above which a series passes.
  ///
  /// It lies halfway between the wrong order 1 and the right one, 1.5 for the forward form and 2 for the central one, so that the two
  /// hypotheses are equally far from it. Steps whose remainder is below 8 times the bound
  /// of its rounding error are left out (the error then moves an order by at most 0.36 per
  /// halving in the worst case, far less in practice), and higher-order terms move it by
  /// O(h) at the smallest steps used.
  public var passingOrder: Double { (rightOrder + TaylorForm.wrongOrder) / 2 }
}

/// One step of a Taylor series: the step, the remainder, and whether it can be used.
public struct TaylorStep: Equatable, Sendable {
  /// The step h along the unit direction.
  public var step: Double
  /// The remainder R(h).
  public var remainder: Double
  /// The rounding level of R(h): steps whose remainder is at or below it are not used.
  public var roundingFloor: Double
  /// Whether some pre-activation of a relu or leaky-relu unit changes side of 0 between θ
  /// and θ ± hv for some sample: the cost is not smooth over the step.
  public var crossesKink: Bool

  /// Whether the remainder is clear of rounding and the step crosses no kink.
  public var isUsable: Bool { !crossesKink && remainder > roundingFloor }

  /// Creates a step.
  public init(step: Double, remainder: Double, roundingFloor: Double, crossesKink: Bool) {
    self.step = step
    self.remainder = remainder
    self.roundingFloor = roundingFloor
    self.crossesKink = crossesKink
  }
}

/// The remainders of one direction over halving steps, and the order they show.
public struct TaylorSeries: Equatable, Sendable {
  /// The verdict of a series.
  public enum Status: String, Sendable {
    /// The measured order is at least `TaylorForm.passingOrder`.
    case passed
    /// The measured order is below `TaylorForm.passingOrder`: the remainder shrinks like h.
    case failed
    /// The remainder is at rounding level at every step that crosses no kink: the first-order
    /// model is exact to rounding along this direction (C is linear, or quadratic for the
    /// central form, along it), which a wrong slope could not be.
    case exact
    /// Too few steps clear of rounding cross no kink: not judged, like a kink entry of the
    /// tolerance check.
    case kink
  }

  /// gᵀv, the slope the gradient claims along the direction.
  public var slope: Double
  /// Every step taken, largest first, each half the one before.
  public var steps: [TaylorStep]
  /// The indices in `steps` of the steps the order is measured on: the smallest usable ones,
  /// consecutive halvings.
  public var used: Range<Int>
  /// The least-squares slope of log R against log h over `used`, or `nil` with fewer usable
  /// steps than the window (three).
  public var order: Double?
  /// The verdict.
  public var status: Status

  /// The smallest step that crosses a kink, if any.
  ///
  /// The order breaks down there; steps from it upward are left out.
  public var kinkStep: Double? {
    steps.last(where: \.crossesKink)?.step
  }

  /// log₂ R(h_{i−1}) / R(h_i) for each i ≥ 1 whose two remainders are positive: the order
  /// measured on each halving, `nil` where it is undefined.
  public var pairOrders: [Double?] {
    steps.indices.map { i in
      guard i > 0, steps[i].remainder > 0, steps[i - 1].remainder > 0 else { return nil }
      return log2(steps[i - 1].remainder / steps[i].remainder)
    }
  }

  /// Whether the series does not fail.
  public var passed: Bool { status != .failed }
}

/// The Taylor test of one layer: one random unit direction over its weights and biases.
public struct TaylorLayer: Equatable, Sendable {
  /// The layer l, 1…L.
  public var layer: Int
  /// The number of parameters the direction spans, n_l (n_(l−1) + 1).
  public var parameters: Int
  /// The remainders and their order.
  public var series: TaylorSeries
}

/// The Taylor test of one entry: the direction is the entry's unit vector.
public struct TaylorEntry: Equatable, Sendable {
  /// The entry of a dense network; `nil` for a layered network's, which `name` names.
  public var index: ParameterIndex?
  /// The entry's name such as `W¹[0,1]` or `K1[0,0,1,1]`.
  public var name: String
  /// Its position: the layer then the indices (`[1, 0, 1]` for W¹[0,1]), or the tensor's
  /// indices for a layered network's entry.
  public var position: [Int]
  /// The remainders and their order.
  public var series: TaylorSeries

  /// The entry `index` of a dense network.
  public init(index: ParameterIndex, series: TaylorSeries) {
    self.index = index
    name = index.description
    position = [index.layer] + index.indices
    self.series = series
  }

  /// An entry of a layered network, by name and position in its tensor.
  public init(name: String, position: [Int], series: TaylorSeries) {
    index = nil
    self.name = name
    self.position = position
    self.series = series
  }
}

/// The result of a Taylor test: the measured convergence order per layer (and per entry).
public struct TaylorReport: Equatable, Sendable {
  /// The remainder measured.
  public var form: TaylorForm
  /// The layer sizes, input first (empty for a layered network).
  public var sizes: [Int]
  /// A layered network's architecture as `--arch` writes it; `nil` for a dense network.
  public var architecture: String? = nil
  /// The number of samples the cost averages.
  public var sampleCount: Int
  /// The seed of the random directions.
  public var seed: UInt64
  /// The mean cost at θ.
  public var cost: Double
  /// One series per layer, layer 1 first.
  public var layers: [TaylorLayer]
  /// One series per entry in canonical order, when asked for; else empty.
  public var entries: [TaylorEntry]

  /// The parameters the layers' directions span, all of the network's.
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameters } }

  /// The network as the reports name it: `a 2-3-2 network`, or the architecture.
  var networkName: String {
    architecture.map { "the network '\($0)'" }
      ?? "a " + sizes.map(String.init).joined(separator: "-") + " network"
  }

  /// Whether no layer and no entry failed.
  public var passed: Bool {
    layers.allSatisfy(\.series.passed) && entries.allSatisfy(\.series.passed)
  }

  /// The series that failed, layers then entries.
  public var failures: Int {
    layers.filter { $0.series.status == .failed }.count
      + entries.filter { $0.series.status == .failed }.count
  }

  /// The series not judged because of kinks, layers then entries.
  public var kinks: Int {
    layers.filter { $0.series.status == .kink }.count
      + entries.filter { $0.series.status == .kink }.count
  }
}
