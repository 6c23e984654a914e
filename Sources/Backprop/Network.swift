/// One training example: an input x = a⁰ and its target y.
public struct Sample: Equatable, Sendable {
  /// The input, n₀ numbers.
  public var input: [Double]
  /// The target, n_L numbers.
  public var target: [Double]

  /// Creates a sample.
  public init(input: [Double], target: [Double]) {
    self.input = input
    self.target = target
  }
}

/// A fully connected feed-forward network.
///
/// Layer l (1 ≤ l ≤ L) computes z^l = W^l a^(l−1) + b^l and a^l = f_l(z^l), with W^l of
/// shape n_l x n_(l−1) (row j = neuron j of layer l) and a⁰ = x. Arrays are 0-based, so
/// `weights[l - 1]` is W^l, `biases[l - 1]` is b^l and `activations[l - 1]` is f_l.
public struct Network: LayeredParameters, Equatable, Sendable {
  /// The layer sizes `[n₀, n₁, …, n_L]`, input first.
  public let sizes: [Int]
  /// One activation per non-input layer.
  public let activations: [Activation]
  /// The per-sample cost.
  public let cost: Cost
  /// `weights[l - 1]` is W^l, n_l x n_(l−1).
  public var weights: [Matrix]
  /// `biases[l - 1]` is b^l, n_l entries.
  public var biases: [[Double]]

  /// Creates a network, checking every shape and name.
  /// - Throws: `NetworkError` naming the first inconsistent field.
  public init(
    sizes: [Int], activations: [Activation], cost: Cost, weights: [Matrix], biases: [[Double]]
  ) throws(NetworkError) {
    guard sizes.count >= 2 else {
      throw NetworkError(
        field: "layers",
        message: "expected at least 2 layer sizes (input and output), found \(sizes.count)")
    }
    for (i, n) in sizes.enumerated() where n < 1 {
      throw NetworkError(
        field: "layers[\(i)]", message: "layer size must be at least 1, found \(n)")
    }
    let depth = sizes.count - 1
    guard activations.count == depth else {
      throw NetworkError(
        field: "activations",
        message:
          "expected \(depth) activations (one per layer after the input), found \(activations.count)"
      )
    }
    guard weights.count == depth else {
      throw NetworkError(
        field: "weights", message: "expected \(depth) matrices, found \(weights.count)")
    }
    guard biases.count == depth else {
      throw NetworkError(
        field: "biases", message: "expected \(depth) vectors, found \(biases.count)")
    }
    for l in 1...depth {
      let w = weights[l - 1]
      guard w.rows == sizes[l] && w.columns == sizes[l - 1] else {
        throw NetworkError(
          field: "weights[\(l - 1)]",
          message: "expected a \(sizes[l])x\(sizes[l - 1]) matrix, found \(w.rows)x\(w.columns)")
      }
      guard biases[l - 1].count == sizes[l] else {
        throw NetworkError(
          field: "biases[\(l - 1)]",
          message:
            "expected \(sizes[l]) number\(sizes[l] == 1 ? "" : "s"), found \(biases[l - 1].count)")
      }
    }
    if let problem = cost.function.outputProblem(
      activation: activations[depth - 1], outputs: sizes[depth])
    {
      throw NetworkError(field: "activations[\(depth - 1)]", message: problem)
    }
    if let allowed = cost.allowedOutputActivations, let last = activations.last,
      !allowed.contains(last)
    {
      throw NetworkError(
        field: "activations[\(depth - 1)]",
        message:
          "cost \(cost.name) needs outputs in (0, 1): the output activation must be \(allowed.map(\.name).joined(separator: " or ")), found \(last.name)"
      )
    }
    self.sizes = sizes
    self.activations = activations
    self.cost = cost
    self.weights = weights
    self.biases = biases
  }

  /// The most weights and biases a network may have (40 MB of `Double`s), so that a file
  /// or an option cannot ask for more memory than a laptop has.
  public static let maximumParameterCount = 5_000_000

  /// L, the number of layers after the input.
  public var depth: Int { sizes.count - 1 }

  /// The number of weights and biases, Σ n_l (n_(l−1) + 1).
  public var parameterCount: Int { Network.parameterCount(sizes: sizes) }

  /// The number of weights and biases of a network with layer sizes `sizes`,
  /// Σ n_l (n_(l−1) + 1), saturating at `Int.max` instead of overflowing, so that it can
  /// check sizes that come from a file or an option before anything is allocated.
  /// - Complexity: O(sizes.count).
  public static func parameterCount(sizes: [Int]) -> Int {
    var total = 0
    for l in sizes.indices.dropFirst() {
      let (inputs, o1) = sizes[l - 1].addingReportingOverflow(1)
      let (layer, o2) = sizes[l].multipliedReportingOverflow(by: inputs)
      let (sum, o3) = total.addingReportingOverflow(layer)
      if o1 || o2 || o3 { return Int.max }
      total = sum
    }
    return total
  }

  /// W^l for 1 ≤ l ≤ L.
  public func weight(_ l: Int) -> Matrix { weights[l - 1] }
  /// b^l for 1 ≤ l ≤ L.
  public func bias(_ l: Int) -> [Double] { biases[l - 1] }
  /// f_l for 1 ≤ l ≤ L.
  public func activation(_ l: Int) -> Activation { activations[l - 1] }

  /// Checks that a sample fits the network.
  /// - Throws: `NetworkError` naming `field` (e.g. `samples[2].input`).
  public func validate(_ sample: Sample, field: String) throws(NetworkError) {
    guard sample.input.count == sizes[0] else {
      throw NetworkError(
        field: field + ".input",
        message:
          "expected \(sizes[0]) number\(sizes[0] == 1 ? "" : "s") (the input layer size), found \(sample.input.count)"
      )
    }
    guard sample.target.count == sizes[depth] else {
      throw NetworkError(
        field: field + ".target",
        message:
          "expected \(sizes[depth]) number\(sizes[depth] == 1 ? "" : "s") (the output layer size), found \(sample.target.count)"
      )
    }
  }
}
