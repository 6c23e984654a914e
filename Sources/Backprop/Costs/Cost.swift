import Foundation

/// The cost of one sample with output a = a^L and target y (n outputs).
///
/// The cost of a set of samples is the mean of these per-sample costs. Each case keeps its
/// value beside its gradient ∂C/∂a, a 1 x n row vector.
public enum Cost: String, CaseIterable, Sendable, Codable {
  /// ½ Σ (a_i − y_i)²; ∂C/∂a_i = a_i − y_i.
  case quadratic
  /// (1/n) Σ (a_i − y_i)²; ∂C/∂a_i = 2 (a_i − y_i) / n.
  case mse
  /// −Σ [y_i ln a_i + (1 − y_i) ln(1 − a_i)]; ∂C/∂a_i = (a_i − y_i) / (a_i (1 − a_i)).
  case crossEntropy = "cross-entropy"
  /// −Σ y_i ln a_i; ∂C/∂a_i = −y_i / a_i.
  case categoricalCrossEntropy = "categorical-cross-entropy"

  /// The name used in files and on the command line.
  public var name: String { rawValue }

  /// The output activations this cost accepts: the logarithms need outputs in (0, 1).
  public var allowedOutputActivations: [Activation]? {
    switch self {
    case .quadratic, .mse: return nil
    case .crossEntropy, .categoricalCrossEntropy: return [.sigmoid, .softmax]
    }
  }

  /// The per-sample cost for any scalar type, from the output a alone.
  /// - Complexity: O(n).
  @inlinable
  public func value<T: NetworkScalar>(_ a: [T], target y: [Double]) -> T {
    value(a: a, target: y)
  }

  /// The per-sample cost from the output a (any random-access storage with `Int` indices,
  /// such as an array or a buffer pointer).
  /// - Complexity: O(n).
  @inlinable
  public func value<
    T: NetworkScalar, A: RandomAccessCollection<T>, Y: RandomAccessCollection<Double>
  >(
    a: A, target y: Y
  ) -> T where A.Index == Int, Y.Index == Int {
    let n = a.count
    let (a0, y0) = (a.startIndex, y.startIndex)
    var total = T(0)
    switch self {
    case .quadratic, .mse:
      for i in 0..<n {
        let d = a[a0 + i] - T(y[y0 + i])
        total = total + d * d
      }
      return self == .quadratic ? T(0.5) * total : total / T(Double(n))
    case .crossEntropy:
      for i in 0..<n {
        let (ai, yi) = (a[a0 + i], y[y0 + i])
        // Terms with a zero weight are skipped, so that 0 · ln 0 counts as 0.
        if yi != 0 { total = total + T(yi) * T.log(ai) }
        if yi != 1 { total = total + T(1 - yi) * T.log(T(1) - ai) }
      }
      return -total
    case .categoricalCrossEntropy:
      for i in 0..<n where y[y0 + i] != 0 { total = total + T(y[y0 + i]) * T.log(a[a0 + i]) }
      return -total
    }
  }

  /// Whether this cost after `outputActivation` has the stable fused form: sigmoid with
  /// cross-entropy, softmax with categorical cross-entropy.
  ///
  /// For these pairs the cost is computed from z^L instead of a^L and δ^L = ∂C/∂z^L is
  /// a^L (Σ y) − y, which is a − y for targets summing to 1 (softmax) and a − y always
  /// (sigmoid). Computing ln a or ln(1 − a) from a rounded a loses every digit once a
  /// unit saturates (a = 1 − 1e-14 is stored with a relative error of 1e-2 in 1 − a).
  public func isFused(with outputActivation: Activation) -> Bool {
    (self == .crossEntropy && outputActivation == .sigmoid)
      || (self == .categoricalCrossEntropy && outputActivation == .softmax)
  }

