import Backprop
import CommandLineSupport

/// `nn-explain`: prints the derivation of backpropagation for a network.
public enum ExplainCommand {
  /// The largest layer size `--layers` accepts.
  public static let maxLayerSize = 100_000
  /// The most layers `--layers` accepts (input included).
  public static let maxLayers = 32
  /// The most parameters a network may have.
  public static let maxParameters = 5_000_000
  /// The most samples `--samples` accepts.
  public static let maxSamples = 10_000
  /// The most samples × parameters `--samples` accepts (each sample is traced).
  public static let maxWork = 50_000_000

  /// The command's options and help.
  public static let spec = CommandSpec(
    name: "nn-explain", version: toolkitVersion,
    overview: "Explain backpropagation step by step for a network of any size.",
    usage: [
      "--layers <sizes> [--activation <name>] [--output-activation <name>] [--cost <name>] "
        + "[--seed <n>] [--samples <n>] [--input <x> --target <y>] [options]",
      "--network <file> [options]",
    ],
    options: [
      .value(
        "layers", "sizes", "Layer sizes of a seeded random network, input first, e.g. 2,2,2,2."),
      .value(
        "network", "file", "A network file (layers, activations, cost, weights, biases, samples)."),
      .value(
        "activation", "name",
        "Activation of the layers: " + Activation.allCases.map(\.name).joined(separator: ", ")
          + ".", default: "sigmoid"),
      .value(
        "output-activation", "name",
        "Activation of the output layer. (default: --activation; softmax for "
          + "categorical-cross-entropy)"),
      .value(
        "cost", "name", "Cost: " + Cost.allCases.map(\.name).joined(separator: ", ") + ".",
        default: "quadratic"),
      .value(
        "seed", "n",
        "Seed of the random network, its samples, and the parameters the check samples.",
        default: "0"),
      .value(
        "samples", "n", "Number of random samples; cost and gradients are their mean.", default: "1"
      ),
      .value("input", "x", "The input of the one sample, e.g. 0,1 (with --layers)."),
      .value("target", "y", "The target of the one sample, e.g. 1,0 (with --layers)."),
      .value("sample", "k", "Which sample to trace numerically, 0 for the first.", default: "0"),
      .value("layer", "l", "Only the part of the derivation for layer l (1 to L)."),
      .value(
        "param", "name",
        "Trace one parameter, e.g. W2[1,0] or b2[1]: every path from the cost to it and "
          + "their sum."),
      .value("view", "form", "jacobian, index, matrix or all.", default: "all"),
      .value("format", "format", "text, markdown, latex, json or dot.", default: "text"),
      .flag("ascii", "Plain ASCII (W^2, d, sum) instead of Unicode (W², δ, Σ)."),
      .value("precision", "n", "Significant digits of printed numbers (1 to 17).", default: "6"),
    ],
    discussion: """
      The trace has seven parts: network, notation, forward pass, cost, backward pass
      (the chain rule as a product of Jacobians, index form, matrix form BP1-BP4, and
      the numbers), gradients, and a central-difference check of every parameter (a
      seeded sample for large networks).

      EXAMPLES:
        nn-explain --layers 2,2,2,2
        nn-explain --layers 2,3,2 --activation tanh --cost mse --param W2[1,0]
        nn-explain --network net.json --format json > grads.json

      Exit status: 0 ok, 1 the finite-difference check failed, 64 usage error,
      65 invalid network file, 66 unreadable file.
      """)

  /// Runs the command with `arguments` (without the program name).
  public static func main(_ arguments: [String], console: Console) -> ExitStatus {
    runCommand(spec, arguments: arguments, console: console) { args, console in
      try run(args, console: console)
    }
  }

  /// The output formats.
  enum Format: String, CaseIterable {
    case text, markdown, latex, json, dot
  }

  static func run(_ args: ParsedArguments, console: Console) throws -> ExitStatus {
    if let extra = args.positionals.first {
      throw CommandError.usage("unexpected argument '\(extra)'")
    }
    let format =
      Format(rawValue: try args.choice("format", Format.allCases.map(\.rawValue)) ?? "text")
      ?? .text
    let viewName = try args.choice("view", ExplainOptions.View.allCases.map(\.rawValue)) ?? "all"
    let precision = try args.integer("precision", in: 1...17) ?? 6
    let file = try loadNetwork(args)
    let network = file.network
    var options = ExplainOptions(
      view: ExplainOptions.View(rawValue: viewName) ?? .all,
      numberFormat: DerivationNumberFormat(digits: precision))
    options.seed = UInt64(try args.integer("seed", in: 0...Int.max) ?? 0)
    if let k = try args.integer("sample", in: 0...Int.max) {
      guard k < file.samples.count else {
        throw CommandError.usage(
          "--sample must be from 0 to \(file.samples.count - 1) (there \(file.samples.count == 1 ? "is 1 sample" : "are \(file.samples.count) samples")), got \(k)"
        )
      }
      options.tracedSample = k
    }
    try args.forbid("layer", with: "param")
    if let l = try args.integer("layer", in: 1...Int.max) {
      guard l <= network.depth else {
        throw CommandError.usage("--layer must be from 1 to \(network.depth), got \(l)")
      }
      options.layer = l
    }
    if let name = args.value("param") {
      guard let p = network.parameterIndex(named: name) else {
        let shapes = (1...network.depth).map {
          "W\($0) is \(network.sizes[$0])x\(network.sizes[$0 - 1]), b\($0) has "
            + (network.sizes[$0] == 1 ? "1 entry" : "\(network.sizes[$0]) entries")
        }.joined(separator: "; ")
        throw CommandError.usage(
          "--param '\(name)' is not a parameter of this network; write W2[1,0] or b2[1] "
            + "with 0-based indices (\(shapes))")
      }
      options.parameter = p
    }
    let derivation: Derivation
    do {
      derivation = try Derivation.explain(network, samples: file.samples, options: options)
    } catch {
      throw CommandError(.dataError, error.description)
    }
    let notation: Notation = args.flag("ascii") ? .ascii : .unicode
    switch format {
    case .text: console.write(derivation.renderText(notation))
    case .markdown: console.write(derivation.renderMarkdown())
    case .latex: console.write(derivation.renderLatex())
    case .json: console.write(derivation.json.pretty + "\n")
    case .dot: console.write(derivation.renderDot(notation))
    }
    let shown = format == .text || format == .markdown || format == .latex
    return shown && !derivation.data.check.passed ? .checkFailed : .success
  }

