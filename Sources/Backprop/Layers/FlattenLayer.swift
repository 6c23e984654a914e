/// Reads its input as a vector: the values are already stored flat, so the forward pass
/// copies them and the Jacobian is a reshaping identity.
public struct FlattenLayer: Layer {
  /// The shape it accepts.
  public let inputShape: TensorShape

  /// Creates a layer for `input`.
  public init(input: TensorShape) { inputShape = input }

  /// `flatten`.
  public var spec: LayerSpec { .flatten }
  /// The vector of `inputShape.count` numbers.
  public var outputShape: TensorShape { .vector(inputShape.count) }
  /// None.
  public var tensors: [ParameterTensor] { [] }

  /// The same numbers.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  @_specialize(where T == Complex)
  public func forward<T: NetworkScalar>(_ x: [T], parameters p: [T], kinks: inout KinkRecord)
    -> [T]
  { x }

  /// The same gradient, read in the input's shape.
  public func backward(_ x: [Double], parameters p: [Double], outputGradient g: [Double])
    -> LayerVJP
  { LayerVJP(input: g, parameters: []) }

  /// The identity, n × n: only the shape changes.
  public func jacobian(_ x: [Double], parameters p: [Double], output: Quantity, input: Quantity)
    -> Jacobian
  { Jacobian(of: output, withRespectTo: input, .identity(inputShape.count)) }
}
