/// The math of one activation kind a = f(z), all in one place: its value, derivative, local
/// Jacobian, vector-Jacobian product, breaks in smoothness, symbols and the facts diagnosis
/// and explanation need.
///
/// Each kind is a small value type in its own file under `Activations/`; `Activation` names
/// the kinds (for files, the command line and `Codable`) and maps a name to its kind in one
/// place, `Activation.visit(_:)`. A layer kind can own its math the same way: a protocol
/// for the kind's math, one file per kind, one registry that opens the kind once per layer.
public protocol ActivationFunction: Sendable {
  /// The name of this kind.
  var kind: Activation { get }

  /// Whether a_i depends only on z_i (every kind but softmax). Element-wise kinds implement
  /// `value(_:)` and `derivative(_:)`; the others trap there and use `apply` and `backward`.
  var isElementwise: Bool { get }

  /// The points where the derivative (`.kink`) or the second derivative (`.crease`) jumps.
  var breaks: [SmoothnessBreak] { get }

  /// The kind's name as a sentence calls it: `the sigmoid`, otherwise the file name (`tanh`,
  /// `softmax`, …) by default.
  var nameInProse: String { get }

  /// The function's symbol: `σ` (`sigmoid` in ASCII, `\sigma` in LaTeX), `tanh`, `relu`, ….
  var symbol: MathText { get }

  /// f′ written in terms of z, e.g. `σ(z)(1 − σ(z))`; the Jacobian for softmax.
  var derivativeInZ: MathText { get }

  /// f′ written in terms of a = f(z), e.g. `a(1 − a)`; the Jacobian for softmax.
  var derivativeInA: MathText { get }

  /// What changes when the derivative is taken at a instead of z; `nil` when nothing does
  /// (relu, leaky-relu and identity give the same derivative at a as at z).
  var derivativeAtActivation: DerivativeAtActivation? { get }

  /// The vector-Jacobian product with the derivative taken at a instead of z: g ⊙ f′(a) for
  /// an element-wise kind, and for softmax its Jacobian taken at s = softmax(a).
  ///
  /// The mistake `derivativeAtActivation` describes, computed, for the diagnosis to test.
  /// - Complexity: O(n).
  func backwardAtActivation(_ g: [Double], a: [Double]) -> [Double]

  /// The dense Jacobian ∂a/∂z written in terms of the vector `a` it is taken at, for
  /// example `diag(a²) − a²(a²)ᵀ` for softmax; `nil` for an element-wise kind, whose
  /// derivative is f′ entry by entry.
  func denseJacobian(at a: MathText) -> MathText?

  /// f(z) for one entry, for any scalar type; piecewise kinds branch on the real part.
  /// - Precondition: `isElementwise`.
  func value<T: NetworkScalar>(_ z: T) -> T

  /// f′(z) for one entry, in the numerically stable form; at a kink the left-hand slope.
  /// - Precondition: `isElementwise`.
  func derivative(_ z: Double) -> Double

  /// a = f(z) for a whole layer, from `z` into `a` (the same count, at least 1).
  /// - Complexity: O(n).
  func apply<T: NetworkScalar>(_ z: UnsafeBufferPointer<T>, into a: UnsafeMutableBufferPointer<T>)

  /// The structure of the local Jacobian ∂a/∂z at z, with a = f(z).
  /// - Complexity: O(n), or O(n²) for a dense Jacobian.
  func jacobianStructure(z: [Double], a: [Double]) -> Jacobian.Structure

  /// The vector-Jacobian product g · ∂a/∂z without forming the Jacobian.
  /// - Complexity: O(n).
  func backward(_ g: [Double], z: [Double], a: [Double]) -> [Double]

  /// Δa = f(z + Δz) − a for one unit at `point`, over the first `width` entries of `dz`
  /// (a multiple of 8), written to `da`: the batched evaluator's inner loop.
  ///
  /// The default computes f(z + Δz) − a with `value(_:)`; a kind with a closed form that
  /// avoids the cancellation (or a vector kernel) provides its own. Either way Δz = 0 must
  /// give Δa = 0 exactly.
  /// - Precondition: `isElementwise`.
  /// - Complexity: O(width).
  func change(
    at point: UnitPoint, _ dz: UnsafePointer<Double>, into da: UnsafeMutablePointer<Double>,
    width: Int)

  /// a = f(z) for `count` entries with the functions `change(at:_:into:width:)` uses; by
  /// default `value(_:)` entry by entry.
  /// - Precondition: `isElementwise`.
  /// - Complexity: O(count).
  func applyForChanges(
    _ z: UnsafePointer<Double>, into a: UnsafeMutablePointer<Double>, count: Int)

