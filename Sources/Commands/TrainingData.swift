import Backprop
import CommandLineSupport

/// The network and the samples of an `nn-train` run, loaded and checked against each other.
struct TrainingData {
  /// The network before training.
  var network: Network
  /// The samples trained on.
  var training: [Sample]
  /// The samples validated on, possibly none.
  var validation: [Sample]
  /// What the data is called in the output, such as `half-adder` or a file path.
  var name: String

  /// Every sample, training first.
  var all: [Sample] { training + validation }

  /// Loads the network and the data `request` names.
  /// - Throws: `CommandError`: 66 for an unreadable file, 65 for an invalid one or a file
  ///   that does not fit the network, 64 for a built-in set or a split that does not fit.
  init(_ request: TrainRequest) throws(CommandError) {
    let file = try NetworkOptions.load(request.source)
    network = file.network
    let isFile: Bool
    switch request.data {
    case .network:
      training = file.samples
      if case .file(let path) = request.source {
        name = path
        isFile = true
      } else {
        name = "random samples"
        isFile = false
      }
    case .builtIn(let set, let setName):
      training = set.samples(seed: request.seed)
      name = setName
      isFile = false
    case .file(let path):
      training = try Self.readSamples(path)
      name = path
      isFile = true
    }
    try Self.check(training, fit: network, name: name, isFile: isFile)
    validation = []
    switch request.validation {
    case .none: break
    case .file(let path):
      validation = try Self.readSamples(path)
      try Self.check(validation, fit: network, name: path, isFile: true)
    case .split(let fraction):
      let count = Int((Double(training.count) * fraction).rounded())
      guard count >= 1, count < training.count else {
        throw .usage(
          "--validate-split \(JSONValue.format(fraction)) of \(training.count) samples leaves "
            + "\(count) to validate and \(training.count - count) to train; each needs at least 1")
      }
      var order = Array(training.indices)
      var rng = SplitMix64(seed: request.seed)
      var i = order.count - 1
      while i > 0 {
        order.swapAt(i, rng.nextInt(below: i + 1))
        i -= 1
      }
      let all = training
      validation = order.suffix(count).sorted().map { all[$0] }
      training = order.dropLast(count).sorted().map { all[$0] }
    }
  }

  private static func readSamples(_ path: String) throws(CommandError) -> [Sample] {
    do {
      return try SampleFile.read(contentsOf: path)
    } catch {
      throw CommandError(error)
    }
  }

  private static func check(_ samples: [Sample], fit network: Network, name: String, isFile: Bool)
    throws(CommandError)
  {
    do {
      try network.checkTrainingData(samples)
    } catch {
      let status: ExitStatus = isFile ? .dataError : .usage
      switch error {
      case .empty:
        throw CommandError(status, "\(name): expected at least one sample, found none")
      case .sizeMismatch(let inputs, let targets, let networkInputs, let networkOutputs):
        throw CommandError(
          status,
          "the data \(name) has \(plural(inputs, "input")) and \(plural(targets, "target")), "
            + "but the network (layers \(network.sizes.map(String.init).joined(separator: ",")))"
            + " has \(plural(networkInputs, "input")) and \(plural(networkOutputs, "output"))")
      case .targetOutOfRange(let sample, let entry, let value, let cost):
        throw CommandError(
          status,
          "\(name): samples[\(sample)].target[\(entry)]: \(cost.name) needs targets in "
            + (cost.targetRange.map {
              "[\(JSONValue.format($0.lowerBound)), \(JSONValue.format($0.upperBound))]"
            } ?? "its range") + ", found \(JSONValue.format(value))")
      }
    }
  }

  private static func plural(_ n: Int, _ word: String) -> String {
    "\(n) \(word)" + (n == 1 ? "" : "s")
  }
}
