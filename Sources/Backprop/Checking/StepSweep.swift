import Foundation

/// The error of finite-difference derivatives of one parameter against the step, from
/// 1e-1 down to 1e-16: truncation error falls with the step, rounding error grows as it
/// shrinks, so forward and central differences trace a V; the complex step has no
/// subtraction and stays at rounding level.
public struct StepSweep: Equatable, Sendable {
  /// One method's errors, one per step of `StepSweep.steps`.
  public struct Curve: Equatable, Sendable {
    /// Forward, central or complex-step.
    public let method: FiniteDifferenceMethod
    /// The finite-difference estimate at each step.
    public let estimates: [Double]
    /// |estimate − analytic| at each step.
    public let errors: [Double]
  }

  /// A least-squares slope of log₁₀ error against log₁₀ step.
  public struct Slope: Equatable, Sendable {
    /// The fitted slope.
    public let value: Double
    /// The slope theory predicts: −1 for rounding (error ~ u/h), the order p for
    /// truncation (error ~ h^p).
    public let expected: Double
    /// How many points were fitted.
    public let points: Int
    /// How many of them are steps that cross a kink (`StepSweep.crossesKink`): a slope over
    /// such steps does not measure the method's order.
    public var kinkedPoints: Int = 0
  }

  /// The steps, 1e-1, 1e-2, …, 1e-16, each the decimal literal's `Double`.
  public static let steps: [Double] = (1...16).compactMap { Double("1e-\($0)") }

  /// The methods swept, in this order.
  public static let methods: [FiniteDifferenceMethod] = [.forward, .central, .complexStep]

  /// Its gradient by backpropagation, the reference.
  public let analytic: Double
  /// One curve per method of `methods`.
  public let curves: [Curve]
  /// For each step, whether θ + ε moves a unit across a kink (a relu pre-activation across
  /// 0, a max-pool's winner): the forward difference there spans two branches.
  public let forwardCrossesKink: [Bool]
  /// For each step, whether θ + ε or θ − ε does (or a unit sits on a kink the two straddle):
  /// the central difference there spans two branches.
  public let centralCrossesKink: [Bool]

  /// Whether `method`'s estimate at step `i` of `steps` spans a kink (never for the complex
  /// step, whose perturbation is imaginary).
  public func crossesKink(_ method: FiniteDifferenceMethod, step i: Int) -> Bool {
    switch method {
    case .forward: return forwardCrossesKink.indices.contains(i) && forwardCrossesKink[i]
    case .central: return centralCrossesKink.indices.contains(i) && centralCrossesKink[i]
    default: return false
    }
  }

  /// Whether any estimate of the sweep spans a kink.
  public var anyCrossesKink: Bool {
    forwardCrossesKink.contains(true) || centralCrossesKink.contains(true)
  }

  /// Sweeps `parameter` of `network` over `samples`, against `analytic`.
  /// - Complexity: 65 evaluations of the mean cost and, with relu or leaky-relu layers, 33
  ///   forward passes for the kinks, O(m · Σ n_l n_(l−1)) each.
  public init(network: Network, samples: [Sample], parameter: ParameterIndex, analytic: Double) {
    let base = Parameters<Double>(network)
    let complexBase = Parameters<Complex>(network)
    self.init(
      analytic: analytic,
      cost: { shift in
        var p = base
        p[parameter] += shift
        return network.cost(with: p, over: samples)
      },
      imaginaryCost: { h in
        var p = complexBase
        p[parameter] = p[parameter] + Complex(0, h)
        return network.cost(with: p, over: samples).im
      },
      kinkCrossing: Self.kinkCrossing(network, samples: samples, parameter: parameter))
  }

  /// For a step h, whether θ + h (forward) and θ ± h (central) change the on/off pattern
  /// of a relu or leaky-relu unit; `nil` for a network without such units.
  private static func kinkCrossing(
    _ network: Network, samples: [Sample], parameter: ParameterIndex
  ) -> ((Double) -> (forward: Bool, central: Bool))? {
    guard network.activations.contains(where: { !$0.kinks.isEmpty }) else { return nil }
    let base = Parameters<Double>(network)
    let pattern = ActivationPattern(network: network, parameters: base, samples: samples)
    func changes(_ shift: Double) -> Bool {
      var p = base
      p[parameter] = p[parameter] + shift
      return ActivationPattern(network: network, parameters: p, samples: samples) != pattern
    }
    return { h in
      let up = changes(h)
      return (up, up || changes(-h))
    }
  }

