import Foundation

/// The name of the cost of one sample with output a = a^L and target y (n outputs): what
/// files, the command line and `Codable` use.
///
/// Each name maps to the type that owns its math (`Quadratic`, …, in `Costs/`) in one place,
/// `visit(_:)`. The cost of a set of samples is the mean of the per-sample costs.
public enum Cost: String, CaseIterable, Sendable, Codable {
  /// ½ Σ (a_i − y_i)²; see `Quadratic`.
  case quadratic
  /// (1/n) Σ (a_i − y_i)²; see `MeanSquaredError`.
  case mse
  /// −Σ [y_i ln a_i + (1 − y_i) ln(1 − a_i)]; see `CrossEntropy`.
  case crossEntropy = "cross-entropy"
  /// −Σ y_i ln a_i; see `CategoricalCrossEntropy`.
  case categoricalCrossEntropy = "categorical-cross-entropy"

  /// Calls `visitor` with the cost of this name: the one place that maps names to costs.
  @inlinable
  public func visit<V: CostVisitor>(_ visitor: V) -> V.Result {
    switch self {
    case .quadratic: return visitor.visit(Quadratic())
    case .mse: return visitor.visit(MeanSquaredError())
    case .crossEntropy: return visitor.visit(CrossEntropy())
    case .categoricalCrossEntropy: return visitor.visit(CategoricalCrossEntropy())
    }
  }

  /// The type that owns this cost's math.
  public var function: any CostFunction { visit(ErasedCost()) }

  /// The name used in files and on the command line.
  public var name: String { rawValue }

  /// The output activations this cost accepts: the logarithms need outputs in (0, 1).
  public var allowedOutputActivations: [Activation]? { function.allowedOutputActivations }

  /// The interval every target entry must lie in, `nil` for any finite number.
  public var targetRange: ClosedRange<Double>? { function.targetRange }

  /// Checks that every entry of a target lies in `targetRange`.
  /// - Throws: `NetworkError` naming the first entry outside it, `field[j]`.
  public func validateTarget(_ y: [Double], field: String) throws(NetworkError) {
    guard let range = targetRange, let j = function.firstInvalidTarget(in: y) else { return }
    throw NetworkError(
      field: "\(field)[\(j)]",
      message: "\(name) needs targets in [\(JSONValue.format(range.lowerBound)), "
        + "\(JSONValue.format(range.upperBound))], found \(JSONValue.format(y[j]))")
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
    visit(CostValue<T, A, A, Y>(z: nil, a: a, y: y))
  }

  /// Whether this cost after `outputActivation` has the stable fused form: sigmoid with
  /// cross-entropy, softmax with categorical cross-entropy.
  ///
  /// For these pairs the cost is computed from z^L instead of a^L and δ^L = ∂C/∂z^L is
  /// a^L (Σ y) − y, which is a − y for targets summing to 1 (softmax) and a − y always
  /// (sigmoid). Computing ln a or ln(1 − a) from a rounded a loses every digit once a
  /// unit saturates (a = 1 − 1e-14 is stored with a relative error of 1e-2 in 1 − a).
  public func isFused(with outputActivation: Activation) -> Bool {
    function.fusedActivation == outputActivation
  }

  /// The per-sample cost from the output layer's weighted input z = z^L and its activation
  /// a = f(z): from z in the stable fused form where `isFused(with: f)`, from a otherwise.
  /// - Complexity: O(n).
  @inlinable
  public func value<
    T: NetworkScalar, Z: RandomAccessCollection<T>, A: RandomAccessCollection<T>,
    Y: RandomAccessCollection<Double>
  >(z: Z, a: A, outputActivation f: Activation, target y: Y) -> T
  where Z.Index == Int, A.Index == Int, Y.Index == Int {
    visit(CostValue<T, Z, A, Y>(z: z, a: a, y: y, outputActivation: f))
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
    return function.fusedOutputDelta(z: z, a: a, target: y)
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
    visit(CostGradient(a: a, y: y))
  }

  /// ∂C/∂a^L as a 1 x n Jacobian.
  public func jacobian(outputLayer: Int, a: [Double], target y: [Double]) -> Jacobian {
    Jacobian(
      of: .cost, withRespectTo: .a(outputLayer, a.count),
      .rowVector(gradient(a, target: y)))
  }
}
