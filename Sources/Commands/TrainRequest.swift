import Backprop
import CommandLineSupport
import Foundation
import TextSupport

/// A validated `nn-train` command line: the network, the data, the training options and
/// what to write.
struct TrainRequest {
  /// The output formats.
  enum Format: String, CaseIterable {
    case text, json
  }

  /// The optimizer names of `--optimizer`.
  enum OptimizerName: String, CaseIterable {
    case gd, momentum, rprop
  }

  /// Where the training samples come from.
  enum DataSource: Equatable {
    /// The network file's own samples (or the random network's).
    case network
    /// A built-in data set, with the name it was given.
    case builtIn(DataSet, name: String)
    /// A samples file.
    case file(String)
  }

  /// Where the validation samples come from.
  enum ValidationSource: Equatable {
    case none
    case file(String)
    /// This fraction of the data, drawn by the seed and kept out of training.
    case split(Double)
  }

  /// The most epochs `--epochs` accepts.
  static let maximumEpochs = 10_000_000
  /// The points of `moons` when no count is given.
  static let defaultMoons = 200
  /// The most points of `moons:N`.
  static let maximumMoons = 100_000

  var source: NetworkOptions.Source
  var data: DataSource
  var validation: ValidationSource
  var options: TrainingOptions
  var optimizerName: OptimizerName
  var seed: UInt64
  var savePath: String?
  var plotPath: String?
  var boundaryPath: String?
  var format: Format

  /// Validates every option, naming the one at fault.
  init(_ p: ParsedArguments) throws(CommandError) {
    if let extra = p.positionals.first { throw .usage("unexpected argument '\(extra.excerpt())'") }
    try p.forbid("batch-size", with: "online")
    try p.forbid("validate", with: "validate-split")
    source = try NetworkOptions.source(p)
    seed = UInt64(try p.integer("seed", in: 0...Int.max) ?? 0)
    data = try Self.dataSource(p.value("data"))
    validation = .none
    if let path = p.value("validate") { validation = .file(path) }
    if let text = p.value("validate-split") {
      guard let f = Double(text), f > 0, f < 1 else {
        throw .usage(
          "--validate-split must be a fraction between 0 and 1, such as 0.2; got '\(text)'")
      }
      validation = .split(f)
    }
    let epochs = try p.integer("epochs", in: 0...Self.maximumEpochs) ?? 1000
    optimizerName = try p.choice("optimizer", default: OptimizerName.gd)
    let optimizer: Optimizer
    switch optimizerName {
    case .gd: optimizer = .gradientDescent
    case .momentum: optimizer = .momentum(try Self.momentum(p))
    case .rprop:
      if p.has("learning-rate") {
        throw .usage("--learning-rate does not apply to --optimizer rprop: its step sizes adapt")
      }
      let variant = try p.choice("rprop-variant", default: RpropParameters.Variant.backtracking)
      optimizer = .rprop(RpropParameters(variant: variant))
    }
    if optimizerName != .momentum, p.has("momentum") {
      throw .usage("--momentum applies to --optimizer momentum")
    }
    if optimizerName != .rprop, p.has("rprop-variant") {
      throw .usage("--rprop-variant applies to --optimizer rprop")
    }
    let rate = try p.positiveNumber("learning-rate") ?? 0.5
    var batching = Batching.full
    if p.flag("online") { batching = .online }
    if let size = try p.integer("batch-size", in: 1...1_000_000) { batching = .miniBatch(size) }
    let order = try p.choice("update-order", default: UpdateOrder.parallel)
    let every = try p.integer("every", in: 1...Self.maximumEpochs) ?? max(1, (epochs + 9) / 10)
    options = TrainingOptions(
      epochs: epochs, learningRate: rate, optimizer: optimizer, batching: batching,
      updateOrder: order, freezeBiases: p.flag("freeze-biases"), recordEvery: every, seed: seed)
    savePath = p.value("save")
    plotPath = p.value("plot")
    boundaryPath = p.value("plot-boundary")
    // An output that cannot be written is found before training, not after.
    for option in ["save", "plot", "plot-boundary"] { try OutputPath.check(p, option: option) }
    format = try p.choice("format", default: Format.text)
  }

  private static func momentum(_ p: ParsedArguments) throws(CommandError) -> Double {
    guard let text = p.value("momentum") else { return 0.9 }
    guard let mu = Double(text), mu >= 0, mu < 1 else {
      throw .usage("--momentum must be a number from 0 up to (not including) 1; got '\(text)'")
    }
    return mu
  }

  /// The data set names `--data` knows, as listed when a name is not one of them.
  static let dataSetNames = "half-adder, xor, moons[:N] or a samples file"

  /// `half-adder`, `xor`, `moons`, `moons:N`, or a file path.
  ///
  /// A value that is not an existing file and looks like a name (no `/`, not ending in
  /// `.json`) is a usage error listing the data sets, not a file that cannot be opened.
  static func dataSource(_ text: String?) throws(CommandError) -> DataSource {
    guard let text else { return .network }
    switch text {
    case "half-adder": return .builtIn(.halfAdder, name: text)
    case "xor": return .builtIn(.xor, name: text)
    case "moons": return .builtIn(.moons(count: defaultMoons), name: "moons:\(defaultMoons)")
    default: break
    }
    if text.hasPrefix("moons:") {
      guard let n = Int(text.dropFirst(6)), (2...maximumMoons).contains(n) else {
        throw .usage(
          "--data moons:N needs a whole number of points from 2 to \(maximumMoons); got '\(text)'")
      }
      return .builtIn(.moons(count: n), name: text)
    }
    if !text.contains("/"), !text.hasSuffix(".json"), !FileManager.default.fileExists(atPath: text)
    {
      throw .usage("--data '\(text)' is not a known data set; use \(dataSetNames)")
    }
    return .file(text)
  }

  /// The optimizer in words: `gradient descent (η = 0.5)`.
  var optimizerDescription: String {
    switch options.optimizer {
    case .gradientDescent: return "gradient descent (η = \(JSONValue.format(options.learningRate)))"
    case .momentum(let mu):
      return "momentum (η = \(JSONValue.format(options.learningRate)), μ = \(JSONValue.format(mu)))"
    case .rprop(let p): return p.variant == .backtracking ? "Rprop⁺" : "iRprop⁻"
    }
  }

  /// The batching in words.
  var batchingDescription: String {
    switch options.batching {
    case .full: return "full batch"
    case .miniBatch(let n): return "mini-batches of \(n), seed \(seed)"
    case .online: return "online"
    }
  }
}
