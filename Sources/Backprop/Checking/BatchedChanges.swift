import Foundation

/// The cost changes of every entry to check, computed up front by `BatchedEvaluator` and
/// read back entry by entry by the check.
struct BatchedChanges {
  private let stepCount: Int
  private var changes: [Double]
  private var crossings: [Crossings]

  /// Work below which a second thread costs more than it saves (multiply-adds, roughly).
  static let threadingThreshold = 2_000_000.0

  /// Computes ΔC for each of `steps` at each of `indices`.
  /// - Precondition: `BatchedEvaluator.supports(network)`; `samples` fit the network.
  /// - Complexity: see `BatchedEvaluator.costChanges(at:steps:into:crossings:threads:)`.
  init(
    network: Network, samples: [Sample], indices: [ParameterIndex], steps: [Double],
    threads: Int
  ) {
    stepCount = steps.count
    changes = [Double](repeating: 0, count: indices.count * steps.count)
    crossings = [Crossings](repeating: [], count: indices.count)
    let evaluator = BatchedEvaluator(network: network, samples: samples)
    changes.withUnsafeMutableBufferPointer { c in
      crossings.withUnsafeMutableBufferPointer { k in
        _ = evaluator.costChanges(
          at: indices, steps: steps, into: c.baseAddress.unsafelyUnwrapped,
          crossings: k.baseAddress.unsafelyUnwrapped, threads: threads)
      }
    }
  }

  /// The cores to use: all of them when the work is large enough to pay for a thread.
  static func threads(network: Network, samples: [Sample], indices: [ParameterIndex]) -> Int {
    let work = Double(indices.count) * Double(samples.count) * Double(network.parameterCount)
    guard work >= threadingThreshold else { return 1 }
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
  }

  /// Writes the changes of entry `n` (its position in `indices`) to `target`.
  /// - Returns: The breaks its steps crossed.
  func read<T: NetworkScalar>(entry n: Int, into target: UnsafeMutableBufferPointer<T>)
    -> Crossings
  {
    for i in 0..<stepCount { target[i] = T(changes[n * stepCount + i]) }
    return crossings[n]
  }
}
