/// One layer of a layered network: its shapes, its parameters, and its math.
///
/// A protocol (rather than one enum) so that each kind owns its math in its own file, the
/// way each activation does: forward pass generic over the scalar type (so the complex step
/// runs through it), vector-Jacobian product, local Jacobian with its structure, kinks, and
/// the names of its parameter tensors. Layers are built from a `LayerSpec` for a known
/// input shape, so every layer knows both of its shapes; the network stores the parameters
/// (flat, see `LayeredNetwork`) and hands each layer its own slice.
public protocol Layer: Sendable {
  /// The spec this layer was built from (its kind and sizes).
  var spec: LayerSpec { get }
  /// The shape it accepts.
  var inputShape: TensorShape { get }
  /// The shape it produces.
  var outputShape: TensorShape { get }
  /// Its parameter tensors, in storage order (empty for parameter-free layers).
  var tensors: [ParameterTensor] { get }

  /// The output for input `x` and this layer's parameters `p` (its tensors concatenated,
  /// each row-major), in any scalar type; records which side of each kink it took in `kinks`.
  func forward<T: NetworkScalar>(_ x: [T], parameters p: [T], kinks: inout KinkRecord) -> [T]

  /// The output after adding `step` to this layer's parameter `k`, from the unperturbed
  /// `output` at `x`, when the layer can do it without a full forward pass (a dense weight
  /// moves one output, a kernel entry one channel); `nil` otherwise.
  func perturbedOutput<T: NetworkScalar>(_ x: [T], output: [T], parameter k: Int, step: T)
    -> [T]?

  /// The vector-Jacobian product: given g = ∂C/∂output, returns ∂C/∂input and ∂C/∂p.
  func backward(_ x: [Double], parameters p: [Double], outputGradient g: [Double]) -> LayerVJP

  /// The local Jacobian ∂output/∂input at `x`, with the structure that suits the kind.
  func jacobian(_ x: [Double], parameters p: [Double], output: Quantity, input: Quantity)
    -> Jacobian
}

extension Layer {
  /// The number of parameters, Σ over tensors.
  public var parameterCount: Int { tensors.reduce(0) { $0 + $1.count } }

  /// No shortcut: the checks run the full forward pass.
  public func perturbedOutput<T: NetworkScalar>(
    _ x: [T], output: [T], parameter k: Int, step: T
  ) -> [T]? { nil }

  /// The output for input `x`, ignoring kinks.
  public func forward<T: NetworkScalar>(_ x: [T], parameters p: [T]) -> [T] {
    var record = KinkRecord()
    return forward(x, parameters: p, kinks: &record)
  }
}

/// What a layer's backward pass returns.
public struct LayerVJP: Equatable, Sendable {
  /// ∂C/∂input, shaped like the input.
  public var input: [Double]
  /// ∂C/∂p, in the layer's parameter order.
  public var parameters: [Double]

  /// Creates a result.
  public init(input: [Double], parameters: [Double]) {
    self.input = input
    self.parameters = parameters
  }
}

/// One parameter tensor of a layer: a stem such as `K`, `W`, `Wf`, `b`, its shape, and the
/// letters of its indices (`f,c,i,j`).
public struct ParameterTensor: Hashable, Sendable {
  /// The stem, such as `W`, `b`, `K`, `Wx`, `Wh`, `Wi`, `Ui` or `bi`.
  public let stem: String
  /// The sizes, outermost first.
  public let shape: [Int]
  /// The index letters, one per size, for documentation (`f,c,i,j`).
  public let indexNames: [String]

  /// Creates a tensor description.
  public init(stem: String, shape: [Int], indexNames: [String]) {
    self.stem = stem
    self.shape = shape
    self.indexNames = indexNames
  }

  /// The number of entries.
  public var count: Int { shape.reduce(1, *) }

  /// The tensor's name in layer `l` such as `K1`.
  public func name(layer l: Int) -> String { "\(stem)\(l)" }

