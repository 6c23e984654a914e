/// The identity f(z) = z; derivative 1, Jacobian I.
public struct Identity: ElementwiseActivation {
  /// Creates the kind.
  public init() {}

  /// `.identity`.
  public var kind: Activation { .identity }
  /// None.
  public var breaks: [SmoothnessBreak] { [] }
  /// `identity`, `\operatorname{identity}`.
  public var symbol: MathText { MathText("identity", latex: "\\operatorname{identity}") }
  /// 1.
  public var derivativeInZ: MathText { .plain("1") }
  /// 1.
  public var derivativeInA: MathText { .plain("1") }
  /// `nil`: the derivative is 1 everywhere.
  public var derivativeAtActivation: DerivativeAtActivation? { nil }

  /// z.
  @inlinable
  public func value<T: NetworkScalar>(_ z: T) -> T { z }

  /// 1.
  @inlinable
  public func derivative(_ z: Double) -> Double { 1 }

  /// A copy of z.
  @inlinable
  public func apply<T: NetworkScalar>(
    _ z: UnsafeBufferPointer<T>, into a: UnsafeMutableBufferPointer<T>
  ) {
    for i in 0..<z.count { a[i] = z[i] }
  }

  /// The identity matrix.
  public func jacobianStructure(z: [Double], a: [Double]) -> Jacobian.Structure {
    .identity(z.count)
  }

  /// g itself.
  @inlinable
  public func backward(_ g: [Double], z: [Double], a: [Double]) -> [Double] { g }
}

extension Identity {
  /// Δz itself: no subtraction, so no cancellation.
  public func change(
    at point: UnitPoint, _ dz: UnsafePointer<Double>, into da: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    for c in 0..<width { da[c] = dz[c] }
  }
}