  /// The network and samples from `--network` or `--layers`.
  static func loadNetwork(_ args: ParsedArguments) throws -> NetworkFile {
    let randomOnly = ["activation", "output-activation", "cost", "samples", "input", "target"]
    if let path = args.value("network") {
      try args.forbid("network", with: "layers")
      for name in randomOnly where args.has(name) {
        throw CommandError.usage("--\(name) applies to --layers, not to --network")
      }
      do {
        return try NetworkFile(contentsOf: path)
      } catch {
        switch error {
        case .unreadable: throw CommandError(.cannotOpen, error.description)
        case .invalid: throw CommandError(.dataError, error.description)
        }
      }
    }
    guard let text = args.value("layers") else {
      throw CommandError.usage("give --layers <sizes> (e.g. 2,2,2,2) or --network <file>")
    }
    let sizes = try parseSizes(text)
    let names = Activation.allCases.map(\.name)
    let hidden = Activation(rawValue: try args.choice("activation", names) ?? "sigmoid") ?? .sigmoid
    let cost =
      Cost(rawValue: try args.choice("cost", Cost.allCases.map(\.name)) ?? "quadratic")
      ?? .quadratic
    var output = hidden
    if let name = try args.choice("output-activation", names) {
      output = Activation(rawValue: name) ?? hidden
    } else if cost == .categoricalCrossEntropy {
      output = .softmax
    } else if cost == .crossEntropy && hidden != .softmax {
      output = .sigmoid
    }
    if let allowed = cost.allowedOutputActivations, !allowed.contains(output) {
      throw CommandError.usage(
        "--cost \(cost.name) needs outputs in (0, 1): use --output-activation "
          + allowed.map(\.name).joined(separator: " or ") + ", not \(output.name)")
    }
    let count = try args.integer("samples", in: 1...maxSamples) ?? 1
    let parameters = (1..<sizes.count).reduce(0) { $0 + sizes[$1] * (sizes[$1 - 1] + 1) }
    guard count * parameters <= maxWork else {
      throw CommandError.usage(
        "--samples \(count) x \(parameters) parameters exceeds \(maxWork); use fewer samples")
    }
    let input = try args.numbers("input")
    let target = try args.numbers("target")
    if (input == nil) != (target == nil) {
      throw CommandError.usage("--input and --target go together")
    }
    if input != nil && args.has("samples") {
      throw CommandError.usage("--samples cannot be combined with --input and --target")
    }
    let seed = UInt64(try args.integer("seed", in: 0...Int.max) ?? 0)
    var file: NetworkFile
    do {
      file = try NetworkFile.random(
        RandomNetworkSpec(
          sizes: sizes, hiddenActivation: hidden, outputActivation: output, cost: cost,
          sampleCount: input == nil ? count : 1, seed: seed))
    } catch {
      throw CommandError.usage(error.description)
    }
    if let input, let target {
      guard input.count == sizes[0] else {
        throw CommandError.usage(
          "--input needs \(sizes[0]) numbers (the input layer size), got \(input.count)")
      }
      guard target.count == sizes[sizes.count - 1] else {
        throw CommandError.usage(
          "--target needs \(sizes[sizes.count - 1]) numbers (the output layer size), got \(target.count)"
        )
      }
      if cost == .crossEntropy || cost == .categoricalCrossEntropy {
        guard target.allSatisfy({ (0...1).contains($0) }) else {
          throw CommandError.usage("--target: \(cost.name) needs targets in [0, 1]")
        }
      }
      file.samples = [Sample(input: input, target: target)]
    }
    return file
  }

  /// Parses and bounds `--layers`.
  static func parseSizes(_ text: String) throws -> [Int] {
    var sizes: [Int] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let trimmed = part.filter { $0 != " " }
      guard let n = Int(trimmed) else {
        throw CommandError.usage(
          "--layers must be comma-separated whole numbers such as 2,2,2,2; '\(trimmed)' is not one")
      }
      guard (1...maxLayerSize).contains(n) else {
        throw CommandError.usage("--layers: each size must be from 1 to \(maxLayerSize), got \(n)")
      }
      sizes.append(n)
    }
    guard sizes.count >= 2 else {
      throw CommandError.usage(
        "--layers needs at least 2 sizes (input and output), got \(sizes.count)")
    }
    guard sizes.count <= maxLayers else {
      throw CommandError.usage(
        "--layers accepts at most \(maxLayers) sizes (layers, the input included), "
          + "got \(sizes.count)")
    }
    var parameters = 0
    for l in 1..<sizes.count { parameters += sizes[l] * (sizes[l - 1] + 1) }
    guard parameters <= maxParameters else {
      throw CommandError.usage(
        "--layers \(text) has \(parameters) parameters; nn-explain accepts at most \(maxParameters)"
      )
    }
    return sizes
  }
}
