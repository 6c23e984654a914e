/// The constants of resilient propagation (Riedmiller and Braun, 1993) and its variant.
public struct RpropParameters: Equatable, Sendable {
  /// Which form of the algorithm.
  public enum Variant: String, CaseIterable, Sendable {
    /// Rprop⁺, the algorithm of Riedmiller and Braun (1993): on a sign change the
    /// previous step is taken back (weight-backtracking) and the gradient forgotten.
    case backtracking = "rprop+"
    /// iRprop⁻ (Igel and Hüsken, 2000): on a sign change the step size shrinks and the
    /// parameter stays put this once; no step is taken back.
    case improvedMinus = "irprop-"
  }

  /// η⁺, the growth factor when the gradient keeps its sign.
  public var increase: Double
  /// η⁻, the shrink factor when the gradient changes sign.
  public var decrease: Double
  /// Δ₀, every parameter's first step size.
  public var initialStep: Double
  /// Δmax, the largest step size.
  public var maximumStep: Double
  /// Δmin, the smallest step size.
  public var minimumStep: Double
  /// Rprop⁺ or iRprop⁻.
  public var variant: Variant

  /// Creates parameters; the defaults are the paper's: η⁺ = 1.2, η⁻ = 0.5, Δ₀ = 0.1,
  /// Δmax = 50, Δmin = 1e-6, with weight-backtracking.
  public init(
    increase: Double = 1.2, decrease: Double = 0.5, initialStep: Double = 0.1,
    maximumStep: Double = 50, minimumStep: Double = 1e-6, variant: Variant = .backtracking
  ) {
    self.increase = increase
    self.decrease = decrease
    self.initialStep = initialStep
    self.maximumStep = maximumStep
    self.minimumStep = minimumStep
    self.variant = variant
  }
}
