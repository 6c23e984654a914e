/// A layered network's shape: the input shape and the layers in order, without numbers.
///
/// Written on the command line as `input 1x6x6, conv 2 3x3, relu, maxpool 2, flatten,
/// dense 3, softmax` (see `Architecture.parse`).
public struct Architecture: Hashable, Sendable, CustomStringConvertible {
  /// The input's shape: a vector, a sequence (T×F) or an image (C×H×W).
  public var inputShape: TensorShape
  /// The layers after the input.
  public var layers: [LayerSpec]

  /// Creates an architecture.
  public init(inputShape: TensorShape, layers: [LayerSpec]) {
    self.inputShape = inputShape
    self.layers = layers
  }

  /// The `--arch` text such as `input 1x6x6, conv 2 3x3, relu`.
  public var description: String {
    (["input " + inputShape.dimensions.map(String.init).joined(separator: "x")]
      + layers.map(\.description)).joined(separator: ", ")
  }
}
