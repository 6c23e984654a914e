import Backprop
import CommandLineSupport
import TextSupport

/// `nn-explain --arch …` and `nn-explain --network <layered file>`.
enum LayeredExplain {
  /// The options of the dense derivation that layered networks do not take.
  static let denseOnly = [
    "layer", "view", "input", "target", "mistake", "update", "update-order", "freeze-biases",
    "max-parameters",
  ]

  /// Runs the explanation the arguments ask for.
  static func run(_ args: ParsedArguments, console: Console) throws(CommandError) -> ExitStatus {
    if let extra = args.positionals.first {
      throw .usage("unexpected argument '\(extra.excerpt())'")
    }
    for name in denseOnly where args.has(name) {
      throw .usage(
        "--\(name) applies to dense networks (--layers, or a --network file without "
          + "an architecture), not to layered networks (--arch or a layered network file)")
    }
    let format = try args.choice("format", default: ExplainCommand.Format.text)
    let notation: Notation = args.flag("ascii") ? .ascii : .unicode
    let precision = try args.integer("precision", in: 1...17) ?? 6
    let file = try LayeredNetworkOptions.load(args)
    let traced = try args.integer("sample", in: 0...Int.max) ?? 0
    guard traced < file.samples.count else {
      throw .usage("--sample must be from 0 to \(file.samples.count - 1), got \(traced)")
    }
    let work = file.network.parameterCount * file.samples.count
    guard work <= ExplainCommand.maxWork else {
      throw .usage(
        "this network and --samples need \(work) units of work; at most "
          + "\(ExplainCommand.maxWork)")
    }
    // Overflow is reported, never explained: every number after it would be inf or nan.
    if let bad = file.network.firstNonFiniteValue(over: file.samples) {
      throw notFinite(message(bad, file.network), args)
    }
    let explanation = LayerExplanation(
      network: file.network, samples: file.samples, traced: traced,
      entriesPerTensor: file.network.parameterCount > 500 ? 20 : nil,
      seed: UInt64(try args.integer("seed", in: 0...Int.max) ?? 0))
    if let k = explanation.gradients.firstIndex(where: { !$0.isFinite }) {
      throw notFinite(
        "backprop cannot be evaluated: the mean gradient ∂C/∂"
          + "\(file.network.parameterName(k)) is "
          + NumberFormat.scientific(explanation.gradients[k]), args)
    }
    let numbers = NumberFormat(digits: precision)
    if let name = args.value("param") {
      guard let index = file.network.parameterIndex(named: name) else {
        let names = file.network.tensorSlots.map { $0.entryName(0) }
        throw .usage(
          "--param: no parameter '\(name)' in this network; names look like "
            + names.joined(separator: ", "))
      }
      guard format == .text else { throw .usage("--param is available in text format only") }
      let trace = LayerParameterTrace(explanation, index: index)
      console.write(
        trace.text(sample: traced, format: numbers, notation: notation).joined(separator: "\n")
          + "\n")
      return .success
    }
    switch format {
    case .json: console.write(explanation.json.pretty + "\n")
    case .markdown: console.write(explanation.markdown(format: numbers, notation: notation))
    case .latex: console.write(explanation.latex(format: numbers))
    case .dot: console.write(explanation.dot(format: numbers, notation: notation))
    case .text: console.write(explanation.text(format: numbers, notation: notation))
    }
    return explanation.check?.passed == false ? .checkFailed : .success
  }

  /// Exit status 65 with `message`, after the file's path when the network is a file.
  private static func notFinite(_ message: String, _ args: ParsedArguments) -> CommandError {
    CommandError(.dataError, args.value("network").map { "\($0): " + message } ?? message)
  }

  /// The dense derivation's message for the first value that is not finite, naming the
  /// layer's own output (`z¹` of a convolution, `a²` of an activation).
  static func message(_ bad: NonFiniteValue, _ network: LayeredNetwork) -> String {
    guard bad.quantity == .activation, case .unit(let j) = bad.entry, bad.layer >= 1,
      bad.layer <= network.layers.count
    else { return bad.message }
    let k = bad.layer - 1
    let sample = bad.sample.map { "sample \($0)" } ?? "the mean over samples"
    return "the network cannot be evaluated: layer \(network.numbers[k]) of \(sample) gives "
      + "\(network.outputQuantity(of: k).symbol())[\(j)] = "
      + NumberFormat.scientific(bad.value)
  }
}
