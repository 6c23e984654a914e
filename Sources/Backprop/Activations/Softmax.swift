/// softmax(z)_i = e^(z_i) / Σ_k e^(z_k), shifted by the largest z; Jacobian diag(a) − a aᵀ.
public struct Softmax: ActivationFunction {
  /// Creates the kind.
  public init() {}

  /// `.softmax`.
  public var kind: Activation { .softmax }
  /// False: every a_i depends on every z_k.
  public var isElementwise: Bool { false }
  /// None: softmax is smooth.
  public var breaks: [SmoothnessBreak] { [] }
  /// `softmax`, `\operatorname{softmax}`.
  public var symbol: MathText { MathText("softmax", latex: "\\operatorname{softmax}") }
  /// The Jacobian diag(a) − a aᵀ with a = softmax(z).
  public var derivativeInZ: MathText {
    MathText(
      "diag(softmax(z)) − softmax(z) softmax(z)ᵀ",
      ascii: "diag(softmax(z)) - softmax(z) softmax(z)^T",
      latex: "\\operatorname{diag}(\\operatorname{softmax}(z)) - \\operatorname{softmax}(z) "
        + "\\operatorname{softmax}(z)^{\\top}")
  }
  /// The Jacobian diag(a) − a aᵀ.
  public var derivativeInA: MathText {
    MathText(
      "diag(a) − a aᵀ", ascii: "diag(a) - a a^T",
      latex: "\\operatorname{diag}(a) - a a^{\\top}")
  }
  /// Taking the Jacobian at softmax(a) applies softmax twice.
  public var derivativeAtActivation: DerivativeAtActivation? {
    .jacobian(inA: derivativeInA, effect: .appliesTwice)
  }

  /// diag(a) − a(a)ᵀ with `a` in place.
  public func denseJacobian(at a: MathText) -> MathText? {
    MathText("diag(", latex: "\\operatorname{diag}(") + a + MathText(")") + .minus + a
      + .parens(a) + .transpose
  }

  /// J g with J = diag(s) − s sᵀ taken at s = softmax(a): s ⊙ g − s (s · g).
  public func backwardAtActivation(_ g: [Double], a: [Double]) -> [Double] {
    let s = apply(a)
    let dot = zip(s, g).reduce(0) { $0 + $1.0 * $1.1 }
    return zip(s, g).map { $0 * $1 - $0 * dot }
  }

  /// Traps: softmax is not element-wise.
  public func value<T: NetworkScalar>(_ z: T) -> T {
    preconditionFailure("softmax is not element-wise")
  }

  /// Traps: softmax is not element-wise.
  public func derivative(_ z: Double) -> Double {
    preconditionFailure("softmax is not element-wise")
  }

  /// e^(z_i − m) / Σ_k e^(z_k − m), with m the largest real part of z.
  @inlinable
  public func apply<T: NetworkScalar>(
    _ z: UnsafeBufferPointer<T>, into a: UnsafeMutableBufferPointer<T>
  ) {
    let n = z.count
    guard n > 0 else { return }
    var shift = z[0].realPart
    for i in 1..<n where z[i].realPart > shift { shift = z[i].realPart }
    var total = T(0)
    for i in 0..<n {
      let e = T.exp(z[i] - T(shift))
      a[i] = e
      total = total + e
    }
    for i in 0..<n { a[i] = a[i] / total }
  }

  /// diag(a) − a aᵀ: off the diagonal −a_i a_j; on it a_i (1 − a_i), computed as
  /// a_i Σ_(k≠i) a_k so that it keeps its digits when a_i rounds to 1.
  public func jacobianStructure(z: [Double], a: [Double]) -> Jacobian.Structure {
    let n = z.count
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n {
      var others = 0.0
      for j in 0..<n where j != i {
        m[i, j] = -a[i] * a[j]
        others += a[j]
      }
      m[i, i] = a[i] * others
    }
    return .dense(m)
  }

  /// a ⊙ (g − ⟨g, a⟩), with g − ⟨g, a⟩ computed as (g − g_m) − Σ_k a_k (g_k − g_m), m the
  /// largest output (equal since Σ a = 1).
  ///
  /// The naive form cancels catastrophically when one output is near 1; this one loses no
  /// digits.
  @inlinable
  public func backward(_ g: [Double], z: [Double], a: [Double]) -> [Double] {
    guard let m = a.indices.max(by: { a[$0] < a[$1] }) else { return [] }
    var inner = 0.0
    for k in 0..<a.count where k != m { inner += a[k] * (g[k] - g[m]) }
    var out = a
    for i in 0..<a.count { out[i] *= (g[i] - g[m]) - inner }
    return out
  }
}