  /// The per-sample cost from the output layer's weighted input z = z^L and its activation
  /// a = f(z): from z in the stable fused form where `isFused(with: f)`, from a otherwise.
  ///
  /// Fused forms: −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = y · softplus(−z) + (1 − y) · softplus(z),
  /// and −Σ y_i ln softmax(z)_i = Σ y_i (logsumexp(z) − z_i).
  /// - Complexity: O(n).
  @inlinable
  public func value<
    T: NetworkScalar, Z: RandomAccessCollection<T>, A: RandomAccessCollection<T>,
    Y: RandomAccessCollection<Double>
  >(z: Z, a: A, outputActivation f: Activation, target y: Y) -> T
  where Z.Index == Int, A.Index == Int, Y.Index == Int {
    guard isFused(with: f) else { return value(a: a, target: y) }
    let n = z.count
    let (z0, y0) = (z.startIndex, y.startIndex)
    var total = T(0)
    if self == .crossEntropy {
      for i in 0..<n {
        let (zi, yi) = (z[z0 + i], y[y0 + i])
        if yi != 0 { total = total + T(yi) * Activation.softplus.value(-zi) }
        if yi != 1 { total = total + T(1 - yi) * Activation.softplus.value(zi) }
      }
      return total
    }
    // logsumexp(z) = m + ln Σ e^(z_k − m), with m the largest real part.
    var m = z[z0].realPart
    for i in 1..<max(n, 1) where z[z0 + i].realPart > m { m = z[z0 + i].realPart }
    var sum = T(0)
    for i in 0..<n { sum = sum + T.exp(z[z0 + i] - T(m)) }
    let logSumExp = T(m) + T.log(sum)
    for i in 0..<n where y[y0 + i] != 0 {
      total = total + T(y[y0 + i]) * (logSumExp - z[z0 + i])
    }
    return total
  }

  /// δ^L = ∂C/∂z^L for a fused pair (`isFused(with:)`), a (Σ y) − y, computed without
  /// dividing by a or 1 − a; `nil` for other pairs.
  ///
  /// Where an output is near 1, 1 − a is taken from the other outputs (softmax) or as
  /// σ(−z) (sigmoid), so the result keeps its digits when the output saturates.
  public func fusedOutputDelta(
    z: [Double], a: [Double], target y: [Double], outputActivation f: Activation
  ) -> [Double]? {
    guard isFused(with: f) else { return nil }
    if self == .crossEntropy {
      // σ(z) − y, or (1 − y) − σ(−z) for z > 0 where σ(z) is near 1.
      return (0..<z.count).map { i in
        z[i] > 0
          ? (1 - y[i]) - Activation.sigmoid.value(-z[i]) : Activation.sigmoid.value(z[i]) - y[i]
      }
    }
    let total = y.reduce(0, +)
    var delta = zip(a, y).map { $0 * total - $1 }
    // For the largest output m, a_m = 1 − Σ_(k≠m) a_k.
    if let m = a.indices.max(by: { a[$0] < a[$1] }) {
      var others = 0.0
      for k in a.indices where k != m { others += a[k] }
      delta[m] = (total - y[m]) - total * others
    }
    return delta
  }

  /// `fusedOutputDelta(z:a:target:outputActivation:)` from the outputs alone (less accurate
  /// for a saturated sigmoid, where 1 − a has lost its digits).
  public func fusedOutputDelta(a: [Double], target y: [Double], outputActivation f: Activation)
    -> [Double]?
  {
    fusedOutputDelta(
      z: a.map { Foundation.log($0) - Foundation.log1p(-$0) }, a: a, target: y,
      outputActivation: f)
  }

  /// ∂C/∂a for one sample.
  /// - Complexity: O(n).
  @inlinable
  public func gradient(_ a: [Double], target y: [Double]) -> [Double] {
    let n = Double(a.count)
    var g = [Double](repeating: 0, count: a.count)
    for i in 0..<a.count {
      switch self {
      case .quadratic: g[i] = a[i] - y[i]
      case .mse: g[i] = 2 * (a[i] - y[i]) / n
      case .crossEntropy:
        // −y/a + (1 − y)/(1 − a) = (a − y)/(a(1 − a)), with the zero-weight terms skipped
        // exactly as in `value`.
        g[i] = (y[i] == 0 ? 0 : -y[i] / a[i]) + (y[i] == 1 ? 0 : (1 - y[i]) / (1 - a[i]))
      case .categoricalCrossEntropy: g[i] = y[i] == 0 ? 0 : -y[i] / a[i]
      }
    }
    return g
  }

  /// ∂C/∂a^L as a 1 x n Jacobian.
  public func jacobian(outputLayer: Int, a: [Double], target y: [Double]) -> Jacobian {
    Jacobian(
      of: .cost, withRespectTo: .a(outputLayer, a.count),
      .rowVector(gradient(a, target: y)))
  }
}
