import Backprop
import CommandLineSupport
import Foundation

/// `nn-train`: trains a network by gradient descent, momentum or RPROP, and shows the
/// cost falling.
public enum TrainCommand {
  /// The command's options and help.
  public static let spec = CommandSpec(
    name: "nn-train", version: toolkitVersion,
    overview: "Train a network and watch its cost fall.",
    usage: [
      "--network <file> [--data <set>] [options]",
      "--layers <sizes> [--activation <name>] [--output-activation <name>] [--cost <name>] "
        + "[--seed <n>] [--data <set>] [options]",
    ],
    options: [
      NetworkOptions.network, NetworkOptions.layers,
    ] + NetworkOptions.randomNetwork.filter { $0.name != "seed" } + [
      .value(
        "seed", "n",
        "Seed of the --layers network, the moons, the mini-batch shuffle and the validation "
          + "split.", default: "0"),
      .value(
        "data", "set",
        "half-adder, xor, moons[:N] (N points, default 200) or a samples file. (default: the "
          + "network file's samples, or the --samples random ones, default 1)"),
      .value("validate", "file", "A samples file to validate on (cost and wrong answers)."),
      .value("validate-split", "f", "Keep this fraction of the data, e.g. 0.2, to validate on."),
      .value("epochs", "n", "Passes over the training data.", default: "1000"),
      .value("optimizer", "name", "gd, momentum or rprop.", default: "gd"),
      .value("learning-rate", "rate", "The learning rate of gd and momentum.", default: "0.5"),
      .value("momentum", "mu", "The momentum coefficient of --optimizer momentum.", default: "0.9"),
      .value(
        "rprop-variant", "name",
        "rprop+ (Riedmiller and Braun, with weight-backtracking) or irprop- (Igel and Hüsken).",
        default: "rprop+"),
      .value("batch-size", "n", "Mini-batches of n samples, shuffled by --seed every epoch."),
      .flag("online", "One sample a step, in order."),
      .value(
        "update-order", "order",
        "parallel (every gradient from the old weights) or sequential (each layer's new "
          + "weights carry δ down).", default: "parallel"),
      .flag("freeze-biases", "Keep the biases fixed."),
      .value("every", "n", "Print the costs every n epochs. (default: a tenth of --epochs)"),
      .value("save", "file", "Write the trained network as a network file."),
      .value("plot", "file", "Draw the cost curve (log scale) as SVG."),
      .value("plot-boundary", "file", "Draw the decision regions of a 2-input network as SVG."),
      .value("format", "format", "text or json.", default: "text"),
    ],
    discussion: """
      Full-batch gradient descent moves every parameter by θ ← θ − η ∂C̄/∂θ, with C̄
      the mean cost over the samples, once per epoch.

      EXAMPLES:
        nn-train --layers 2,2,2,2 --data half-adder --epochs 20000 --seed 3
        nn-train --network net.json --epochs 100 --save trained.json
        nn-train --layers 2,8,1 --data moons:200 --validate-split 0.2 \\
          --optimizer rprop --epochs 300 --plot cost.svg --plot-boundary regions.svg

      EXIT STATUS:
        0   trained                          1   the cost diverged (NaN or infinite)
        64  usage error                      65  invalid network or samples file
        66  a file cannot be read or written
      """)

  /// Runs the command with `arguments` (without the program name).
  public static func main(_ arguments: [String], console: Console) -> ExitStatus {
    runCommand(spec, arguments: arguments, console: console) { args, console in
      try run(TrainRequest(args), console: console)
    }
  }

  static func run(_ request: TrainRequest, console: Console) throws -> ExitStatus {
    for path in [request.savePath, request.plotPath, request.boundaryPath].compactMap({ $0 }) {
      try checkWritable(path)
    }
    let data = try TrainingData(request)
    if request.boundaryPath != nil, data.network.sizes[0] != 2 {
      throw CommandError.usage(
        "--plot-boundary needs a network with 2 inputs; this one has \(data.network.sizes[0])")
    }
    var bar: ProgressBar?
    let streaming = request.format == .text
    if streaming { console.write(TrainReport.header(request: request, data: data)) }
    let run = Trainer.train(
      data.network, on: data.training, validation: data.validation, options: request.options,
      progress: { epoch in
        if bar == nil {
          bar = ProgressBar(console: console, label: "Training", total: request.options.epochs)
        }
        bar?.update(epoch)
      },
      onRecord: { record in
        guard streaming else { return }
        bar?.finish()
        console.write(TrainReport.historyLine(record, data: data))
      })
    bar?.finish()
    let report = TrainReport(request: request, data: data, run: run)
    console.write(streaming ? report.footer : report.json.pretty + "\n")
    console.writeError(report.concernNotes)
    if let path = request.plotPath {
      try write(
        CostCurvePlot.svg(run.history, costs: run.costs, labels: report.costCurveLabels),
        to: path)
    }
    if case .diverged(let epoch, let cost) = run.outcome {
      let rate =
        request.optimizerName == .rprop
        ? "" : " (now \(JSONValue.format(request.options.learningRate)))"
      throw CommandError(
        .checkFailed,
        "training diverged at epoch \(epoch): the cost became \(cost.isNaN ? "NaN" : "infinite"); "
          + "try a smaller --learning-rate\(rate)")
    }
    if let path = request.boundaryPath {
      try write(
        DecisionBoundaryPlot.svg(run.network, samples: data.all, labels: report.boundaryLabels),
        to: path)
    }
    if let path = request.savePath {
      try write(
        NetworkFile(network: run.network, samples: data.training).json.pretty + "\n", to: path)
    }
    return .success
  }

  /// Fails early, before any training, when `path`'s folder does not exist.
  /// - Throws: `CommandError` with status 66.
  static func checkWritable(_ path: String) throws(CommandError) {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw CommandError(.cannotOpen, "cannot write \(path): no such folder \(folder)")
    }
  }

  /// Writes `text` to `path`.
  /// - Throws: `CommandError` with status 66 when the file cannot be written.
  static func write(_ text: String, to path: String) throws(CommandError) {
    do {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      throw CommandError(.cannotOpen, "cannot write \(path)")
    }
  }
}
