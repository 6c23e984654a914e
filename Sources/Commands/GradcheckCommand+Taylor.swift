import Backprop
import CommandLineSupport

extension GradcheckCommand {
  /// `--taylor`.
  static let taylorOption = OptionSpec.flag(
    "taylor",
    "Judge by the order at which the Taylor remainder shrinks as the step halves (3 central, "
      + "2 forward when right, 1 when wrong): no step, no tolerance. Per layer; per entry "
      + "with --verbose.")

  /// The options that `--taylor` replaces or cannot honour.
  static let notWithTaylor = ["epsilon", "rtol", "atol", "entries", "directional"]

  /// The Taylor test's options, or `nil` without `--taylor`.
  /// - Throws: `CommandError.usage` naming an option that does not go with `--taylor`.
  static func taylorOptions(
    _ p: ParsedArguments, method: FiniteDifferenceMethod, precision: Precision, seed: UInt64
  ) throws(CommandError) -> TaylorOptions? {
    guard p.flag("taylor") else { return nil }
    for name in notWithTaylor where p.has(name) {
      throw .usage("--\(name) does not apply to --taylor, which chooses its own steps")
    }
    guard precision == .double else {
      throw .usage("--taylor measures orders in double precision; drop --precision float")
    }
    let form: TaylorForm
    switch method {
    case .central: form = .central
    case .forward: form = .forward
    default:
      throw .usage(
        "--taylor measures the central or forward remainder: --method central or forward")
    }
    return TaylorOptions(form: form, perEntry: p.flag("verbose"), seed: seed)
  }

  /// Refuses a check whose estimate exceeds the limits of `--max-parameters`.
  /// - Throws: `CommandError.usage` saying what was asked and how to raise the limit.
  static func guardWork(_ request: GradcheckRequest, sizes: [Int], samples: Int)
    throws(CommandError)
  {
    let estimate =
      request.taylor.map { WorkEstimate.taylor(sizes: sizes, samples: samples, options: $0) }
      ?? WorkEstimate.gradientCheck(sizes: sizes, samples: samples, options: request.options)
    try guardWork(estimate, maximumParameters: request.maximumParameters)
  }

  /// Refuses a check whose `estimate` exceeds the limits of `--max-parameters`.
  /// - Throws: `CommandError.usage` saying what was asked and how to raise the limit.
  static func guardWork(_ estimate: WorkEstimate, maximumParameters: Int)
    throws(CommandError)
  {
    let samples = estimate.samples
    guard let excess = estimate.excess(maximumParameters: maximumParameters) else {
      return
    }
    let asked: String
    let limit: Int
    switch excess {
    case .parameters(let l):
      asked = "\(estimate.parameters) parameters"
      limit = l
    case .work(let l):
      asked =
        "\(estimate.parameters) parameters x \(samples) samples x \(estimate.evaluations) "
        + "evaluations = \(NumberFormat.scientific(Double(estimate.work), digits: 2)) steps"
      limit = l
    case .memory(let l):
      asked =
        "\(NumberFormat.scientific(Double(estimate.memoryNumbers), digits: 2)) numbers in memory"
      limit = l
    }
    throw .usage(
      "the check needs \(asked), above the limit \(NumberFormat.scientific(Double(limit), digits: 2)) "
        + "of --max-parameters \(maximumParameters); raise --max-parameters to allow it")
  }

  /// Runs the Taylor test and writes its report.
  static func runTaylor(
    _ options: TaylorOptions, request: GradcheckRequest, file: NetworkFile, analytic: Gradients,
    console: Console
  ) throws(CommandError) -> ExitStatus {
    try runTaylor(
      format: request.format, verbose: request.verbose, quiet: request.quiet, console: console
    ) { progress throws(GradientCheckError) in
      try TaylorTest.run(
        network: file.network, samples: file.samples, analytic: analytic, options: options,
        progress: progress)
    }
  }

  /// Runs a Taylor test (`test`, given a progress callback) with a progress bar, and writes
  /// its report in `format` unless `quiet`.
  static func runTaylor(
    format: GradcheckRequest.Format, verbose: Bool, quiet: Bool, console: Console,
    test: (@escaping (Int, Int) -> Void) throws(GradientCheckError) -> TaylorReport
  ) throws(CommandError) -> ExitStatus {
    let report = try withCheckProgress(label: "Taylor test", console: console, quiet: quiet, test)
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

extension CommandError {
  /// The status and words of a check that could not run: 64 for an option out of range, 65
  /// for shapes, samples or a pass that is not finite.
  init(_ error: GradientCheckError) {
    switch error {
    case .invalidOption(let m): self = .usage(m)
    case .shapeMismatch(let m), .invalidSamples(let m): self.init(.dataError, m)
    case .nonFinite(let value): self.init(value)
    }
  }
}

extension ReportStyle {
  /// The console's colours: ANSI on a terminal that allows them, else plain.
  init(_ console: Console) {
    let t = TextStyle(enabled: console.colorEnabled)
    self.init(
      pass: { t.pass($0) }, fail: { t.fail($0) }, warn: { t.warn($0) }, bold: { t.bold($0) })
  }
}