  /// Sweeps one parameter θ_i of any cost, against `analytic`.
  /// - Parameters:
  ///   - analytic: ∂C/∂θ_i by backpropagation, the reference.
  ///   - cost: C(θ + s e_i) for a shift s.
  ///   - imaginaryCost: Im C(θ + i h e_i) for a step h, the cost evaluated in complex numbers.
  ///   - kinkCrossing: For a step h, whether the forward and the central difference span a
  ///     kink; `nil` when the cost has none.
  /// - Complexity: 33 calls of `cost`, 16 of `imaginaryCost` and of `kinkCrossing`.
  public init(
    analytic: Double, cost: (Double) -> Double, imaginaryCost: (Double) -> Double,
    kinkCrossing: ((Double) -> (forward: Bool, central: Bool))? = nil
  ) {
    self.analytic = analytic
    let crossings = Self.steps.map { kinkCrossing?($0) ?? (forward: false, central: false) }
    forwardCrossesKink = crossings.map(\.forward)
    centralCrossesKink = crossings.map(\.central)
    let c0 = cost(0)
    var forward: [Double] = []
    var central: [Double] = []
    var complex: [Double] = []
    for h in Self.steps {
      let plus = cost(h)
      forward.append((plus - c0) / h)
      central.append((plus - cost(-h)) / (2 * h))
      complex.append(imaginaryCost(h) / h)
    }
    curves = [
      (FiniteDifferenceMethod.forward, forward), (.central, central), (.complexStep, complex),
    ]
    .map { Curve(method: $0, estimates: $1, errors: $1.map { abs($0 - analytic) }) }
  }

  /// The step with the smallest error for `curve`, and that error (the first of equals,
  /// that is the largest such step).
  public func best(_ curve: Curve) -> (step: Double, error: Double) {
    var i = 0
    for j in curve.errors.indices where curve.errors[j] < curve.errors[i] { i = j }
    return (Self.steps[i], curve.errors[i])
  }

  /// The truncation slope, fitted over the steps larger than the best whose error is above
  /// 100 u |analytic| (expected: the method's order), and the rounding slope over the smaller ones down to the first step
  /// too small to change the cost at all (estimate 0, error |analytic|; expected −1);
  /// `nil` where fewer than two non-zero errors lie on that side.
  public func slopes(_ curve: Curve) -> (truncation: Slope?, rounding: Slope?) {
    let b = curve.errors.firstIndex(of: best(curve).error) ?? 0
    let order = Double(curve.method.errorOrder)
    // Errors within a hundred roundings of the gradient are noise, not truncation (the
    // complex step reaches them at moderate steps).
    let floor = 100 * Double.ulpOfOne * abs(analytic)
    return (
      fit(Array((0..<b).filter { curve.errors[$0] > floor }), curve, expected: order),
      fit(
        Array(((b + 1)..<Self.steps.count).prefix { curve.estimates[$0] != 0 }), curve,
        expected: -1)
    )
  }

  private func fit(_ indices: [Int], _ curve: Curve, expected: Double) -> Slope? {
    let kept = indices.filter { curve.errors[$0] > 0 && curve.errors[$0].isFinite }
    let points = kept.map { (log10(Self.steps[$0]), log10(curve.errors[$0])) }
    guard points.count >= 2 else { return nil }
    let n = Double(points.count)
    let mx = points.map(\.0).reduce(0, +) / n
    let my = points.map(\.1).reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    for (x, y) in points {
      sxy += (x - mx) * (y - my)
      sxx += (x - mx) * (x - mx)
    }
    return Slope(
      value: sxy / sxx, expected: expected, points: points.count,
      kinkedPoints: kept.filter { crossesKink(curve.method, step: $0) }.count)
  }
}
