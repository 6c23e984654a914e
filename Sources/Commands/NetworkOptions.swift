import Backprop
import CommandLineSupport

/// The options that say which network a command works on.
///
/// Shared by `gradcheck` and `nn-explain` so that the same flags build the same network with
/// the same help: `--network <file>`, or `--layers <sizes>` with `--activation`,
/// `--output-activation`, `--cost`, `--samples` and `--seed` for a seeded random network.
///
/// A network may have at most `Network.maximumParameterCount` parameters.
public enum NetworkOptions {
  /// The largest layer size `--layers` accepts.
  public static let maximumLayerSize = 100_000
  /// The most layers `--layers` accepts after the input (L, so L + 1 sizes).
  public static let maximumDepth = 64
  /// The most samples `--samples` accepts.
  public static let maximumSamples = 10_000

  /// The options that build a random network and therefore cannot go with `--network`.
  static let randomOnly = ["activation", "output-activation", "cost", "samples"]

  /// `--network <file>`.
  static let network = OptionSpec.value(
    "network", "file",
    "A network file: layer sizes, activations, cost, weights, biases and samples.")

  /// `--max-parameters <n>`: the size guard's one knob.
  static let maxParameters = OptionSpec.value(
    "max-parameters", "n",
    "Refuse networks with more parameters, and checks of more than 2000 x n parameter-"
      + "sample-evaluations or 16 x n numbers in memory.",
    default: String(Network.maximumParameterCount))

  /// The value of `--max-parameters`, from 1 to 10^9.
  static func parameterLimit(_ args: ParsedArguments) throws(CommandError) -> Int {
    try args.integer("max-parameters", in: 1...1_000_000_000) ?? Network.maximumParameterCount
  }

  /// `--layers <sizes>`.
  static let layers = OptionSpec.value(
    "layers", "sizes",
    "Layer sizes of a seeded random network, input first, e.g. 2,2,2,2 (instead of "
      + "--network); at most \(maximumDepth) layers after the input.")

  /// `--activation`, `--output-activation`, `--cost`, `--samples` and `--seed`.
  static let randomNetwork: [OptionSpec] = [
    .value(
      "activation", "name",
      "Activation of the layers for --layers: "
        + Activation.allCases.map(\.name).joined(separator: ", ") + ".", default: "sigmoid"),
    .value(
      "output-activation", "name",
      "Activation of the output layer for --layers. (default: sigmoid for cross-entropy, "
        + "softmax for categorical-cross-entropy, else --activation)"),
    .value(
      "cost", "name",
      "Cost for --layers or --arch: " + Cost.allCases.map(\.name).joined(separator: ", ") + ".",
      default: "quadratic"),
    .value(
      "samples", "n",
      "Number of random samples for --layers or --arch; cost and gradients are their mean.",
      default: "1"),
    .value(
      "seed", "n",
      "Seed of the --layers or --arch network and its samples, and of the check's random "
        + "picks.", default: "0"),
  ]

  /// Where the network comes from.
  enum Source: Equatable {
    /// A network file to read.
    case file(String)
    /// A seeded random network to build.
    case random(RandomNetworkSpec)
  }

  /// The network `args` ask for, validated within the caps.
  ///
  /// - Parameters:
  ///   - args: The parsed command line.
  ///   - alsoRandomOnly: More options of the command that go only with `--layers`.
  /// - Returns: Where the network comes from: a file or a random network.
  /// - Throws: `CommandError.usage` naming the option at fault.
  static func source(_ args: ParsedArguments, alsoRandomOnly: [String] = [])
    throws(CommandError) -> Source
  {
    try args.forbid("network", with: "layers")
    if let path = args.value("network") {
      for name in randomOnly + alsoRandomOnly where args.has(name) {
        throw .usage("--\(name) applies to --layers, not to --network")
      }
      return .file(path)
    }
    guard args.has("layers") else {
      throw .usage("give a network: --network <file> or --layers <sizes> (e.g. 2,2,2,2)")
    }
    let sizes = try layerSizes(args)
    let hidden = try args.choice("activation", default: Activation.sigmoid)
    let cost = try args.choice("cost", default: Cost.quadratic)
    let output =
      try args.choice("output-activation", of: Activation.self)
      ?? defaultOutputActivation(hidden: hidden, cost: cost)
    if let allowed = cost.allowedOutputActivations, !allowed.contains(output) {
      throw .usage(
        "--cost \(cost.name) needs outputs in (0, 1): --output-activation must be "
          + allowed.map(\.name).joined(separator: " or ") + ", got \(output.name)")
    }
    let samples = try args.integer("samples", in: 1...maximumSamples) ?? 1
    let seed = try args.integer("seed", in: 0...Int.max) ?? 0
    return .random(
      RandomNetworkSpec(
        sizes: sizes, hiddenActivation: hidden, outputActivation: output, cost: cost,
        sampleCount: samples, seed: UInt64(seed)))
  }

