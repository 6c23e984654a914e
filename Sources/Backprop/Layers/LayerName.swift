/// How every error names one item of an architecture, by one rule (Docs/Layers.md).
///
/// A layer with parameters is named by its number l, the number its tensors carry:
/// `layer 2 'conv 1 4x4' (K2, b2)`. A layer without parameters (an activation, a pool,
/// flatten) is named by its place in the `--arch` list, 1 for the first after the input:
/// `item 7 'maxpool 2'`.
public struct LayerName: Hashable, Sendable, CustomStringConvertible {
  /// The layer as written.
  public let spec: LayerSpec
  /// Its place in the list, 1 for the first after the input.
  public let item: Int
  /// Its number l.
  public let number: Int

  /// Creates a name.
  public init(spec: LayerSpec, item: Int, number: Int) {
    self.spec = spec
    self.item = item
    self.number = number
  }

  /// `layer 2 'conv 1 4x4' (K2, b2)` or `item 7 'maxpool 2'`.
  public var description: String {
    guard spec.hasParameters else { return "item \(item) '\(spec)'" }
    let stems = spec.tensorStems
    let tensors =
      stems.count <= 3
      ? stems.map { "\($0)\(number)" }.joined(separator: ", ")
      : "\(stems[0])\(number) … \(stems[stems.count - 1])\(number)"
    return "layer \(number) '\(spec)' (\(tensors))"
  }
}

extension LayerSpec {
  /// The stems of the layer's parameter tensors, in storage order (empty without parameters).
  public var tensorStems: [String] {
    switch self {
    case .dense: return ["W", "b"]
    case .conv: return ["K", "b"]
    case .rnn: return ["Wx", "Wh", "b"]
    case .lstm: return LSTMLayer.gates.flatMap { ["W" + $0, "U" + $0, "b" + $0] }
    case .maxPool, .avgPool, .flatten, .activation: return []
    }
  }
}

extension Architecture {
  /// The number l of each layer: a layer with parameters, or a parameter-free layer that
  /// does not directly follow one, starts a new number; an activation right after a layer
  /// with parameters shares its number.
  public var numbers: [Int] {
    var out: [Int] = []
    for (k, spec) in layers.enumerated() {
      let shares = spec.isActivation && k > 0 && layers[k - 1].hasParameters
      out.append((out.last ?? 0) + (shares ? 0 : 1))
    }
    return out
  }

  /// The name of layer k (0-based in `layers`) by the rule of `LayerName`.
  public func name(of k: Int) -> LayerName {
    LayerName(spec: layers[k], item: k + 1, number: numbers[k])
  }
}
