import Backprop
import Foundation

/// The four networks of the speed table, each written by a seeded generator.
struct BenchmarkNetwork {
  /// A short name for tables and file names.
  let name: String
  /// The spec the generator builds it from.
  let spec: RandomNetworkSpec
  /// The whole-process target for `gradcheck --network FILE`, in seconds, or `nil` when the
  /// target is relative to process start (2,2,2,2: start + 2 ms).
  let target: Double?

  /// 2,2,2,2 sigmoid; 784-30-10 sigmoid; 784-100-10 ReLU + softmax + CCE; six tanh layers of
  /// 64, then 10, with MSE.
  static let all: [BenchmarkNetwork] = [
    BenchmarkNetwork(
      name: "2-2-2-2", spec: RandomNetworkSpec(sizes: [2, 2, 2, 2], sampleCount: 1, seed: 1),
      target: nil),
    BenchmarkNetwork(
      name: "784-30-10",
      spec: RandomNetworkSpec(sizes: [784, 30, 10], sampleCount: 10, seed: 1), target: 0.05),
    BenchmarkNetwork(
      name: "784-100-10",
      spec: RandomNetworkSpec(
        sizes: [784, 100, 10], hiddenActivation: .relu, outputActivation: .softmax,
        cost: .categoricalCrossEntropy, sampleCount: 10, seed: 1),
      target: 0.2),
    BenchmarkNetwork(
      name: "deep-tanh",
      spec: RandomNetworkSpec(
        sizes: [64, 64, 64, 64, 64, 64, 10], hiddenActivation: .tanh, cost: .mse,
        sampleCount: 16, seed: 1),
      target: 0.3),
  ]

  /// The network file for this benchmark.
  func file() throws -> NetworkFile { try NetworkFile.random(spec) }

  /// Writes each network to `directory/NAME.json`, creating the directory.
  /// - Returns: The paths written.
  static func write(to directory: String) throws -> [String] {
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    var paths: [String] = []
    for network in all {
      let path = (directory as NSString).appendingPathComponent(network.name + ".json")
      try (network.file().json.pretty + "\n").write(toFile: path, atomically: true, encoding: .utf8)
      paths.append(path)
    }
    return paths
  }
}
