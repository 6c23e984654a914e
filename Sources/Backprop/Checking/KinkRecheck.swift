/// A second look at a parameter whose finite difference crossed a kink.
///
/// The checker retries with smaller central or one-sided steps that stay on one side of every
/// kink (`search`). The first step with such an estimate decides: when it agrees, the
/// parameter is counted as a kink (re-check ok); when it disagrees, it is a failure (kink,
/// re-check failed): a wrong gradient cannot hide behind a kink. With no clear step it stays
/// a kink, not judged. In float precision a disagreeing re-check is left unjudged too (see
/// `GradientCheck`).
public struct KinkRecheck: Equatable, Sendable {
  /// The re-check method: `central`, or `forward` / `backward` for the second-order
  /// one-sided difference 2 D(s) − D(2s) on that side.
  public var method: FiniteDifferenceMethod
  /// The step used.
  public var epsilon: Double
  /// The estimate.
  public var numeric: Double
  /// Whether it agrees with the analytic value (atol widened to the round-off at the step).
  public var agrees: Bool
  /// Whether it agrees as a subgradient: the analytic value lies between the forward and
  /// backward one-sided estimates (`numeric` is the nearer one).
  public var subgradient = false

  /// Creates a re-check result.
  public init(method: FiniteDifferenceMethod, epsilon: Double, numeric: Double, agrees: Bool) {
    self.method = method
    self.epsilon = epsilon
    self.numeric = numeric
    self.agrees = agrees
  }
}

extension KinkRecheck {
  /// The steps of the re-check ladder, largest first: 1e-6 … 1e-10 in double; 1e-2, 1e-3,
  /// 1e-4 in float.
  static func steps(precision: Precision) -> [Double] {
    precision == .double ? [1e-6, 1e-7, 1e-8, 1e-9, 1e-10] : [1e-2, 1e-3, 1e-4]
  }

  /// Whether the first-order one-sided difference D(s) may stand in for 2 D(s) − D(2s) when
  /// 2s is not clear: when its truncation error, about s · |C″| / 2, is far below the
  /// round-off allowance 32 u / s (s ≤ 1e-8 in double, never in float).
  static func allowsFirstOrder(step s: Double, precision: Precision) -> Bool {
    precision == .double && s <= 1e-8
  }

  /// The unit round-off of `precision`.
  static func unitRoundoff(_ precision: Precision) -> Double {
    precision == .double ? Double.ulpOfOne / 2 : Double(Float.ulpOfOne) / 2
  }

  /// The tolerance of a re-check at step `s`.
  ///
  /// It is the check's tolerance, with rtol at least the central default of `precision`, and
  /// atol at least the round-off of a difference quotient at that step, 32 u · max(1, |C|) / s
  /// (u the unit round-off: 1.1e-16 in double, 6e-8 in float).
  ///
  /// It does not grow otherwise: a re-check is held to what its step can resolve.
  static func tolerance(
    _ tolerance: Tolerance, precision: Precision, cost: Double, step s: Double
  ) -> Tolerance {
    let floorRtol = FiniteDifferenceMethod.central.defaultTolerances(precision: precision).rtol
    let scale = cost.isFinite ? max(1, abs(cost)) : 1
    return Tolerance(
      rtol: max(tolerance.rtol, floorRtol),
      atol: max(tolerance.atol, 32 * unitRoundoff(precision) * scale / s))
  }