  /// The extra fact at z that `change(at:_:into:width:)` reads as `point.complement`: σ(−z)
  /// for the sigmoid, 0 by default.
  func changeComplement(_ z: Double) -> Double
}

/// A point where an activation stops being smooth.
public struct SmoothnessBreak: Equatable, Sendable {
  /// Which derivative jumps there.
  public enum Kind: Equatable, Sendable {
    /// f′ jumps: finite differences across the point mix two slopes (relu at 0).
    case kink
    /// f″ jumps: f′ is continuous but higher-order difference formulas lose their
    /// error terms (elu with α = 1 at 0).
    case crease
  }

  /// The value of z where the break sits.
  public var at: Double
  /// What jumps.
  public var kind: Kind

  /// Creates a break.
  public init(at: Double, _ kind: Kind) {
    self.at = at
    self.kind = kind
  }
}

/// What goes wrong when an activation's derivative is taken at the activation a instead of
/// the weighted input z, as typed facts for the diagnosis to put into words.
public enum DerivativeAtActivation: Equatable, Sendable {
  /// What f′(a) computes instead of f′(z).
  public enum Effect: Equatable, Sendable {
    /// f′(a) applies f a second time (sigmoid, tanh, softmax).
    case appliesTwice
    /// f′(a) is this other formula (e^a for elu, σ(a) for softplus).
    case gives(MathText)
  }

  /// An element-wise kind: f′(z) = `inZ` = `inA`, on the region `region` when not `nil`
  /// (with f′ = `elsewhere` outside it).
  case elementwise(
    inZ: MathText, inA: MathText, region: MathText?, elsewhere: MathText?, effect: Effect)
  /// A kind with a dense Jacobian, written in terms of a.
  case jacobian(inA: MathText, effect: Effect)
}

extension ActivationFunction {
  /// f(z + Δz) − a with `value(_:)`, column by column: the generic path.
  public func change(
    at point: UnitPoint, _ dz: UnsafePointer<Double>, into da: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    for c in 0..<width { da[c] = value(point.z + dz[c]) - point.a }
  }

  /// `value(_:)` entry by entry.
  public func applyForChanges(
    _ z: UnsafePointer<Double>, into a: UnsafeMutablePointer<Double>, count: Int
  ) {
    for i in 0..<count { a[i] = value(z[i]) }
  }

  /// 0: only the sigmoid's closed form reads a complement.
  public func changeComplement(_ z: Double) -> Double { 0 }

  /// The kind's file name, `kind.name`.
  public var nameInProse: String { kind.name }

  /// The points where the derivative jumps (kinks only, not creases).
  public var kinks: [Double] { breaks.filter { $0.kind == .kink }.map(\.at) }

  /// a = f(z) for any scalar type.
  /// - Complexity: O(n).
  @inlinable
  public func apply<T: NetworkScalar>(_ z: [T]) -> [T] {
    guard !z.isEmpty else { return [] }
    var out = z
    z.withUnsafeBufferPointer { source in
      out.withUnsafeMutableBufferPointer { target in apply(source, into: target) }
    }
    return out
  }
}

/// An activation that acts on each entry alone: its Jacobian is diagonal, diag(f′(z)).
public protocol ElementwiseActivation: ActivationFunction {}

extension ElementwiseActivation {
  /// Always true.
  public var isElementwise: Bool { true }

  /// `nil`: the Jacobian is diagonal.
  public func denseJacobian(at a: MathText) -> MathText? { nil }

  /// g ⊙ f′(a).
  public func backwardAtActivation(_ g: [Double], a: [Double]) -> [Double] {
    var out = g
    for i in 0..<g.count { out[i] *= derivative(a[i]) }
    return out
  }

  /// Applies `value(_:)` to each entry.
  @inlinable
  public func apply<T: NetworkScalar>(
    _ z: UnsafeBufferPointer<T>, into a: UnsafeMutableBufferPointer<T>
  ) {
    for i in 0..<z.count { a[i] = value(z[i]) }
  }

  /// diag(f′(z)).
  public func jacobianStructure(z: [Double], a: [Double]) -> Jacobian.Structure {
    .diagonal(z.map(derivative))
  }

  /// g ⊙ f′(z).
  @inlinable
  public func backward(_ g: [Double], z: [Double], a: [Double]) -> [Double] {
    var out = g
    for i in 0..<g.count { out[i] *= derivative(z[i]) }
    return out
  }
}
