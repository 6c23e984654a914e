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

  /// The per-sample cost for any scalar type.
  /// - Complexity: O(n).
  @inlinable
  public func value<T: NetworkScalar>(_ a: [T], target y: [Double]) -> T {
    var total = T(0)
    switch self {
    case .quadratic:
      for i in 0..<a.count {
        let d = a[i] - T(y[i])
        total = total + d * d
      }
      return T(0.5) * total
    case .mse:
      for i in 0..<a.count {
        let d = a[i] - T(y[i])
        total = total + d * d
      }
      return total / T(Double(a.count))
    case .crossEntropy:
      for i in 0..<a.count {
        // Terms with a zero weight are skipped, so that 0 · ln 0 counts as 0.
        if y[i] != 0 { total = total + T(y[i]) * T.log(a[i]) }
        if y[i] != 1 { total = total + T(1 - y[i]) * T.log(T(1) - a[i]) }
      }
      return -total
    case .categoricalCrossEntropy:
      for i in 0..<a.count where y[i] != 0 { total = total + T(y[i]) * T.log(a[i]) }
      return -total
    }
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
