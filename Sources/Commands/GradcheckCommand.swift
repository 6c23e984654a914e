import Backprop
import CommandLineSupport

/// `gradcheck`: compares analytic gradients with finite differences.
public enum GradcheckCommand {
  /// The largest cached forward pass, samples · Σ n_l numbers.
  ///
  /// The other caps of `--layers` and `--samples` are `NetworkOptions`'.
  public static let maxActivations = 20_000_000

  /// The command's options and help.
  public static let spec = CommandSpec(
    name: "gradcheck", version: toolkitVersion,
    overview: "Check gradients against finite differences; name the likely mistake.",
    usage: [
      "--network <file> [--gradients <file>] [options]",
      "--layers <sizes> [--activation <name>] [--output-activation <name>] [--cost <name>] "
        + "[--samples <n>] [--seed <n>] [options]",
      "--network <file> --sweep [--param <name>] [--plot <file>]",
      "--arch <layers> --sweep [--param <name>] [--plot <file>]",
      "--arch <layers> [--cost <name>] [--samples <n>] [--seed <n>] [options]",
    ] + ExecOptions.usage,
    options: [
      NetworkOptions.network,
      .value(
        "gradients", "file",
        "Gradients of the mean cost to check. If omitted, the library's backprop computes them."),
      NetworkOptions.layers,
      LayeredNetworkOptions.arch,
    ] + NetworkOptions.randomNetwork + [
      .value(
        "method", "name",
        "central, forward, backward, five-point, richardson or complex-step.", default: "central"
      ),
      .value(
        "epsilon", "eps",
        "Finite-difference step epsilon. (default: 1e-5 central, 1e-7 forward/backward, 1e-3 "
          + "five-point, 1e-2 richardson, 1e-20 complex-step)"),
      .value(
        "rtol", "rtol",
        "Relative tolerance. (default: 1e-5; 1e-4 forward/backward; 1e-8 complex-step)"),
      .value(
        "atol", "atol",
        "Absolute tolerance. (default: 1e-8; 1e-6 forward/backward; 1e-12 complex-step)"),
      .value(
        "precision", "name",
        "double or float. Float shows why checks are done in double; its default steps and "
          + "tolerances are larger.", default: "double"),
      .value(
        "entries", "k",
        "Check k random entries of every weight matrix and bias vector (with --arch: of "
          + "every tensor)."),
      .value(
        "directional", "n",
        "Screen with n random directions, then bisect failing ones down to entries (with "
          + "--arch: a failing direction has every entry checked)."),
      taylorOption,
      NetworkOptions.maxParameters,
    ] + GradcheckSweep.options + [
      .value(
        "format", "format", "text, json or markdown; with --exec also junit or gradescope.",
        default: "text"),
      .flag("verbose", "Print every compared entry.", short: "v"),
      .flag("quiet", "Print nothing; report by exit status only.", short: "q"),
    ] + ExecOptions.specs,
    discussion: """
      An entry fails when |bp - fd| > atol + rtol * max(|bp|, |fd|), where bp is
      the analytic (backprop) and fd the finite-difference derivative, taken with
      the step epsilon. Entries whose step moves a relu or leaky-relu
      pre-activation across 0 for some sample are kinks, counted apart and
      re-checked with smaller or one-sided steps: the first step clear of every
      kink decides (a one-sided pair passes when either side agrees), and an
      entry with no clear step is not judged. Unless --atol is given, the
      default atol is multiplied by max(1, |C|), C the mean cost, in double and
      float alike (not for complex-step), so that it grows with the cost's size.

      With --arch (or a layered network file), every parameter tensor (K1, b1,
      Wf2, ...) is checked and reported; a max-pool winner that changes is a
      kink too, and the mistakes of convolution and recurrent layers are named
      (Docs/Layers.md). --sweep, --param (K1[0,0,1,1], Wf2[1,0]), --plot,
      --taylor (one direction per numbered layer) and --max-parameters work as
      with --layers; --activation and --output-activation are usage errors
      (write activations as layers), and so is --exec (its protocol 1 sends
      dense network files only). Either sweep marks with * the steps whose
      difference spans a kink.

      With --taylor, the step halves from 1/16 until the remainder reaches its
      rounding level; the order is fitted to the smallest steps clear of rounding
      and of kinks. A layer passes at order 2 or more (1.5 with --method forward).

      EXIT STATUS:
        0   every checked entry agrees      1   some entries disagree
        64  usage error                     65  invalid network or gradient file,
        66  a file cannot be read               or a pass that is not finite

      """ + ExecOptions.discussion)

  /// Runs the command with `arguments` (without the program name).
  public static func main(_ arguments: [String], console: Console) -> ExitStatus {
    runCommand(spec, arguments: arguments, console: console) { parsed, console in
      if parsed.has("exec") { return try ExecCommand.run(parsed, console: console) }
      for name in ExecOptions.execOnly where parsed.has(name) {
        throw CommandError.usage("--\(name) needs --exec")
      }
      if LayeredNetworkOptions.isLayered(parsed) {
        return try LayeredGradcheck.run(parsed, console: console)
      }
      let request = try GradcheckRequest(parsed)
      try GradcheckSweep.validate(parsed)
      if parsed.flag("sweep") {
        return try GradcheckSweep.run(
          parsed,
          file: try NetworkOptions.load(
            request.source, maximumParameters: request.maximumParameters),
          options: request.options,
          json: request.format == .json, quiet: request.quiet, console: console)
      }
      let (file, analytic) = try request.load()
      if let taylor = request.taylor {
        return try runTaylor(
          taylor, request: request, file: file, analytic: analytic, console: console)
      }
      let report = try withCheckProgress(
        label: "Checking", console: console, quiet: request.quiet
      ) { progress throws(GradientCheckError) in
        try GradientCheck.run(
          network: file.network, samples: file.samples, analytic: analytic,
          options: request.options, progress: progress)
      }
      if !request.quiet {
        console.write(render(report, request: request, console: console))
      }
      return report.passed ? .success : .checkFailed
    }
  }

  /// The diagnosis's suggestions as this command's options.
  static let settingSpelling = CheckSettingSpelling(
    method: { "--method \($0.name)" }, defaultStep: "the default --epsilon")

  static func render(_ report: CheckReport, request: GradcheckRequest, console: Console)
    -> String
  {
    switch request.format {
    case .json:
      return report.json(verbose: request.verbose, spelling: settingSpelling).pretty + "\n"
    case .markdown: return report.markdown(verbose: request.verbose, spelling: settingSpelling)
    case .text:
      return report.text(
        verbose: request.verbose, style: ReportStyle(console), spelling: settingSpelling)
    }
  }
}
