import Backprop
import CommandLineSupport

/// `--arch <layers>` with `--cost`, `--samples` and `--seed` for a seeded random layered
/// network, or `--network <file>` holding a layered network file.
enum LayeredNetworkOptions {
  /// `--arch`.
  static let arch = OptionSpec.value(
    "arch", "layers",
    "A seeded random layered network, e.g. 'input 1x6x6, conv 2 3x3, relu, maxpool 2, "
      + "flatten, dense 3, softmax' (see Docs/Layers.md); with --cost, --samples, --seed.")

  /// The most numbers the layers may hold for all samples together.
  static let maximumActivations = 20_000_000

  /// The options that apply to `--layers` but not to `--arch`.
  static let denseOnly = ["activation", "output-activation"]

  /// Whether `args` ask for a layered network: `--arch`, or a `--network` file with an
  /// `architecture` member.
  static func isLayered(_ args: ParsedArguments) -> Bool {
    if args.has("arch") { return true }
    guard let path = args.value("network"), let text = try? FileError.readText(path) else {
      return false
    }
    return LayeredNetworkFile.isLayered(json: text)
  }

  /// The layered network and samples `args` ask for.
  /// - Throws: `CommandError`: 64 naming the option or the layer, 65/66 for a file.
  static func load(_ args: ParsedArguments) throws(CommandError) -> LayeredNetworkFile {
    try args.forbid("arch", with: "network")
    try args.forbid("arch", with: "layers")
    if let path = args.value("network") {
      for name in NetworkOptions.randomOnly where args.has(name) {
        throw .usage("--\(name) applies to --arch or --layers, not to --network")
      }
      do {
        return try LayeredNetworkFile(contentsOf: path)
      } catch {
        throw CommandError(error)
      }
    }
    for name in denseOnly where args.has(name) {
      throw .usage("--\(name) applies to --layers; with --arch, write activations as layers")
    }
    let text = args.value("arch") ?? ""
    let architecture: Architecture
    do {
      architecture = try Architecture.parse(text)
    } catch {
      throw .usage("--arch: \(error.description)")
    }
    let cost = try args.choice("cost", default: Cost.quadratic)
    let samples = try args.integer("samples", in: 1...NetworkOptions.maximumSamples) ?? 1
    let seed = try args.integer("seed", in: 0...Int.max) ?? 0
    do {
      // Every layer's numbers for every sample are held at once: capped before any sample
      // is made.
      let shapes = try LayeredNetwork(architecture: architecture, cost: cost)
      let units = shapes.layers.reduce(shapes.inputShape.count) { $0 + $1.outputShape.count }
      guard units <= maximumActivations / samples else {
        throw CommandError.usage(
          "--samples \(samples) with this --arch needs \(units) numbers per sample for "
            + "\(samples) samples; at most \(maximumActivations) in all")
      }
      let (network, made) = try LayeredNetwork.random(
        architecture, cost: cost, sampleCount: samples, seed: UInt64(seed))
      return LayeredNetworkFile(network: network, samples: made)
    } catch let error as CommandError {
      throw error
    } catch let error as LayeredNetworkError {
      switch error {
      case .outputActivation: throw .usage("--cost \(cost.name): \(error.description)")
      default: throw .usage("--arch: \(error.description)")
      }
    } catch {
      throw .usage("--arch: \(error)")
    }
  }
}
