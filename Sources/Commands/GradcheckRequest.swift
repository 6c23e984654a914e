import Backprop
import CommandLineSupport
import TextSupport

/// A validated `gradcheck` command line: where the network and gradients come from, the
/// check options and the output format.
struct GradcheckRequest {
  /// The report formats.
  enum Format: String, CaseIterable {
    case text, json, markdown
  }

  var source: NetworkOptions.Source
  var gradientsPath: String?
  var options: GradientCheckOptions
  var format: Format
  var verbose: Bool
  var quiet: Bool
  /// The Taylor test's options with `--taylor`, else `nil`.
  var taylor: TaylorOptions?
  /// `--max-parameters`: the limit of the size guard.
  var maximumParameters: Int

  /// Validates every option, naming the one at fault.
  init(_ p: ParsedArguments) throws(CommandError) {
    if let extra = p.positionals.first {
      throw .usage("unexpected argument '\(extra.excerpt())'")
    }
    try p.forbid("network", with: "layers")
    try p.forbid("entries", with: "directional")
    try p.forbid("quiet", with: "verbose")
    options = try GradcheckRequest.checkOptions(p)
    format = try p.choice("format", default: Format.text)
    verbose = p.flag("verbose")
    quiet = p.flag("quiet")
    taylor = try GradcheckCommand.taylorOptions(
      p, method: options.method, precision: options.precision, seed: options.seed)
    maximumParameters = try NetworkOptions.parameterLimit(p)
    gradientsPath = p.value("gradients")
    source = try NetworkOptions.source(p)
    if case .random(let spec) = source {
      let units = spec.sizes.reduce(0, +)
      guard units * spec.sampleCount <= GradcheckCommand.maxActivations else {
        throw .usage(
          "--samples \(spec.sampleCount) with --layers \(p.value("layers") ?? "") needs "
            + "\(units * spec.sampleCount) cached activations; at most "
            + "\(GradcheckCommand.maxActivations)")
      }
    }
  }

  /// The check options: method, precision, step, tolerances, `--entries`,
  /// `--directional` and the seed, each validated (for dense and layered networks alike).
  /// - Throws: `CommandError.usage` naming the option.
  static func checkOptions(_ p: ParsedArguments) throws(CommandError) -> GradientCheckOptions {
    let method = try p.choice("method", default: FiniteDifferenceMethod.central)
    let precision = try p.choice("precision", default: Precision.double)
    if method.isComplex && precision == .float {
      throw .usage(
        "--method complex-step evaluates in double precision; it cannot be combined with "
          + "--precision float")
    }
    return GradientCheckOptions(
      method: method, epsilon: try p.positiveNumber("epsilon"),
      rtol: try p.nonNegativeNumber("rtol"), atol: try p.nonNegativeNumber("atol"),
      precision: precision, entriesPerBlock: try p.integer("entries", in: 1...1_000_000),
      directions: try p.integer("directional", in: 1...100_000),
      seed: UInt64(try p.integer("seed", in: 0...Int.max) ?? 0))
  }

  /// Reads or builds the network and its samples, and the gradients to check.
  func load() throws(CommandError) -> (NetworkFile, Gradients) {
    if case .random(let spec) = source {
      try GradcheckCommand.guardWork(self, sizes: spec.sizes, samples: spec.sampleCount)
    }
    let file = try NetworkOptions.load(source, maximumParameters: maximumParameters)
    try GradcheckCommand.guardWork(
      self, sizes: file.network.sizes, samples: file.samples.count)
    if let path = gradientsPath {
      do {
        return (file, try GradientFile.read(contentsOf: path, for: file.network))
      } catch {
        throw CommandError(error)
      }
    }
    // Computed here: no cost is stated with them, so the report compares none.
    var computed = file.network.gradients(over: file.samples)
    computed.cost = nil
    return (file, computed)
  }
}
