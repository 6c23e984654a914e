/// ∂C/∂W^l and ∂C/∂b^l for every layer, shaped like the network's parameters.
public struct Gradients: LayeredParameters, Equatable, Sendable {
  /// `weights[l - 1]` is ∂C/∂W^l, n_l x n_(l−1).
  public var weights: [Matrix]
  /// `biases[l - 1]` is ∂C/∂b^l.
  public var biases: [[Double]]
  /// The cost at which they were taken, when known.
  public var cost: Double?

  /// Creates gradients from their parts.
  public init(weights: [Matrix], biases: [[Double]], cost: Double? = nil) {
    self.weights = weights
    self.biases = biases
    self.cost = cost
  }

  /// All zeros, shaped like `network`'s parameters.
  public init(zerosLike network: Network) {
    weights = network.weights.map { Matrix(rows: $0.rows, columns: $0.columns) }
    biases = network.biases.map { [Double](repeating: 0, count: $0.count) }
    cost = nil
  }

  /// Every entry in the canonical order (W¹ row by row, b¹, W², b², …).
  public var flattened: [Double] {
    var out: [Double] = []
    for (w, b) in zip(weights, biases) {
      out += w.storage
      out += b
    }
    return out
  }

  /// Whether the shapes match `network`'s parameters.
  public func hasShape(of network: Network) -> Bool {
    weights.count == network.depth && biases.count == network.depth
      && zip(weights, network.weights).allSatisfy { $0.rows == $1.rows && $0.columns == $1.columns }
      && zip(biases, network.biases).allSatisfy { $0.count == $1.count }
  }

  /// Every entry times `factor`.
  public func scaled(by factor: Double) -> Gradients {
    Gradients(
      weights: weights.map { factor * $0 }, biases: biases.map { $0.map { factor * $0 } },
      cost: cost)
  }

  /// Entry-wise sum (the cost is dropped).
  public static func + (lhs: Gradients, rhs: Gradients) -> Gradients {
    Gradients(
      weights: zip(lhs.weights, rhs.weights).map(+),
      biases: zip(lhs.biases, rhs.biases).map { zip($0, $1).map(+) })
  }
}

/// Anything that holds one matrix and one vector per layer, shaped like a network's
/// parameters: the network itself and its gradients.
public protocol LayeredParameters {
  /// `weights[l - 1]` belongs to W^l.
  var weights: [Matrix] { get set }
  /// `biases[l - 1]` belongs to b^l.
  var biases: [[Double]] { get set }
}

extension LayeredParameters {
  /// The entry for `index`: W^l[j, k] or b^l[j].
  public subscript(index: ParameterIndex) -> Double {
    get {
      switch index.kind {
      case .weight(let j, let k): return weights[index.layer - 1][j, k]
      case .bias(let j): return biases[index.layer - 1][j]
      }
    }
    set {
      switch index.kind {
      case .weight(let j, let k): weights[index.layer - 1][j, k] = newValue
      case .bias(let j): biases[index.layer - 1][j] = newValue
      }
    }
  }
}