  /// Searches the re-check ladder shared by single entries (`GradientCheck`) and directions
  /// (`DirectionalScreen`).
  ///
  /// `estimate(method, s)` returns the first-order finite-difference estimate with that
  /// method (`central`, `forward` or `backward`) and step, or `nil` when the step is not clear
  /// of every kink: a central step is clear when no kinked pre-activation reaches or crosses
  /// 0, a one-sided step when none crosses 0 strictly (a step from exactly 0 measures that
  /// side's derivative).
  ///
  /// For each step s of `steps(precision:)`, largest first: when the central difference is
  /// clear, it alone decides. Otherwise the second-order one-sided differences
  /// 2 D(s) − D(2s) (D forward or backward, both steps clear; D(s) alone at the smallest
  /// steps, `allowsFirstOrder(step:precision:)`) decide: either side may agree,
  /// since relu′(0) conventions differ and a kink exactly at 0 has two slopes; a side clear
  /// of the kink measures the true slope when the kink is not exactly at 0. When both sides
  /// are clear and the analytic value lies between them, it is a valid subgradient (a
  /// max-pool tie's gradient split between the tied inputs, relu′(0) = ½) and agrees
  /// (`betweenSides(_:sides:tolerance:)`). The first step
  /// with a clear estimate decides: the search never keeps the best of many estimates, and
  /// the tolerance (`tolerance(_:precision:cost:step:)`) is only the round-off at that step
  /// wider than the check's.
  ///
  /// - Parameters:
  ///   - analytic: The analytic derivative being checked.
  ///   - precision: The precision the cost is evaluated in.
  ///   - tolerance: The check's tolerance, widened at each step.
  ///   - cost: The cost C at the base point, for the round-off estimate.
  ///   - estimate: The first-order estimate for a method and step, `nil` when not clear.
  /// - Returns: The deciding estimate (an agreeing one-sided one when either side agrees);
  ///   `nil` when no step was clear.
  /// - Complexity: At most 25 calls of `estimate`.
  static func search(
    analytic: Double, precision: Precision, tolerance: Tolerance, cost: Double,
    estimate: (FiniteDifferenceMethod, Double) -> Double?
  ) -> KinkRecheck? {
    for step in steps(precision: precision) {
      let widened = Self.tolerance(tolerance, precision: precision, cost: cost, step: step)
      if let numeric = estimate(.central, step) {
        return KinkRecheck(
          method: .central, epsilon: step, numeric: numeric,
          agrees: widened.accepts(analytic, numeric))
      }
      var results: [KinkRecheck] = []
      for method in [FiniteDifferenceMethod.forward, .backward] {
        guard let d1 = estimate(method, step) else { continue }
        let numeric: Double
        if let d2 = estimate(method, 2 * step) {
          numeric = 2 * d1 - d2
        } else if allowsFirstOrder(step: step, precision: precision) {
          numeric = d1
        } else {
          continue
        }
        results.append(
          KinkRecheck(
            method: method, epsilon: step, numeric: numeric,
            agrees: widened.accepts(analytic, numeric)))
      }
      if let first = results.first {
        if let agreeing = results.first(where: \.agrees) { return agreeing }
        if let between = betweenSides(analytic, sides: results, tolerance: widened) {
          return between
        }
        return first
      }
    }
    return nil
  }

  /// An agreeing re-check when `analytic` lies between the two one-sided estimates.
  ///
  /// `sides` holds the forward and backward estimates, each end widened by `tolerance`: a
  /// value between them is a valid subgradient at a kink, whose one-sided derivatives bound
  /// every subgradient. The estimate reported is the
  /// nearer side's.
  static func betweenSides(_ analytic: Double, sides: [KinkRecheck], tolerance: Tolerance)
    -> KinkRecheck?
  {
    guard sides.count == 2 else { return nil }
    let (low, high) =
      sides[0].numeric <= sides[1].numeric ? (sides[0], sides[1]) : (sides[1], sides[0])
    let inside =
      (analytic >= low.numeric || tolerance.accepts(analytic, low.numeric))
      && (analytic <= high.numeric || tolerance.accepts(analytic, high.numeric))
    guard inside, analytic.isFinite else { return nil }
    var nearer =
      abs(analytic - low.numeric) <= abs(analytic - high.numeric) ? low : high
    nearer.agrees = true
    nearer.subgradient = true
    return nearer
  }
}

extension FiniteDifferenceMethod {
  /// Whether the truncation error needs f‴ or higher to exist (five-point, Richardson): a
  /// crease (f″ jumps, elu at 0) inside the stencil spoils it, though f′ is continuous.
  var needsSmoothCurvature: Bool { self == .fivePoint || self == .richardson }

  /// The method and step that replace one needing smooth curvature when its stencil crossed a
  /// crease: a central difference at its default step for `precision`, whose error term needs
  /// only f″ bounded.
  static func creaseFallback(precision: Precision) -> (method: Self, step: Double) {
    let central = Self.central
    return (central, precision == .double ? central.defaultEpsilon : central.defaultFloatEpsilon)
  }
}
