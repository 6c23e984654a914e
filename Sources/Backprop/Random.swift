import Foundation

/// SplitMix64, a small seeded generator that gives the same numbers on every platform.
///
/// Steele, Lea and Flood, "Fast splittable pseudorandom number generators" (2014).
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Creates a generator; equal seeds give equal sequences.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform `Double` in [0, 1) with 53 random bits (platform-independent, unlike
  /// `Double.random(in:using:)`, whose algorithm is not specified).
  public mutating func nextUniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal deviate, by the Box–Muller transform.
  public mutating func nextGaussian() -> Double {
    let u1 = 1 - nextUniform()  // in (0, 1], so the logarithm is finite
    let u2 = nextUniform()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// A uniform integer in 0..<n.
  public mutating func nextInt(below n: Int) -> Int {
    precondition(n > 0, "nextInt(below:) needs a positive bound")
    return Int(next() % UInt64(n))
  }
}

/// What a random network looks like.
public struct RandomNetworkSpec: Sendable, Equatable {
  /// Layer sizes, input first.
  public var sizes: [Int]
  /// The activation of the hidden layers.
  public var hiddenActivation: Activation
  /// The activation of the output layer.
  public var outputActivation: Activation
  /// The cost.
  public var cost: Cost
  /// How many samples.
  public var sampleCount: Int
  /// The seed.
  public var seed: UInt64

  /// Creates a spec; defaults are sigmoid everywhere, quadratic cost, one sample, seed 0.
  public init(
    sizes: [Int], hiddenActivation: Activation = .sigmoid, outputActivation: Activation? = nil,
    cost: Cost = .quadratic, sampleCount: Int = 1, seed: UInt64 = 0
  ) {
    self.sizes = sizes
    self.hiddenActivation = hiddenActivation
    self.outputActivation = outputActivation ?? hiddenActivation
    self.cost = cost
    self.sampleCount = sampleCount
    self.seed = seed
  }
}

extension NetworkFile {
  /// A seeded random network with samples.
  ///
  /// Weights are N(0, 1)/√n_(l−1), biases N(0, 0.25), inputs N(0, 1). Targets suit the cost:
  /// one-hot for categorical cross-entropy, 0 or 1 for cross-entropy, uniform in [0, 1)
  /// otherwise. The same spec gives the same network on every platform.
  /// - Throws: `NetworkError` when the spec is inconsistent (bad sizes, a cost that needs
  ///   another output activation, no samples).
  public static func random(_ spec: RandomNetworkSpec) throws(NetworkError) -> NetworkFile {
    guard spec.sampleCount >= 1 else {
      throw NetworkError(
        field: "samples", message: "expected at least 1 sample, found \(spec.sampleCount)")
    }
    guard spec.sizes.count >= 2 else {
      throw NetworkError(
        field: "layers",
        message: "expected at least 2 layer sizes (input and output), found \(spec.sizes.count)")
    }
    for (i, n) in spec.sizes.enumerated() where n < 1 {
      throw NetworkError(
        field: "layers[\(i)]", message: "layer size must be at least 1, found \(n)")
    }
    var rng = SplitMix64(seed: spec.seed)
    let depth = spec.sizes.count - 1
    var weights: [Matrix] = []
    var biases: [[Double]] = []
    for l in 1...depth {
      let (rows, columns) = (spec.sizes[l], spec.sizes[l - 1])
      let scale = 1 / Double(columns).squareRoot()
      weights.append(
        Matrix(
          rows: rows, columns: columns,
          storage: (0..<(rows * columns)).map { _ in rng.nextGaussian() * scale }))
      biases.append((0..<rows).map { _ in rng.nextGaussian() * 0.5 })
    }
    let activations =
      Array(repeating: spec.hiddenActivation, count: depth - 1) + [spec.outputActivation]
    let network = try Network(
      sizes: spec.sizes, activations: activations, cost: spec.cost,
      weights: weights, biases: biases)
    var samples: [Sample] = []
    for _ in 0..<spec.sampleCount {
      let input = (0..<spec.sizes[0]).map { _ in rng.nextGaussian() }
      let n = spec.sizes[depth]
      let target = spec.cost.function.randomTarget(count: n, using: &rng)
      samples.append(Sample(input: input, target: target))
    }
    return NetworkFile(network: network, samples: samples)
  }
}

extension SplitMix64 {
  /// `k` distinct positions of `0..<count`, in increasing order, drawn by the first `k`
  /// steps of a Fisher–Yates shuffle (`k` draws).
  /// - Complexity: O(count + k log k).
  public mutating func positions(_ k: Int, of count: Int) -> [Int] {
    var order = Array(0..<count)
    for i in 0..<min(k, count) { order.swapAt(i, i + nextInt(below: count - i)) }
    return order[0..<min(k, count)].sorted()
  }
}
