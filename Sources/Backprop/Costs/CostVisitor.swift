/// An operation generic over the cost, run by `Cost.visit(_:)` with the concrete cost, so that
/// its loops are specialised for that cost.
public protocol CostVisitor {
  /// What the operation returns.
  associatedtype Result
  /// Runs the operation with the cost `function`.
  func visit<F: CostFunction>(_ function: F) -> Result
}

/// The cost as an existential, for the facts that are not on a hot path.
@usableFromInline
struct ErasedCost: CostVisitor {
  @usableFromInline init() {}
  @usableFromInline func visit<F: CostFunction>(_ function: F) -> any CostFunction { function }
}

/// The per-sample cost: from z in the fused form when z is given and the output activation
/// is the cost's fused one, from a otherwise.
@usableFromInline
struct CostValue<
  T: NetworkScalar, Z: RandomAccessCollection<T>, A: RandomAccessCollection<T>,
  Y: RandomAccessCollection<Double>
>: CostVisitor where Z.Index == Int, A.Index == Int, Y.Index == Int {
  @usableFromInline let z: Z?
  @usableFromInline let a: A
  @usableFromInline let y: Y
  @usableFromInline let outputActivation: Activation?

  @usableFromInline
  init(z: Z?, a: A, y: Y, outputActivation: Activation? = nil) {
    self.z = z
    self.a = a
    self.y = y
    self.outputActivation = outputActivation
  }

  @inlinable
  func visit<F: CostFunction>(_ function: F) -> T {
    if let z, let fused = function.fusedActivation, fused == outputActivation {
      return function.fusedValue(z: z, target: y)
    }
    return function.value(a: a, target: y)
  }
}

/// ∂C/∂a for one sample.
@usableFromInline
struct CostGradient: CostVisitor {
  @usableFromInline let a: [Double]
  @usableFromInline let y: [Double]
  @usableFromInline init(a: [Double], y: [Double]) {
    self.a = a
    self.y = y
  }
  @inlinable func visit<F: CostFunction>(_ function: F) -> [Double] {
    function.gradient(a, target: y)
  }
}
