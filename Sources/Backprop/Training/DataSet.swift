import Foundation

/// The built-in data sets of `nn-train`.
public enum DataSet: Equatable, Sendable {
  /// A half-adder: inputs 00, 01, 10, 11; targets (sum, carry).
  case halfAdder
  /// Exclusive or: inputs 00, 01, 10, 11; target 1 when exactly one input is 1.
  case xor
  /// Two interleaving half-moons of `count` points with seeded noise; target 0 or 1.
  case moons(count: Int)

  /// The number of inputs of every sample.
  public var inputCount: Int { 2 }

  /// The number of targets of every sample.
  public var targetCount: Int {
    switch self {
    case .halfAdder: return 2
    case .xor, .moons: return 1
    }
  }

  /// The samples; `seed` matters only for the moons' noise.
  /// - Complexity: O(count) for moons, O(1) otherwise.
  public func samples(seed: UInt64) -> [Sample] {
    let corners: [[Double]] = [[0, 0], [0, 1], [1, 0], [1, 1]]
    switch self {
    case .halfAdder:
      return corners.map { x in
        Sample(input: x, target: [x[0] + x[1] == 1 ? 1 : 0, x[0] + x[1] == 2 ? 1 : 0])
      }
    case .xor:
      return corners.map { Sample(input: $0, target: [$0[0] + $0[1] == 1 ? 1 : 0]) }
    case .moons(let count):
      return Self.moons(count: count, seed: seed)
    }
  }

  /// The noise of the moons, the standard deviation of each coordinate's jitter.
  public static let moonNoise = 0.1

  /// Two half-circles of radius 1: the upper one centred at (0, 0) with target 0, the
  /// lower one centred at (1, 0.5) with target 1; points evenly spaced along each arc,
  /// alternating between the moons, then jittered by N(0, `moonNoise`²).
  static func moons(count: Int, seed: UInt64) -> [Sample] {
    var rng = SplitMix64(seed: seed)
    let upper = (count + 1) / 2
    let lower = count - upper
    var out: [Sample] = []
    out.reserveCapacity(count)
    for i in 0..<count {
      let isUpper = i % 2 == 0
      let n = isUpper ? upper : lower
      let k = i / 2
      let t = n > 1 ? Double.pi * Double(k) / Double(n - 1) : 0
      var x = isUpper ? [cos(t), sin(t)] : [1 - cos(t), 0.5 - sin(t)]
      x[0] += moonNoise * rng.nextGaussian()
      x[1] += moonNoise * rng.nextGaussian()
      out.append(Sample(input: x, target: [isUpper ? 0 : 1]))
    }
    return out
  }
}

/// Training data that does not suit the network.
public enum TrainingDataError: Error, Equatable, Sendable {
  /// The samples have `inputs` inputs and `targets` targets; the network takes
  /// `networkInputs` and gives `networkOutputs`.
  case sizeMismatch(inputs: Int, targets: Int, networkInputs: Int, networkOutputs: Int)
  /// Sample `sample`'s target entry `entry` lies outside the range `cost` needs
  /// (`Cost.targetRange`, [0, 1] for the cross-entropies).
  case targetOutOfRange(sample: Int, entry: Int, value: Double, cost: Cost)
  /// There are no samples.
  case empty
}

extension Network {
  /// Checks that every sample fits the network's input and output sizes and its cost.
  /// - Throws: `TrainingDataError` for the first problem.
  /// - Complexity: O(m · (n₀ + n_L)).
  public func checkTrainingData(_ samples: [Sample]) throws(TrainingDataError) {
    guard !samples.isEmpty else { throw .empty }
    for s in samples where s.input.count != sizes[0] || s.target.count != sizes[depth] {
      throw .sizeMismatch(
        inputs: s.input.count, targets: s.target.count, networkInputs: sizes[0],
        networkOutputs: sizes[depth])
    }
    guard let range = cost.targetRange else { return }
    for (i, s) in samples.enumerated() {
      for (j, y) in s.target.enumerated() where !range.contains(y) {
        throw .targetOutOfRange(sample: i, entry: j, value: y, cost: cost)
      }
    }
  }
}
