/// A network as a sequence of typed layers after an input of a given shape, with a cost.
///
/// Layer numbers: each layer with parameters (and each parameter-free layer that does not
/// directly follow one) starts a new number l; an activation right after a layer with
/// parameters shares its number, so `dense 4, tanh` computes z^l then a^l as in the dense
/// networks, and `input 3, dense 4, tanh, dense 2, sigmoid` names W1, b1, W2, b2 like
/// `--layers 3,4,2`.
///
/// Parameters are stored flat: layer by layer, within a layer tensor by tensor in the
/// layer's order (`Layer.tensors`), each row-major.
public struct LayeredNetwork: Sendable {
  /// The architecture it was built from.
  public let architecture: Architecture
  /// The layers, fitted to their inputs.
  public let layers: [any Layer]
  /// The per-sample cost; the network's cost is the mean over samples.
  public let cost: Cost
  /// Every parameter, flat (see the type's documentation for the order).
  public var parameters: [Double]
  /// The number l of each layer.
  public let numbers: [Int]
  /// `offsets[k]..<offsets[k + 1]`: the parameters of layer k.
  public let offsets: [Int]

  /// The most parameters a layered network may have.
  public static let maximumParameterCount = 5_000_000
  /// The most numbers the input or any layer's output may hold (so that a shape from a file
  /// or an option cannot ask for more memory than a laptop has).
  public static let maximumTensorCount = 10_000_000

  /// Fits every layer to its input and checks the cost and the parameter count.
  /// - Parameters:
  ///   - architecture: The input shape and the layers.
  ///   - cost: The per-sample cost.
  ///   - parameters: The parameters, or `nil` for zeros.
  /// - Throws: `LayeredNetworkError` naming the layer or field at fault.
  public init(architecture: Architecture, cost: Cost, parameters: [Double]? = nil)
    throws(LayeredNetworkError)
  {
    guard !architecture.layers.isEmpty else { throw .noLayers }
    guard architecture.inputShape.rank >= 1 && architecture.inputShape.rank <= 3,
      architecture.inputShape.dimensions.allSatisfy({ $0 >= 1 })
    else { throw .inputShape(architecture.inputShape) }
    guard Self.fits(architecture.inputShape) else {
      throw .tooLarge(
        layer: "input", shape: architecture.inputShape, maximum: Self.maximumTensorCount)
    }
    var shape = architecture.inputShape
    var layers: [any Layer] = []
    let numbers = architecture.numbers
    var offsets = [0]
    for (k, spec) in architecture.layers.enumerated() {
      let layer: any Layer
      do {
        layer = try spec.fitted(to: shape, position: k + 1, number: numbers[k])
      } catch {
        throw .fit(error)
      }
      let (total, overflow) = (offsets.last ?? 0).addingReportingOverflow(layer.parameterCount)
      guard !overflow && total <= LayeredNetwork.maximumParameterCount else {
        throw .tooManyParameters(maximum: LayeredNetwork.maximumParameterCount)
      }
      offsets.append(total)
      guard Self.fits(layer.outputShape) else {
        throw .tooLarge(
          layer: architecture.name(of: k).description, shape: layer.outputShape,
          maximum: Self.maximumTensorCount)
      }
      layers.append(layer)
      shape = layer.outputShape
    }
    if let allowed = cost.allowedOutputActivations {
      let last = (layers.last as? ActivationLayer)?.activation
      guard let last, allowed.contains(last) else {
        throw .outputActivation(
          cost: cost, allowed: allowed,
          found: architecture.name(of: architecture.layers.count - 1))
      }
    }
    let count = offsets.last ?? 0
    if let parameters, parameters.count != count {
      throw .parameterCount(expected: count, found: parameters.count)
    }
    self.architecture = architecture
    self.layers = layers
    self.cost = cost
    self.numbers = numbers
    self.offsets = offsets
    self.parameters = parameters ?? [Double](repeating: 0, count: count)
  }

