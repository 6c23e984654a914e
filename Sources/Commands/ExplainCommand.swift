import Backprop
import CommandLineSupport
import TextSupport

/// `nn-explain`: prints the derivation of backpropagation for a network.
public enum ExplainCommand {
  /// The most samples × parameters `--samples` accepts (each sample is traced).
  ///
  /// The other caps of `--layers` and `--samples` are `NetworkOptions`'.
  public static let maxWork = 50_000_000

  /// The command's options and help.
  public static let spec = CommandSpec(
    name: "nn-explain", version: toolkitVersion,
    overview: "Explain backpropagation step by step for a network of any size.",
    usage: [
      "--layers <sizes> [--activation <name>] [--output-activation <name>] [--cost <name>] "
        + "[--samples <n>] [--seed <n>] [--input <x> --target <y>] [options]",
      "--network <file> [options]",
      "--arch <layers> [--cost <name>] [--samples <n>] [--seed <n>] [options]",
    ],
    options: [
      NetworkOptions.layers, NetworkOptions.network, LayeredNetworkOptions.arch,
    ] + NetworkOptions.randomNetwork + [
      .value("input", "x", "The input of the one sample, e.g. 0,1 (with --layers)."),
      .value("target", "y", "The target of the one sample, e.g. 1,0 (with --layers)."),
      .value("sample", "k", "Which sample to trace numerically, 0 for the first.", default: "0"),
      .value("layer", "l", "Only the part of the derivation for layer l (1 to L)."),
      .value(
        "param", "name",
        "Trace one parameter, e.g. W2[1,0] or b2[1]: every path from the cost to it and "
          + "their sum. A 2-2-2 network also takes the classic example's w1 ... w8."),
      .value(
        "update", "rate",
        "Add one step of gradient descent with this learning rate after the gradients: "
          + "every parameter before and after, and the cost after the step."),
      .value(
        "update-order", "order",
        "parallel (every gradient from the old weights) or sequential (each layer's new "
          + "weights carry δ down), with --update.", default: "parallel"),
      .flag("freeze-biases", "With --update: keep the biases fixed."),
      .value(
        "mistake", "name",
        "Build a classic mistake into the backward pass: sign (y - a for a - y), scale "
          + "(delta^L doubled, the 1/2 dropped), sum-instead-of-mean (needs 2+ samples), "
          + "missing-output-derivative, derivative-of-activation, previous-activation, bias "
          + "(bias gradients left at 0) or transpose (square hidden weights). Marks every "
          + "number it changes, in every format; the check then fails (exit 1) and names the "
          + "mistake as gradcheck does. With --update, the step is the buggy program's "
          + "(parallel order only). A mistake that changes nothing here is refused."),
      .value("view", "form", "jacobian, index, matrix or all.", default: "all"),
      .value("format", "format", "text, markdown, latex, json or dot.", default: "text"),
      .flag("ascii", "Plain ASCII (W^2, delta, dC/dz, sum) instead of Unicode (W², δ, ∂C/∂z, Σ)."),
      .value("precision", "n", "Significant digits of printed numbers (1 to 17).", default: "6"),
      NetworkOptions.maxParameters,
    ],
    discussion: """
      The trace has seven parts: network, notation, forward pass, cost, backward pass
      (the chain rule as a product of Jacobians, index form, matrix form BP1-BP4, and
      the numbers), gradients, and a central-difference check of every parameter (a
      seeded sample for large networks). With --update, an update section follows the
      gradients.

      With --arch (or a layered --network file) the trace has six parts: layers,
      forward pass, cost, backward pass with each layer kind's own working,
      gradients and check (see Docs/Explaining.md); --cost, --samples, --seed,
      --sample, --param (text only), --format, --ascii and --precision apply;
      --layer, --view, --input, --target, --mistake, --update, --update-order,
      --freeze-biases and --max-parameters are for dense networks only (a usage
      error with --arch).

      EXAMPLES:
        nn-explain --layers 2,2,2,2
        nn-explain --layers 2,3,2 --activation tanh --cost mse --param W2[1,0]
        nn-explain --network net.json --format json > grads.json
        nn-explain --network net.json --update 0.5 --freeze-biases

      Exit status: 0 ok, 1 the finite-difference check failed (in every format;
      json holds the check), 64 usage error, 65 invalid network file or one whose
      passes overflow, 66 unreadable file.
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
    if LayeredNetworkOptions.isLayered(args) {
      return try LayeredExplain.run(args, console: console)
    }
    if let extra = args.positionals.first {
      throw CommandError.usage("unexpected argument '\(extra.excerpt())'")
    }
    let format = try args.choice("format", default: Format.text)
    let view = try args.choice("view", default: ExplainOptions.View.all)
    let precision = try args.integer("precision", in: 1...17) ?? 6
    let file = try loadNetwork(args)
    let network = file.network
    var options = ExplainOptions(
      view: view, numberFormat: NumberFormat(digits: precision))
    if args.has("layers") { options.sampleCountReference = "--samples " }
    options.seed = UInt64(try args.integer("seed", in: 0...Int.max) ?? 0)
    if let k = try args.integer("sample", in: 0...Int.max) {
      try explainStep(network) { () throws(ExplainError) in
        try Derivation.validateTracedSample(k, count: file.samples.count)
      }
      options.tracedSample = k
    }
    try args.forbid("layer", with: "param")
    if let l = try args.integer("layer", in: Int.min...Int.max) {
      try explainStep(network) { () throws(ExplainError) in
        try Derivation.validateLayer(l, of: network)
      }
      options.layer = l
      options.layerReference = "--layer "
    }
    if let name = args.value("param") {
      options.parameter = try explainStep(network) { () throws(ExplainError) in
        try Derivation.parameter(named: name, in: network)
      }
      options.parameterHasClassicName = ClassicWeightNames.parameter(name, in: network) != nil
    }
    options.update = try update(args)
    if let name = args.value("mistake") {
      guard let mistake = InjectedMistake(rawValue: name) else {
        throw CommandError.usage(
          "--mistake must be one of "
            + InjectedMistake.allCases.map(\.rawValue).joined(separator: ", ")
            + ", got '\(name)'")
      }
      options.mistake = mistake
      if options.update?.order == .sequential {
        throw CommandError.usage(
          "--mistake with --update takes --update-order parallel: the buggy program's "
            + "step uses its gradients from before the step")
      }
    }
    let derivation = try explainStep(network) { () throws(ExplainError) in
      try Derivation.explain(network, samples: file.samples, options: options)
    }
    let notation: Notation = args.flag("ascii") ? .ascii : .unicode
    switch format {
    case .text: console.write(derivation.renderText(notation))
    case .markdown: console.write(derivation.renderMarkdown())
    case .latex: console.write(derivation.renderLatex())
    case .json: console.write(derivation.json.pretty + "\n")
    case .dot: console.write(derivation.renderDot(notation))
    }
    // Every format runs the check (json holds it, dot marks the mistaken values).
    return derivation.data.check.passed ? .success : .checkFailed
  }

  /// The step of `--update η [--update-order …] [--freeze-biases]`, or `nil`.
  /// - Throws: `CommandError.usage` for a bad rate, or the other two without `--update`.
  static func update(_ args: ParsedArguments) throws(CommandError) -> ExplainUpdate? {
    guard let rate = try args.positiveNumber("update") else {
      for name in ["update-order", "freeze-biases"] where args.has(name) {
        throw .usage("--\(name) applies to --update")
      }
      return nil
    }
    return ExplainUpdate(
      learningRate: rate, order: try args.choice("update-order", default: UpdateOrder.parallel),
      freezeBiases: args.flag("freeze-biases"))
  }

  /// The network and samples from `--network` or `--layers` (with `--input` and `--target`,
  /// one given sample instead of random ones).
  static func loadNetwork(_ args: ParsedArguments) throws(CommandError) -> NetworkFile {
    let source = try NetworkOptions.source(args, alsoRandomOnly: ["input", "target"])
    let limit = try NetworkOptions.parameterLimit(args)
    guard case .random(let spec) = source else {
      return try NetworkOptions.load(source, maximumParameters: limit)
    }
    let parameters = Network.parameterCount(sizes: spec.sizes)
    guard spec.sampleCount * parameters <= maxWork else {
      throw .usage(
        "--samples \(spec.sampleCount) x \(parameters) parameters exceeds \(maxWork); use fewer "
          + "samples")
    }
    let input = try args.numbers("input")
    let target = try args.numbers("target")
    if (input == nil) != (target == nil) {
      throw .usage("--input and --target go together")
    }
    if input != nil && args.has("samples") {
      throw .usage("--samples cannot be combined with --input and --target")
    }
    var file = try NetworkOptions.load(source, maximumParameters: limit)
    if let input, let target {
      let sizes = spec.sizes
      guard input.count == sizes[0] else {
        throw .usage(
          "--input needs \(sizes[0]) numbers (the input layer size), got \(input.count)")
      }
      guard target.count == sizes[sizes.count - 1] else {
        throw .usage(
          "--target needs \(sizes[sizes.count - 1]) numbers (the output layer size), got "
            + "\(target.count)")
      }
      do {
        try spec.cost.validateTarget(target, field: "target")
      } catch {
        throw .usage("--target: \(spec.cost.name) needs targets in [0, 1]")
      }
      file.samples = [Sample(input: input, target: target)]
    }
    return file
  }

  /// The result of `step`, or its `ExplainError` as the command words it: a usage error
  /// naming the option for what the options asked (`--sample`, `--layer`, `--param`), bad
  /// data for samples that do not fit the network.
  static func explainStep<T>(_ network: Network, _ step: () throws(ExplainError) -> T)
    throws(CommandError) -> T
  {
    do {
      return try step()
    } catch {
      throw commandError(error, network: network)
    }
  }

  /// The command's words for an `ExplainError`.
  static func commandError(_ error: ExplainError, network: Network) -> CommandError {
    switch error {
    case .noSamples:
      return CommandError(.dataError, "samples: expected at least one sample, found none")
    case .invalidSample(let error):
      return CommandError(.dataError, error.description)
    case .sampleOutOfRange(let index, let count):
      return .usage(
        "--sample must be from 0 to \(count - 1) (there "
          + (count == 1 ? "is 1 sample" : "are \(count) samples") + "), got \(index)")
    case .layerOutOfRange(let layer, let depth):
      return .usage("--layer must be from 1 to \(depth), got \(layer)")
    case .unknownParameter(let name):
      return unknownParameter(name, network: network)
    case .parameterOutOfRange(let p):
      return unknownParameter(p.description, network: network)
    case .mistakeImpossible(let m, let why):
      return .usage(
        "--mistake \(m.rawValue) "
          + (why.isImpossible ? "cannot happen in this network: " : "changes nothing here: ")
          + mistakeObstacle(why))
    }
  }

  /// Why a mistake cannot happen or changes nothing, with what to try instead.
  static func mistakeObstacle(_ why: MistakeObstacle) -> String {
    switch why {
    case .nonSquareWeights:
      return
        "it needs the weight matrices of the hidden layers square (equal sizes after the "
        + "input), e.g. --layers 2,2,2"
    case .noHiddenLayer:
      return "it needs a hidden layer, e.g. --layers 2,2,2"
    case .symmetricWeights:
      return
        "every weight matrix W^(l+1) above a hidden layer is symmetric (W = W^T, as any 1x1 "
        + "matrix is), so using W for W^T changes nothing; use e.g. --layers 2,2,2"
    case .singleSample:
      return "with one sample the sum is the mean; use e.g. --samples 2"
    case .identityOutput:
      return
        "the output activation is identity, whose f'(z) = 1, so leaving f'(z^L) out of "
        + "delta^L changes nothing; use e.g. --output-activation sigmoid"
    case .sameDerivativeAtActivation:
      return
        "for relu, leaky-relu and identity f'(a) = f'(z) (a > 0 exactly when z > 0), and "
        + "softmax's Jacobian is taken whole, so computing f'(a) changes nothing; use e.g. "
        + "--activation sigmoid"
    case .zeroErrors:
      return
        "every error delta of every sample is 0 (each output already where the cost is "
        + "flat, such as equal to its target, or no unit passing a gradient back), so every "
        + "gradient is 0 with the mistake or without it; try other samples or weights"
    case .unitOutputDerivative:
      return
        "f'(z^L) is exactly 1 at every output of these samples (every z^L > 0), so leaving "
        + "it out of delta^L changes nothing; try other samples or weights"
    case .unchangedForSamples:
      return
        "for these samples the mistaken backward pass gives exactly the right errors and "
        + "gradients; try other samples or weights"
    }
  }

  /// `--param` names no parameter: the message shows how to write one and every shape.
  static func unknownParameter(_ name: String, network: Network) -> CommandError {
    let shapes = (1...network.depth).map {
      "W\($0) is \(network.sizes[$0])x\(network.sizes[$0 - 1]), b\($0) has "
        + (network.sizes[$0] == 1 ? "1 entry" : "\(network.sizes[$0]) entries")
    }.joined(separator: "; ")
    return .usage(
      "--param '\(name.excerpt())' is not a parameter of this network; write W\(network.depth)[0,0] "
        + "or b\(network.depth)[0] with 0-based indices (\(shapes))")
  }
}
