/// An activation function as a layer, a = f(z).
///
/// Element-wise on any shape, softmax over a vector. The math is the activation's own
/// (`Activation`); this layer only adapts it.
public struct ActivationLayer: Layer {
  /// The shape it accepts and produces.
  public let inputShape: TensorShape
  /// The function.
  public let activation: Activation

  /// Creates a layer applying `activation` to `input`.
  public init(input: TensorShape, activation: Activation) {
    inputShape = input
    self.activation = activation
  }

  /// The activation's name.
  public var spec: LayerSpec { .activation(activation) }
  /// The input shape.
  public var outputShape: TensorShape { inputShape }
  /// None.
  public var tensors: [ParameterTensor] { [] }

  /// f(z); for relu and leaky-relu records z > 0 for each unit, and counts z = 0; for elu
  /// records z > 0 in `creases`.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  @_specialize(where T == Complex)
  public func forward<T: NetworkScalar>(_ x: [T], parameters p: [T], kinks: inout KinkRecord)
    -> [T]
  {
    let points = activation.kinks
    if !points.isEmpty {
      for v in x {
        let r = v.realPart
        kinks.branches.append(points.filter { r > $0 }.count)
        if points.contains(r) {
          kinks.atKink += 1
          kinks.onKink.append(kinks.branches.count - 1)
        }
      }
    }
    let creases = activation.breaks.filter { $0.kind == .crease }.map(\.at)
    if !creases.isEmpty {
      for v in x { kinks.creases.append(creases.filter { v.realPart > $0 }.count) }
    }
    return activation.apply(x)
  }

  /// g ⊙ f′(z), or the softmax product a ⊙ (g − ⟨g, a⟩).
  public func backward(_ x: [Double], parameters p: [Double], outputGradient g: [Double])
    -> LayerVJP
  {
    LayerVJP(input: activation.backward(g, z: x, a: activation.apply(x)), parameters: [])
  }

  /// Diagonal (element-wise) or dense (softmax): the activation's own Jacobian.
  public func jacobian(_ x: [Double], parameters p: [Double], output: Quantity, input: Quantity)
    -> Jacobian
  {
    Jacobian(
      of: output, withRespectTo: input,
      activation.function.jacobianStructure(z: x, a: activation.apply(x)))
  }
}