  /// The sizes of `--layers`: each from 1 to `maximumLayerSize`, at least an input and an
  /// output, at most `maximumDepth` layers after the input and
  /// `Network.maximumParameterCount` parameters.
  /// - Throws: `CommandError.usage` naming `--layers`.
  static func layerSizes(_ args: ParsedArguments) throws(CommandError) -> [Int] {
    let sizes = try args.integers("layers", in: 1...maximumLayerSize) ?? []
    guard sizes.count >= 2 else {
      throw .usage(
        "--layers needs at least 2 sizes (input and output), such as 2,2,2,2; got \(sizes.count)")
    }
    guard sizes.count - 1 <= maximumDepth else {
      throw .usage(
        "--layers allows at most \(maximumDepth) layers after the input, got \(sizes.count - 1)")
    }
    let parameters = Network.parameterCount(sizes: sizes)
    let limit = try parameterLimit(args)
    guard parameters <= limit else {
      throw .usage(
        "--layers: these sizes give \(parameters) parameters; at most \(limit) are allowed "
          + "(raise --max-parameters to allow more)")
    }
    return sizes
  }

  /// The output activation when `--output-activation` is not given.
  ///
  /// The one the cost has a fused form with (sigmoid for cross-entropy, softmax for
  /// categorical cross-entropy), the hidden one for the other costs.
  static func defaultOutputActivation(hidden: Activation, cost: Cost) -> Activation {
    cost.function.fusedActivation ?? hidden
  }

  /// Reads the network file or builds the random network, and checks that its forward and
  /// backward passes are finite.
  /// - Throws: `CommandError` with status 66 for an unreadable file, 65 for an invalid one or
  ///   one whose passes give a value that is not finite (naming the layer and sample), and 64
  ///   naming the option when the random network cannot be built.
  static func load(
    _ source: Source, maximumParameters: Int = Network.maximumParameterCount
  ) throws(CommandError) -> NetworkFile {
    let file = try read(source, maximumParameters: maximumParameters)
    // Overflow is reported, never judged: no command works on a network it cannot evaluate.
    if let bad = file.network.firstNonFiniteValueOfBackprop(over: file.samples) {
      guard case .file(let path) = source else { throw CommandError(bad) }
      throw CommandError(.dataError, "\(path): \(bad.message)")
    }
    return file
  }

  /// Reads the network file or builds the random network, without evaluating it.
  static func read(
    _ source: Source, maximumParameters: Int = Network.maximumParameterCount
  ) throws(CommandError) -> NetworkFile {
    switch source {
    case .file(let path):
      do {
        return try NetworkFile(contentsOf: path, maximumParameters: maximumParameters)
      } catch {
        if case .invalid(_, let inner) = error, inner.parameterLimit != nil {
          throw CommandError(.dataError, error.description + " (raise --max-parameters)")
        }
        throw CommandError(error)
      }
    case .random(let spec):
      do {
        return try NetworkFile.random(spec)
      } catch {
        throw CommandError.usage(optionMessage(error, spec: spec))
      }
    }
  }

  /// `error` from building `spec`, with the library's field replaced by the option that set
  /// it (`activations[1]` becomes `--output-activation softmax`).
  static func optionMessage(_ error: NetworkError, spec: RandomNetworkSpec) -> String {
    let field = error.field
    let option: String
    if field.hasPrefix("layers") {
      option = "--layers"
    } else if field.hasPrefix("samples") {
      option = "--samples"
    } else if field == "activations[\(spec.sizes.count - 2)]" {
      option = "--output-activation \(spec.outputActivation.name)"
    } else if field.hasPrefix("activations") {
      option = "--activation \(spec.hiddenActivation.name)"
    } else if field.hasPrefix("cost") {
      option = "--cost \(spec.cost.name)"
    } else {
      return error.description
    }
    return "\(option): \(error.message)"
  }
}

extension CommandError {
  /// Exit status 66 for a file that cannot be read, 65 for one whose contents are invalid.
  init(_ error: FileError) {
    switch error {
    case .unreadable: self.init(.cannotOpen, error.description)
    case .invalid: self.init(.dataError, error.description)
    }
  }
}
