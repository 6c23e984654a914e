/// A second look at a parameter whose finite difference crossed a kink.
///
/// The checker retries with central, forward and backward differences at smaller and
/// smaller steps, using only estimates whose steps stay on one side of every kink. When one
/// agrees, the parameter is counted as a kink (re-check ok); when every such estimate
/// disagrees, it is a failure (kink, re-check failed): a wrong gradient cannot hide behind a
/// kink. With no clear step it stays a kink, not judged.
public struct KinkRecheck: Equatable, Sendable {
  /// The re-check method: `central`, `forward` or `backward`.
  public var method: FiniteDifferenceMethod
  /// The step used.
  public var epsilon: Double
  /// The estimate.
  public var numeric: Double
  /// Whether it agrees with the analytic value (tolerances widened for the smaller step).
  public var agrees: Bool

  /// Creates a re-check result.
  public init(method: FiniteDifferenceMethod, epsilon: Double, numeric: Double, agrees: Bool) {
    self.method = method
    self.epsilon = epsilon
    self.numeric = numeric
    self.agrees = agrees
  }
}

extension KinkRecheck {
  /// The methods tried at each step, in order.
  static let methods: [FiniteDifferenceMethod] = [.central, .forward, .backward]

  /// Searches the re-check ladder shared by single entries (`GradientCheck`) and directions
  /// (`DirectionalScreen`): for each step s from 10·b down to b/100 (b = 1e-7 in double, 1e-3
  /// in float), central, then forward, then backward.
  ///
  /// `estimate(method, s)` returns the finite-difference estimate with that method and step,
  /// or `nil` when the step is not clear of every kink: a central step is clear when no kinked
  /// pre-activation reaches or crosses 0, a one-sided step when none crosses 0 strictly (a
  /// step from exactly 0 measures that side's derivative). Either one-sided slope is
  /// accepted, since relu′(0) conventions differ.
  ///
  /// A one-sided step away from the kink can be as large as the kink is far; a central step
  /// must be smaller than the distance on both sides. Rounding error grows like 1/s, so the
  /// absolute tolerance is widened by b/s and the relative one to at least 1e-3 (1e-1 in
  /// float).
  /// - Returns: The first clear estimate that agrees; when every clear estimate disagrees,
  ///   the first of them (`agrees == false`); `nil` when no step was clear.
  /// - Complexity: At most 12 calls of `estimate`.
  static func search(
    analytic: Double, precision: Precision, tolerance: Tolerance,
    estimate: (FiniteDifferenceMethod, Double) -> Double?
  ) -> KinkRecheck? {
    let base = precision == .double ? 1e-7 : 1e-3
    let floor = precision == .double ? (rtol: 1e-3, atol: 1e-6) : (rtol: 1e-1, atol: 1e-3)
    var firstDisagreeing: KinkRecheck?
    for step in [10 * base, base, base / 10, base / 100] {
      for method in methods {
        guard let numeric = estimate(method, step) else { continue }
        let widened = Tolerance(
          rtol: max(tolerance.rtol, floor.rtol),
          atol: max(tolerance.atol, floor.atol) * max(1, base / step))
        let result = KinkRecheck(
          method: method, epsilon: step, numeric: numeric,
          agrees: widened.accepts(analytic, numeric))
        if result.agrees { return result }
        if firstDisagreeing == nil { firstDisagreeing = result }
      }
    }
    return firstDisagreeing
  }
}