  /// Whether `shape` holds at most `maximumTensorCount` numbers (without overflowing).
  static func fits(_ shape: TensorShape) -> Bool {
    var n = 1
    for d in shape.dimensions {
      let (p, overflow) = n.multipliedReportingOverflow(by: d)
      if overflow || p > maximumTensorCount { return false }
      n = p
    }
    return true
  }

  /// The input shape.
  public var inputShape: TensorShape { architecture.inputShape }
  /// The output shape (of the last layer).
  public var outputShape: TensorShape { layers.last?.outputShape ?? inputShape }
  /// The number of parameters.
  public var parameterCount: Int { parameters.count }

  /// The parameters of layer k in `theta`.
  func slice<T>(_ theta: [T], layer k: Int) -> [T] { Array(theta[offsets[k]..<offsets[k + 1]]) }

  /// The quantity layer k produces: z^l when an activation sharing its number follows,
  /// a^l otherwise.
  public func outputQuantity(of k: Int) -> Quantity {
    let n = layers[k].outputShape.count
    if k + 1 < layers.count && numbers[k + 1] == numbers[k] { return .z(numbers[k], n) }
    return .a(numbers[k], n)
  }

  /// The quantity layer k reads: a⁰ for the first, else what layer k − 1 produces.
  public func inputQuantity(of k: Int) -> Quantity {
    k == 0 ? .a(0, inputShape.count) : outputQuantity(of: k - 1)
  }

  /// Checks that a sample fits the network.
  /// - Throws: `NetworkError` naming `field` (for example `samples[2].input`).
  public func validate(_ sample: Sample, field: String) throws(NetworkError) {
    guard sample.input.count == inputShape.count else {
      throw NetworkError(
        field: field + ".input",
        message: "expected \(inputShape.count) numbers (input \(inputShape)), "
          + "found \(sample.input.count)")
    }
    guard sample.target.count == outputShape.count else {
      throw NetworkError(
        field: field + ".target",
        message: "expected \(outputShape.count) numbers (the output size), "
          + "found \(sample.target.count)")
    }
  }
}

extension LayerSpec {
  /// Whether this is an activation layer.
  public var isActivation: Bool {
    if case .activation = self { return true }
    return false
  }
}

/// Why a layered network cannot be built.
public enum LayeredNetworkError: Error, Equatable, CustomStringConvertible {
  /// No layer after the input.
  case noLayers
  /// The input shape has a rank other than 1–3 or a size below 1.
  case inputShape(TensorShape)
  /// A layer does not fit its input.
  case fit(LayerFitError)
  /// The cost needs another output activation; `found` is the last layer.
  case outputActivation(cost: Cost, allowed: [Activation], found: LayerName)
  /// Given parameters do not match the layers.
  case parameterCount(expected: Int, found: Int)
  /// More parameters than `LayeredNetwork.maximumParameterCount`.
  case tooManyParameters(maximum: Int)
  /// The input or a layer's output holds more than `LayeredNetwork.maximumTensorCount`.
  case tooLarge(layer: String, shape: TensorShape, maximum: Int)

  /// A sentence naming the layer or field.
  public var description: String {
    switch self {
    case .noLayers: return "the network needs at least one layer after the input"
    case .inputShape(let s):
      return "the input must be a vector n, a sequence TxF or an image CxHxW of sizes "
        + "at least 1, got \(s)"
    case .fit(let e): return e.description
    case .outputActivation(let cost, let allowed, let found):
      return "cost \(cost.name) needs outputs in (0, 1): the last layer must be "
        + allowed.map(\.name).joined(separator: " or ")
        + ", found \(found)"
    case .parameterCount(let e, let f):
      return "the layers have \(e) parameters, found \(f)"
    case .tooManyParameters(let m):
      return "the layers have more than \(m) parameters"
    case .tooLarge(let layer, let shape, let m):
      return "\(layer) would hold \(shape) numbers; at most \(m) are supported"
    }
  }
}
