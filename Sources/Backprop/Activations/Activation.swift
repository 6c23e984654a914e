import Foundation

/// An activation function a = f(z), applied to a layer's weighted input.
///
/// Each case keeps its value and its local derivative together, so that the backward
/// pass reads as the chain rule. All but `softmax` act element-wise and so have a
/// diagonal Jacobian ∂a/∂z; softmax's is dense, `diag(a) − a aᵀ`.
public enum Activation: String, CaseIterable, Sendable, Codable {
  /// σ(z) = 1 / (1 + e^(−z)); σ′ = σ(1 − σ).
  case sigmoid
  /// tanh z; tanh′ = 1 − tanh².
  case tanh
  /// max(z, 0); derivative 1 for z > 0, else 0. Kink at 0.
  case relu
  /// z for z > 0, else 0.01 z; derivative 1 or 0.01. Kink at 0.
  case leakyReLU = "leaky-relu"
  /// z for z > 0, else e^z − 1 (α = 1); derivative 1 or e^z.
  case elu
  /// ln(1 + e^z), computed as max(z, 0) + ln(1 + e^(−|z|)); derivative σ(z).
  case softplus
  /// z; derivative 1.
  case identity
  /// e^(z_i) / Σ_k e^(z_k), shifted by max z; Jacobian diag(a) − a aᵀ.
  case softmax

  /// The slope of leaky ReLU for z < 0.
  public static let leakySlope = 0.01

  /// The name used in files and on the command line, e.g. `leaky-relu`.
  public var name: String { rawValue }

  /// Whether a_i depends only on z_i (every activation but softmax).
  public var isElementwise: Bool { self != .softmax }

  /// The points where the derivative jumps: 0 for relu and leaky-relu, none otherwise.
  public var kinks: [Double] { (self == .relu || self == .leakyReLU) ? [0] : [] }

  /// a = f(z) for any scalar type. Piecewise cases branch on the real part.
  /// - Complexity: O(n).
  @inlinable
  public func apply<T: NetworkScalar>(_ z: [T]) -> [T] {
    switch self {
    case .softmax:
      let shift = T(z.map(\.realPart).max() ?? 0)
      let e = z.map { T.exp($0 - shift) }
      var total = T(0)
      for v in e { total = total + v }
      return e.map { $0 / total }
    default:
      return z.map(value)
    }
  }

  /// f(z) for one entry of an element-wise activation.
  /// - Precondition: `isElementwise`.
  @inlinable
  public func value<T: NetworkScalar>(_ z: T) -> T {
    switch self {
    case .sigmoid:
      if z.realPart >= 0 { return T(1) / (T(1) + T.exp(-z)) }
      let e = T.exp(z)
      return e / (T(1) + e)
    case .tanh: return T.tanh(z)
    case .relu: return z.realPart > 0 ? z : T(0)
    case .leakyReLU: return z.realPart > 0 ? z : T(Activation.leakySlope) * z
    case .elu: return z.realPart > 0 ? z : T.exp(z) - T(1)
    case .softplus:
      if z.realPart > 0 { return z + T.log1p(T.exp(-z)) }
      return T.log1p(T.exp(z))
    case .identity: return z
    case .softmax: preconditionFailure("softmax is not element-wise")
    }
  }

  /// f′(z) for one entry of an element-wise activation. At a kink the value of the
  /// common frameworks is used, which is the left-hand slope: relu′(0) = 0,
  /// leaky-relu′(0) = 0.01.
  /// - Precondition: `isElementwise`.
  @inlinable
  public func derivative(_ z: Double) -> Double {
    switch self {
    case .sigmoid:
      // σ(z) σ(−z) = σ(1 − σ), without the cancellation in 1 − σ for large z.
      let s: Double = value(z)
      let r: Double = value(-z)
      return s * r
    case .tanh:
      // sech² z = 1 − tanh² z, without the cancellation in 1 − tanh² for large |z|.
      let sech = 1 / Foundation.cosh(z)
      return sech * sech
    case .relu: return z > 0 ? 1 : 0
    case .leakyReLU: return z > 0 ? 1 : Activation.leakySlope
    case .elu: return z > 0 ? 1 : Double.exp(z)
    case .softplus: return Activation.sigmoid.value(z)
    case .identity: return 1
    case .softmax: preconditionFailure("softmax is not element-wise")
    }
  }

  /// The local Jacobian ∂a^l/∂z^l at z (with a = f(z)): diagonal for element-wise
  /// activations, `diag(a) − a aᵀ` for softmax.
  /// - Complexity: O(n), or O(n²) for softmax.
  public func jacobian(layer: Int, z: [Double], a: [Double]) -> Jacobian {
    let n = z.count
    let structure: Jacobian.Structure
    switch self {
    case .identity:
      structure = .identity(n)
    case .softmax:
      // Off the diagonal −a_i a_j; on it a_i (1 − a_i), computed as a_i Σ_(k≠i) a_k so that
      // it keeps its digits when a_i rounds to 1.
      var m = Matrix(rows: n, columns: n)
      for i in 0..<n {
        var others = 0.0
        for j in 0..<n where j != i {
          m[i, j] = -a[i] * a[j]
          others += a[j]
        }
        m[i, i] = a[i] * others
      }
      structure = .dense(m)
    default:
      structure = .diagonal(z.map(derivative))
    }
    return Jacobian(of: .a(layer, n), withRespectTo: .z(layer, n), structure)
  }

  /// The vector-Jacobian product g · ∂a/∂z without forming the Jacobian:
  /// g ⊙ f′(z) element-wise, a ⊙ (g − ⟨g, a⟩) for softmax.
  ///
  /// For softmax, g − ⟨g, a⟩ is computed as (g − g_m) − Σ_k a_k (g_k − g_m) with m the
  /// largest output (equal since Σ a = 1). The naive form cancels catastrophically when
  /// one output is near 1; this one loses no digits.
  /// - Complexity: O(n).
  @inlinable
  public func backward(_ g: [Double], z: [Double], a: [Double]) -> [Double] {
    switch self {
    case .softmax:
      guard let m = a.indices.max(by: { a[$0] < a[$1] }) else { return [] }
      var inner = 0.0
      for k in 0..<a.count where k != m { inner += a[k] * (g[k] - g[m]) }
      var out = a
      for i in 0..<a.count { out[i] *= (g[i] - g[m]) - inner }
      return out
    case .identity:
      return g
    default:
      var out = g
      for i in 0..<g.count { out[i] *= derivative(z[i]) }
      return out
    }
  }
}
