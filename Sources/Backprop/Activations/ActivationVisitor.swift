/// An operation generic over the activation kind, run by `Activation.visit(_:)` with the
/// concrete kind, so that its loops are specialised for that kind.
public protocol ActivationVisitor {
  /// What the operation returns.
  associatedtype Result
  /// Runs the operation with the kind `function`.
  func visit<F: ActivationFunction>(_ function: F) -> Result
}

/// The kind as an existential, for the facts that are not on a hot path.
@usableFromInline
struct ErasedActivation: ActivationVisitor {
  @usableFromInline init() {}
  @usableFromInline func visit<F: ActivationFunction>(_ function: F) -> any ActivationFunction {
    function
  }
}

/// f(z) for a vector.
@usableFromInline
struct ApplyActivation<T: NetworkScalar>: ActivationVisitor {
  @usableFromInline let z: [T]
  @usableFromInline init(z: [T]) { self.z = z }
  @inlinable func visit<F: ActivationFunction>(_ function: F) -> [T] { function.apply(z) }
}

/// f(z) for a vector, into a buffer.
@usableFromInline
struct ApplyActivationInPlace<T: NetworkScalar>: ActivationVisitor {
  @usableFromInline let z: UnsafeBufferPointer<T>
  @usableFromInline let a: UnsafeMutableBufferPointer<T>
  @usableFromInline init(z: UnsafeBufferPointer<T>, a: UnsafeMutableBufferPointer<T>) {
    self.z = z
    self.a = a
  }
  @inlinable func visit<F: ActivationFunction>(_ function: F) { function.apply(z, into: a) }
}

/// f(z) for one entry.
@usableFromInline
struct ActivationValue<T: NetworkScalar>: ActivationVisitor {
  @usableFromInline let z: T
  @usableFromInline init(z: T) { self.z = z }
  @inlinable func visit<F: ActivationFunction>(_ function: F) -> T { function.value(z) }
}

/// f′(z) for one entry.
@usableFromInline
struct ActivationDerivative: ActivationVisitor {
  @usableFromInline let z: Double
  @usableFromInline init(z: Double) { self.z = z }
  @inlinable func visit<F: ActivationFunction>(_ function: F) -> Double { function.derivative(z) }
}

/// g · ∂a/∂z.
@usableFromInline
struct ActivationBackward: ActivationVisitor {
  @usableFromInline let g: [Double]
  @usableFromInline let z: [Double]
  @usableFromInline let a: [Double]
  @usableFromInline init(g: [Double], z: [Double], a: [Double]) {
    self.g = g
    self.z = z
    self.a = a
  }
  @inlinable func visit<F: ActivationFunction>(_ function: F) -> [Double] {
    function.backward(g, z: z, a: a)
  }
}
