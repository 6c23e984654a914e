import Backprop
import CommandLineSupport
import TextSupport

/// `gradcheck --arch …` and `gradcheck --network <layered file>`: the per-tensor check of a
/// layered network.
enum LayeredGradcheck {
  /// Runs the check, sweep or Taylor test the arguments ask for.
  static func run(_ p: ParsedArguments, console: Console) throws -> ExitStatus {
    if let extra = p.positionals.first {
      throw CommandError.usage("unexpected argument '\(extra.excerpt())'")
    }
    try p.forbid("entries", with: "directional")
    try p.forbid("quiet", with: "verbose")
    try GradcheckSweep.validate(p)
    let options = try GradcheckRequest.checkOptions(p)
    let format = try p.choice("format", default: GradcheckRequest.Format.text)
    let (verbose, quiet) = (p.flag("verbose"), p.flag("quiet"))
    let taylor = try GradcheckCommand.taylorOptions(
      p, method: options.method, precision: options.precision, seed: options.seed)
    let maximumParameters = try NetworkOptions.parameterLimit(p)
    let file = try LayeredNetworkOptions.load(p)
    let units = file.network.layers.reduce(file.network.inputShape.count) {
      $0 + $1.outputShape.count
    }
    guard units * file.samples.count <= GradcheckCommand.maxActivations else {
      throw CommandError.usage(
        "--samples \(file.samples.count) with this architecture needs "
          + "\(units * file.samples.count) activations; at most \(GradcheckCommand.maxActivations)")
    }
    let samples = file.samples.count
    try GradcheckCommand.guardWork(
      taylor.map { WorkEstimate.taylor(network: file.network, samples: samples, options: $0) }
        ?? WorkEstimate.gradientCheck(network: file.network, samples: samples, options: options),
      maximumParameters: maximumParameters)
    if p.flag("sweep") {
      return try sweep(p, file: file, json: format == .json, quiet: quiet, console: console)
    }
    var analytic: [Double]
    var stated: Double?
    if let path = p.value("gradients") {
      do {
        (analytic, stated) = try LayeredGradientFile.read(contentsOf: path, for: file.network)
      } catch {
        throw CommandError(error)
      }
    } else {
      analytic = file.network.gradients(over: file.samples)
    }
    if let taylor {
      return try GradcheckCommand.runTaylor(
        format: format, verbose: verbose, quiet: quiet, console: console
      ) { progress throws(GradientCheckError) in
        try LayeredTaylorTest.run(
          network: file.network, samples: file.samples, analytic: analytic, options: taylor,
          progress: progress)
      }
    }
    var report = try withCheckProgress(
      label: "Checking", console: console, quiet: quiet
    ) { progress throws(GradientCheckError) in
      try LayeredGradientCheck.run(
        network: file.network, samples: file.samples, analytic: analytic, options: options,
        progress: progress)
    }
    report.statedCost = stated
    if !quiet {
      switch format {
      case .json: console.write(report.json(verbose: verbose).pretty + "\n")
      case .markdown: console.write(report.markdown(verbose: verbose))
      case .text:
        console.write(report.text(verbose: verbose, style: ReportStyle(console)))
      }
    }
    return report.passed ? .success : .checkFailed
  }
}
