/// What a derivation shows and how it prints numbers.
public struct ExplainOptions: Sendable, Equatable {
  /// Which forms of the backward-pass derivation to show.
  public enum View: String, Sendable, CaseIterable {
    /// The chain rule as a product of Jacobians.
    case jacobian
    /// Index form: sums over neurons.
    case index
    /// Matrix form: BP1–BP4.
    case matrix
    /// All three.
    case all

    /// Whether this view includes `form`.
    public func includes(_ form: View) -> Bool { self == .all || self == form }
  }

  /// Which sample (0-based) is traced numerically.
  public var tracedSample: Int
  /// Only this layer's part of the derivation, when set.
  public var layer: Int?
  /// Trace this one parameter (every path from the cost to it), when set.
  public var parameter: ParameterIndex?
  /// Whether `parameter` was named by the classic example's name (`w1` … `w8`), which the
  /// trace then repeats with its place in W.
  public var parameterHasClassicName = false
  /// Which forms of the backward pass to show.
  public var view: View
  /// How numbers print.
  public var numberFormat: NumberFormat
  /// Matrices with more rows or columns than this are summarized.
  public var summarizeAbove: Int
  /// Networks with at most this many parameters get the per-parameter index listing.
  public var listParametersUpTo: Int
  /// Networks with at most this many parameters are checked entry by entry; larger ones
  /// by a seeded sample.
  public var checkAllUpTo: Int
  /// How many parameters per layer the seeded sample checks.
  public var checkSamplePerLayer: Int
  /// The seed of the sample of checked parameters.
  public var seed: UInt64
  /// The finite-difference step, or `nil` for gradcheck's default (central: 1e-5).
  public var step: Double?
  /// The relative tolerance of the check, or `nil` for gradcheck's default (1e-5).
  public var rtol: Double?
  /// The absolute tolerance of the check, or `nil` for gradcheck's default (1e-8).
  public var atol: Double?
  /// The most paths listed one by one in a parameter trace.
  public var maxListedPaths: Int
  /// How a one-layer derivation points to the layer above, before its number: `layer `
  /// gives "(see layer 3)"; a command can name its own option instead (nn-explain's
  /// `--layer 3`).
  public var layerReference: String = "layer "
  /// How the check's diagnosis asks for a check with another number of samples, before the
  /// number: `nil` gives "3 samples"; a command can name its own option instead
  /// (nn-explain's `--samples 3`).
  public var sampleCountReference: String?
  /// One step of gradient descent shown after the gradients, when set.
  public var update: ExplainUpdate?
  /// A classic mistake to build into the backward pass, when set: the derivation marks
  /// every δ and gradient it changes, and the check compares the mistaken gradients with
  /// central differences and gives gradcheck's diagnosis.
  public var mistake: InjectedMistake?

  /// Creates options; the defaults suit a terminal.
  public init(
    tracedSample: Int = 0, layer: Int? = nil, parameter: ParameterIndex? = nil,
    view: View = .all, numberFormat: NumberFormat = NumberFormat(),
    summarizeAbove: Int = 10, listParametersUpTo: Int = 50, checkAllUpTo: Int = 500,
    checkSamplePerLayer: Int = 10, seed: UInt64 = 0, step: Double? = nil, rtol: Double? = nil,
    atol: Double? = nil, maxListedPaths: Int = 64
  ) {
    self.tracedSample = tracedSample
    self.layer = layer
    self.parameter = parameter
    self.view = view
    self.numberFormat = numberFormat
    self.summarizeAbove = summarizeAbove
    self.listParametersUpTo = listParametersUpTo
    self.checkAllUpTo = checkAllUpTo
    self.checkSamplePerLayer = checkSamplePerLayer
    self.seed = seed
    self.step = step
    self.rtol = rtol
    self.atol = atol
    self.maxListedPaths = maxListedPaths
  }
}
