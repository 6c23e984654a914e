/// The name of an activation function a = f(z), applied to a layer's weighted input: what
/// files, the command line and `Codable` use.
///
/// Each name maps to the kind that owns its math (`Sigmoid`, `Tanh`, …, in `Activations/`)
/// in one place, `visit(_:)`. All but `softmax` act element-wise and so have a diagonal
/// Jacobian ∂a/∂z; softmax's is dense, `diag(a) − a aᵀ`.
public enum Activation: String, CaseIterable, Sendable, Codable {
  /// σ(z) = 1 / (1 + e^(−z)); see `Sigmoid`.
  case sigmoid
  /// tanh z; see `Tanh`.
  case tanh
  /// max(z, 0); see `ReLU`.
  case relu
  /// z for z > 0, else 0.01 z; see `LeakyReLU`.
  case leakyReLU = "leaky-relu"
  /// z for z > 0, else e^z − 1; see `ELU`.
  case elu
  /// ln(1 + e^z); see `Softplus`.
  case softplus
  /// z; see `Identity`.
  case identity
  /// e^(z_i) / Σ_k e^(z_k); see `Softmax`.
  case softmax

  /// Calls `visitor` with the kind of this name: the one place that maps names to kinds.
  ///
  /// The visitor is generic over the kind, so a hot loop inside it runs specialised code
  /// for that kind without a dynamic call per element.
  @inlinable
  public func visit<V: ActivationVisitor>(_ visitor: V) -> V.Result {
    switch self {
    case .sigmoid: return visitor.visit(Sigmoid())
    case .tanh: return visitor.visit(Tanh())
    case .relu: return visitor.visit(ReLU())
    case .leakyReLU: return visitor.visit(LeakyReLU())
    case .elu: return visitor.visit(ELU())
    case .softplus: return visitor.visit(Softplus())
    case .identity: return visitor.visit(Identity())
    case .softmax: return visitor.visit(Softmax())
    }
  }

  /// The kind that owns this activation's math.
  public var function: any ActivationFunction { visit(ErasedActivation()) }

  /// The slope of leaky ReLU for z < 0.
  public static let leakySlope = LeakyReLU.slope

  /// The name used in files and on the command line, for example `leaky-relu`.
  public var name: String { rawValue }

  /// Whether a_i depends only on z_i (every activation but softmax).
  public var isElementwise: Bool { function.isElementwise }

  /// The points where the derivative jumps: 0 for relu and leaky-relu, none otherwise.
  public var kinks: [Double] { function.kinks }

  /// The points where the derivative or the second derivative jumps.
  public var breaks: [SmoothnessBreak] { function.breaks }

  /// a = f(z) for any scalar type.
  ///
  /// Piecewise kinds branch on the real part.
  /// - Complexity: O(n).
  @inlinable
  public func apply<T: NetworkScalar>(_ z: [T]) -> [T] { visit(ApplyActivation(z: z)) }

  /// a = f(z) for one layer, from `z` into `a` (the same count), the kind opened once.
  /// - Complexity: O(n).
  @inlinable
  public func apply<T: NetworkScalar>(
    _ z: UnsafeBufferPointer<T>, into a: UnsafeMutableBufferPointer<T>
  ) {
    visit(ApplyActivationInPlace(z: z, a: a))
  }

  /// f(z) for one entry of an element-wise activation.
  /// - Precondition: `isElementwise`.
  @inlinable
  public func value<T: NetworkScalar>(_ z: T) -> T { visit(ActivationValue(z: z)) }

  /// f′(z) for one entry of an element-wise activation.
  ///
  /// At a kink the value of the common frameworks is used, which is the left-hand slope:
  /// relu′(0) = 0, leaky-relu′(0) = 0.01.
  /// - Precondition: `isElementwise`.
  @inlinable
  public func derivative(_ z: Double) -> Double { visit(ActivationDerivative(z: z)) }

  /// The local Jacobian ∂a^l/∂z^l at z (with a = f(z)): diagonal for element-wise
  /// activations, `diag(a) − a aᵀ` for softmax.
  /// - Complexity: O(n), or O(n²) for softmax.
  public func jacobian(layer: Int, z: [Double], a: [Double]) -> Jacobian {
    Jacobian(
      of: .a(layer, z.count), withRespectTo: .z(layer, z.count),
      function.jacobianStructure(z: z, a: a))
  }

  /// The vector-Jacobian product g · ∂a/∂z without forming the Jacobian:
  /// g ⊙ f′(z) element-wise, a ⊙ (g − ⟨g, a⟩) for softmax.
  /// - Complexity: O(n).
  @inlinable
  public func backward(_ g: [Double], z: [Double], a: [Double]) -> [Double] {
    visit(ActivationBackward(g: g, z: z, a: a))
  }
}