  /// The multi-index of flat entry `k` (row-major).
  public func indices(of k: Int) -> [Int] {
    var out = [Int](repeating: 0, count: shape.count)
    var rest = k
    for d in stride(from: shape.count - 1, through: 0, by: -1) {
      out[d] = rest % shape[d]
      rest /= shape[d]
    }
    return out
  }

  /// The flat entry of `indices`, or `nil` when out of range.
  public func flatIndex(of indices: [Int]) -> Int? {
    guard indices.count == shape.count else { return nil }
    var k = 0
    for (i, n) in zip(indices, shape) {
      guard (0..<n).contains(i) else { return nil }
      k = k * n + i
    }
    return k
  }
}

/// Which side of each kink a forward pass took, recorded in `Double`.
///
/// A relu unit records whether z > 0; a max-pool window records which entry won. Two
/// forward passes whose records differ crossed a kink between them. `atKink` counts the
/// units sitting exactly on one (z = 0, or a max-pool tie).
public struct KinkRecord: Equatable, Sendable {
  /// One code per kinked unit, in forward order.
  public var branches: [Int] = []
  /// How many units sit exactly on a kink.
  public var atKink: Int = 0
  /// The positions in `branches` of the units sitting exactly on a kink.
  public var onKink: [Int] = []
  /// One code per unit with a crease (elu at 0, where f″ jumps): which side it took.
  ///
  /// Crossing one does not mix slopes, but spoils the error terms of five-point and
  /// Richardson differences.
  public var creases: [Int] = []

  /// An empty record.
  public init() {}
}

/// A layer that does not fit its input, naming the layer and both shapes.
public struct LayerFitError: Error, Equatable, CustomStringConvertible {
  /// The layer, named by the rule of `LayerName`.
  public let name: LayerName
  /// The shape it was given.
  public let input: TensorShape
  /// What it needs such as `an image C×H×W` or `an image at least 1×5×5`.
  public let needs: String

  /// Creates an error.
  public init(name: LayerName, input: TensorShape, needs: String) {
    self.name = name
    self.input = input
    self.needs = needs
  }

  /// The layer as written such as `conv 2 5x5`.
  public var layer: String { name.spec.description }
  /// Its position, 1 for the first layer after the input.
  public var position: Int { name.item }

  /// `layer 1 'conv 2 5x5' (K1, b1) needs an image at least 1×5×5, got the image 1×3×3`.
  public var description: String {
    "\(name) needs \(needs), got the \(input.kindName) \(input)"
  }
}

/// How a perturbed forward pass's branches relate to the unperturbed ones.
enum KinkCrossing: Equatable {
  /// Every unit took its unperturbed branch.
  case none
  /// Only units sitting exactly on a kink moved off it, to one side: clear for a one-sided
  /// step, which then measures that side's derivative.
  case offKink
  /// A unit crossed a kink.
  case crossed

  /// The crossing of `branches` against the unperturbed `base`, whose units at positions
  /// `onKink` sit exactly on a kink.
  init(_ branches: [Int], base: [Int], onKink: Set<Int>) {
    if branches == base {
      self = .none
    } else if branches.count == base.count
      && base.indices.allSatisfy({
        branches[$0] == base[$0] || onKink.contains($0)
      })
    {
      self = .offKink
    } else {
      self = .crossed
    }
  }

  /// Whether an estimate by `method` with this crossing is clear of every kink: a central
  /// one only with `.none`, a one-sided one also with `.offKink`.
  func isClear(for method: FiniteDifferenceMethod) -> Bool {
    self == .none || (self == .offKink && method != .central)
  }

  /// The worse of two crossings.
  func combined(with other: KinkCrossing) -> KinkCrossing {
    if self == .crossed || other == .crossed { return .crossed }
    return self == .offKink || other == .offKink ? .offKink : .none
  }
}
