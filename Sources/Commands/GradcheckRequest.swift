import Backprop
import CommandLineSupport

/// A validated `gradcheck` command line: where the network and gradients come from, the
/// check options and the output format.
struct GradcheckRequest {
  /// Where the network comes from.
  enum Source {
    case file(String)
    case random(RandomNetworkSpec)
  }

  var source: Source
  var gradientsPath: String?
  var options: GradientCheckOptions
  var format: String
  var verbose: Bool
  var quiet: Bool

  /// Validates every option, naming the one at fault; messages are wrapped to 80 columns.
  init(_ p: ParsedArguments) throws(CommandError) {
    do {
      try self.init(validating: p)
    } catch {
      throw CommandError(error.status, GradcheckRequest.wrap(error.message))
    }
  }

  /// Wraps `message` so that `Error: ` plus each line fits 80 columns; continuation lines
  /// are indented by two spaces.
  static func wrap(_ message: String) -> String {
    var lines: [String] = []
    var line = ""
    for word in message.split(separator: " ") {
      let limit = lines.isEmpty ? 80 - 7 : 80 - 2
      if !line.isEmpty && line.count + 1 + word.count > limit {
        lines.append(line)
        line = String(word)
      } else {
        line += (line.isEmpty ? "" : " ") + word
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines.joined(separator: "\n  ")
  }

  private init(validating p: ParsedArguments) throws(CommandError) {
    if let extra = p.positionals.first {
      throw .usage("unexpected argument '\(extra)'")
    }
    try p.forbid("network", with: "layers")
    try p.forbid("entries", with: "directional")
    try p.forbid("quiet", with: "verbose")
    let methodName =
      try p.choice("method", FiniteDifferenceMethod.allCases.map(\.name)) ?? "central"
    let method = FiniteDifferenceMethod(rawValue: methodName) ?? .central
    let precisionName = try p.choice("precision", Precision.allCases.map(\.rawValue)) ?? "double"
    let precision = Precision(rawValue: precisionName) ?? .double
    if method.isComplex && precision == .float {
      throw .usage(
        "--method complex-step evaluates in double precision; it cannot be combined with "
          + "--precision float")
    }
    let epsilon = try p.positiveNumber("epsilon")
    let rtol = try p.positiveNumber("rtol", allowZero: true)
    let atol = try p.positiveNumber("atol", allowZero: true)
    let entries = try p.integer("entries", in: 1...1_000_000)
    let directions = try p.integer("directional", in: 1...100_000)
    let seed = try p.integer("seed", in: 0...Int.max) ?? 0
    format = try p.choice("format", ["text", "json", "markdown"]) ?? "text"
    verbose = p.flag("verbose")
    quiet = p.flag("quiet")
    options = GradientCheckOptions(
      method: method, epsilon: epsilon, rtol: rtol, atol: atol, precision: precision,
      entriesPerBlock: entries, directions: directions, seed: UInt64(seed))
    gradientsPath = p.value("gradients")
    if let path = p.value("network") {
      for name in ["activation", "output-activation", "cost", "samples"] where p.has(name) {
        throw .usage("--\(name) applies to --layers, not to --network")
      }
      source = .file(path)
    } else if p.has("layers") {
      source = .random(try GradcheckRequest.randomSpec(p, seed: UInt64(seed)))
    } else {
      throw .usage("give a network: --network <file> or --layers <sizes>")
    }
  }

  /// The random network `--layers` and its companions describe, within the size caps.
  static func randomSpec(_ p: ParsedArguments, seed: UInt64) throws(CommandError)
    -> RandomNetworkSpec
  {
    let text = p.value("layers") ?? ""
    var sizes: [Int] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let trimmed = part.trimmingCharacters(in: " ")
      guard let n = Int(trimmed), n >= 1, n <= GradcheckCommand.maxLayerSize else {
        throw .usage(
          "--layers must be comma-separated layer sizes from 1 to "
            + "\(GradcheckCommand.maxLayerSize), such as 2,2,2,2; '\(trimmed)' is not one")
      }
      sizes.append(n)
    }
    guard sizes.count >= 2 else {
      throw .usage("--layers needs at least 2 sizes (input and output), such as 2,2,2,2")
    }
    guard sizes.count <= GradcheckCommand.maxLayers + 1 else {
      throw .usage("--layers allows at most \(GradcheckCommand.maxLayers) layers after the input")
    }
    var parameters = 0
    for l in 1..<sizes.count { parameters += sizes[l] * (sizes[l - 1] + 1) }
    guard parameters <= GradcheckCommand.maxParameters else {
      throw .usage(
        "--layers \(text) has \(parameters) parameters; gradcheck builds at most "
          + "\(GradcheckCommand.maxParameters)")
    }
    let samples = try p.integer("samples", in: 1...GradcheckCommand.maxSamples) ?? 1
    let units = sizes.reduce(0, +)
    guard units * samples <= GradcheckCommand.maxActivations else {
      throw .usage(
        "--samples \(samples) with --layers \(text) needs \(units * samples) cached "
          + "activations; at most \(GradcheckCommand.maxActivations)")
    }
    let allNames = Activation.allCases.map(\.name).joined(separator: ", ")
    let hiddenName = try p.choice("activation", Activation.allCases.map(\.name)) ?? "sigmoid"
    let hidden = Activation(rawValue: hiddenName) ?? .sigmoid
    let costName = try p.choice("cost", Cost.allCases.map(\.name)) ?? "quadratic"
    let cost = Cost(rawValue: costName) ?? .quadratic
    var output = hidden
    if let name = p.value("output-activation") {
      guard let a = Activation(rawValue: name) else {
        throw .usage("--output-activation must be one of \(allNames); got '\(name)'")
      }
      output = a
    } else if let allowed = cost.allowedOutputActivations, !allowed.contains(hidden) {
      output = cost == .categoricalCrossEntropy ? .softmax : .sigmoid
    }
    if let allowed = cost.allowedOutputActivations, !allowed.contains(output) {
      throw .usage(
        "--cost \(cost.name) needs outputs in (0, 1): --output-activation must be "
          + allowed.map(\.name).joined(separator: " or ") + ", got \(output.name)")
    }
    return RandomNetworkSpec(
      sizes: sizes, hiddenActivation: hidden, outputActivation: output, cost: cost,
      sampleCount: samples, seed: seed)
  }

  /// Reads or builds the network and its samples, and the gradients to check.
  func load() throws(CommandError) -> (NetworkFile, Gradients) {
    let file: NetworkFile
    switch source {
    case .file(let path):
      do {
        file = try NetworkFile(contentsOf: path)
      } catch {
        throw GradcheckRequest.map(error)
      }
    case .random(let spec):
      do {
        file = try NetworkFile.random(spec)
      } catch {
        throw .usage(GradcheckRequest.wrap(error.description))
      }
    }
    if let path = gradientsPath {
      do {
        return (file, try GradientFile.read(contentsOf: path, for: file.network))
      } catch {
        throw GradcheckRequest.map(error)
      }
    }
    return (file, file.network.gradients(over: file.samples))
  }

  /// 66 for a file that cannot be read, 65 for invalid contents.
  static func map(_ error: FileError) -> CommandError {
    switch error {
    case .unreadable: return CommandError(.cannotOpen, wrap(error.description))
    case .invalid: return CommandError(.dataError, wrap(error.description))
    }
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: Character) -> String {
    String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
  }
}
