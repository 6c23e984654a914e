import Backprop
import CommandLineSupport
import TextSupport

extension LayeredGradcheck {
  /// `gradcheck --arch … --sweep`: the step sweep of one parameter of a layered network,
  /// through the dense sweep's table, JSON and plot (`GradcheckSweep`).
  /// - Throws: `CommandError`: 64 for a `--param` that names no parameter, 65 for a network
  ///   without parameters or a check that cannot run.
  static func sweep(
    _ args: ParsedArguments, file: LayeredNetworkFile, json: Bool, quiet: Bool,
    console: Console
  ) throws -> ExitStatus {
    let network = file.network
    let samples = file.samples
    let gradients = network.gradients(over: samples)
    let index = try parameter(args, network: network, samples: samples, gradients: gradients)
    let sweep = StepSweep(
      network: network, samples: samples, parameter: index, analytic: gradients[index])
    let name = network.parameterName(index)
    let architecture = network.architecture.description
    // The plot's title holds about 60 characters at its font size.
    let subject = GradcheckSweep.Subject(
      name: name, optionName: name, network: "the network '\(architecture)'",
      plotNetwork: architecture.count <= 40 ? architecture : "layered network",
      samples: samples.count)
    try GradcheckSweep.write(sweep, of: subject, args, json: json, quiet: quiet, console: console)
    return .success
  }

  /// The flat index of `--param`, or of the entry whose central difference disagrees most,
  /// relatively, with backprop.
  static func parameter(
    _ args: ParsedArguments, network: LayeredNetwork, samples: [Sample], gradients: [Double]
  ) throws(CommandError) -> Int {
    if let name = args.value("param") {
      guard let i = network.parameterIndex(named: name) else {
        guard network.parameterCount > 0 else {
          throw .usage("--param '\(name.excerpt())': this network has no parameters")
        }
        throw .usage(
          "--param '\(name.excerpt())' is not a parameter of this network; its tensors are "
            + tensorList(network) + " (indices from 0, e.g. \(network.parameterName(0)))")
      }
      return i
    }
    let report: LayerCheckReport
    do throws(GradientCheckError) {
      report = try LayeredGradientCheck.run(
        network: network, samples: samples, analytic: gradients,
        options: GradientCheckOptions(method: .central))
    } catch {
      throw CommandError(error)
    }
    guard let entry = report.entries.max(by: { $0.relativeError < $1.relativeError }) else {
      throw CommandError(.dataError, "the network has no parameters to sweep")
    }
    return entry.index
  }

  /// `K1 2×1×3×3, b1 2, W2 3×8, b2 3`.
  static func tensorList(_ network: LayeredNetwork) -> String {
    network.tensorSlots.map {
      "\($0.name) " + $0.tensor.shape.map(String.init).joined(separator: "×")
    }.joined(separator: ", ")
  }
}
