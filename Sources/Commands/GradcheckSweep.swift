import Backprop
import CommandLineSupport
import Foundation
import TextSupport

/// `gradcheck --sweep`: the finite-difference error of one parameter against the step,
/// for forward, central and complex-step differences, as a table, JSON and a log-log SVG.
enum GradcheckSweep {
  /// The options `--sweep` adds to gradcheck.
  static let options: [OptionSpec] = [
    .flag(
      "sweep",
      "Study one parameter: the error of forward, central and complex-step differences for "
        + "steps ε = 1e-1 to 1e-16, with the best ε and the fitted slopes."),
    .value(
      "param", "name",
      "The parameter of --sweep, e.g. W2[1,0] or b1[0]; with --arch e.g. K1[0,0,1,1] or "
        + "Wf2[1,0]. (default: the worst of a central check)"),
    .value("plot", "file", "With --sweep: draw the error against the step ε (log-log) as SVG."),
  ]

  /// The options of a check that a sweep does not use.
  static let checkOnly = [
    "gradients", "method", "epsilon", "rtol", "atol", "entries", "directional", "taylor",
  ]

  /// Validates the options that only go with `--sweep`.
  /// - Throws: `CommandError.usage` naming the option.
  static func validate(_ args: ParsedArguments) throws(CommandError) {
    guard args.flag("sweep") else {
      for name in ["param", "plot"] where args.has(name) {
        throw .usage("--\(name) applies to --sweep")
      }
      return
    }
    try OutputPath.check(args, option: "plot")
    for name in checkOnly + ["precision", "verbose"] where args.has(name) {
      throw .usage("--\(name) cannot be combined with --sweep")
    }
    if args.value("format") == "markdown" {
      throw .usage("--sweep prints text or json, not markdown")
    }
  }

  /// What a sweep is of: the parameter (as reports and as `--param` write it), the network
  /// and the number of samples, for the table, the JSON and the plot's title.
  struct Subject {
    /// The parameter as the table writes it: `W²[1,0]`, `K1[0,0,1,1]`.
    var name: String
    /// The parameter as `--param` spells it: `W2[1,0]`, `K1[0,0,1,1]`.
    var optionName: String
    /// The network as the table's title names it: `a 2-3-2 network`, `input 3, dense 2, …`.
    var network: String
    /// The network as the plot's title names it: `2-3-2 network`.
    var plotNetwork: String
    /// How many samples the cost averages.
    var samples: Int
  }

  /// Sweeps the parameter `--param` names (or the worst of a central check with `options`)
  /// and writes the table or JSON, and the plot.
  static func run(
    _ args: ParsedArguments, file: NetworkFile, options: GradientCheckOptions, json: Bool,
    quiet: Bool, console: Console
  ) throws -> ExitStatus {
    let network = file.network
    let gradients = network.gradients(over: file.samples)
    let parameter: ParameterIndex
    if let name = args.value("param") {
      guard let p = network.parameterIndex(named: name) else {
        throw CommandError.usage(
          "--param '\(name)' is not a parameter of this network; write W\(network.depth)[0,0] "
            + "or b1[0] (layers 1 to \(network.depth), indices from 0)")
      }
      parameter = p
    } else {
      parameter = try worst(file, gradients: gradients, options: options)
    }
    let sweep = StepSweep(
      network: network, samples: file.samples, parameter: parameter,
      analytic: gradients[parameter])
    let sizes = network.sizes.map(String.init).joined(separator: "-")
    let subject = Subject(
      name: parameter.name(), optionName: optionName(parameter),
      network: "a \(sizes) network", plotNetwork: "\(sizes) network",
      samples: file.samples.count)
    try write(sweep, of: subject, args, json: json, quiet: quiet, console: console)
    return .success
  }

  /// Writes the table or JSON (unless `quiet`) and, with `--plot`, the SVG.
  static func write(
    _ sweep: StepSweep, of subject: Subject, _ args: ParsedArguments, json: Bool, quiet: Bool,
    console: Console
  ) throws {
    if !quiet {
      console.write(
        json ? self.json(sweep, of: subject).pretty + "\n" : text(sweep, of: subject))
    }
    if let path = args.value("plot") {
      let labels = PlotLabels(
        title: "Finite-difference error of \(subject.optionName), \(subject.plotNetwork)",
        x: "step ε", y: "|numeric - backprop|")
      try TrainCommand.write(StepSweepPlot.svg(sweep, labels: labels), to: path)
    }
  }

  /// The parameter whose central difference disagrees most, relatively, with backprop.
  static func worst(_ file: NetworkFile, gradients: Gradients, options: GradientCheckOptions)
    throws -> ParameterIndex
  {
    var central = options
    central.method = .central
    let report: CheckReport
    do {
      report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: gradients, options: central)
    } catch {
      throw CommandError(.dataError, "\(error)")
    }
    guard let entry = report.entries.max(by: { $0.relativeError < $1.relativeError }) else {
      throw CommandError(.dataError, "the network has no parameters to sweep")
    }
    return entry.index
  }

  /// `3.1e-9`, two significant digits; `0` for an exact zero.
  static func short(_ x: Double) -> String {
    guard x != 0 else { return "0" }
    guard x.isFinite else { return x.isNaN ? "nan" : "inf" }
    let text = String(format: "%.1e", x)
    // 3.1e-09 → 3.1e-9
    guard let e = text.firstIndex(of: "e") else { return text }
    let mantissa = text[..<e]
    let exponent = Int(text[text.index(after: e)...]) ?? 0
    return "\(mantissa)e\(exponent)"
  }

  /// The parameter as `--param` spells it: `W2[1,0]`, `b1[0]`.
  static func optionName(_ p: ParameterIndex) -> String {
    (p.isWeight ? "W" : "b") + "\(p.layer)[" + p.indices.map(String.init).joined(separator: ",")
      + "]"
  }

  /// A step of `StepSweep.steps` as `1e-5`.
  static func stepText(_ step: Double) -> String {
    "1e" + String(Int((log10(step)).rounded()))
  }

  /// The table, best steps and slopes, within 80 columns.
  static func text(_ sweep: StepSweep, of subject: Subject) -> String {
    var lines = WordWrap.lines(
      "Step sweep of \(subject.name) in \(subject.network), "
        + "\(subject.samples) sample" + (subject.samples == 1 ? "" : "s")
        + "; backprop gives \(short(sweep.analytic))")
    lines += [
      "Error |numeric − backprop| against the step ε:", "",
      "  ε        forward    central    complex-step",
    ]
    for (i, step) in StepSweep.steps.enumerated() {
      var line = "  " + stepText(step).padding(toLength: 9, withPad: " ", startingAt: 0)
      for curve in sweep.curves {
        let mark = sweep.crossesKink(curve.method, step: i) ? "*" : ""
        line += (short(curve.errors[i]) + mark).padding(toLength: 11, withPad: " ", startingAt: 0)
      }
      lines.append(String(line.reversed().drop(while: { $0 == " " }).reversed()))
    }
    lines.append("")
    for curve in sweep.curves {
      let best = sweep.best(curve)
      let slopes = sweep.slopes(curve)
      var line =
        "\(curve.method.name): best ε = \(stepText(best.step)) (error \(short(best.error)))"
      if let t = slopes.truncation {
        line +=
          "; truncation slope " + String(format: "%.2f", t.value)
          + " (theory \(Int(t.expected))\(kinkNote(t)))"
      }
      if let r = slopes.rounding, curve.method != .complexStep {
        line += "; rounding slope " + String(format: "%.2f", r.value) + " (theory -1\(kinkNote(r)))"
      }
      lines += WordWrap.lines(line + ".", width: 80)
    }
    if sweep.anyCrossesKink {
      lines.append("")
      lines += WordWrap.lines(kinkFootnote, width: 80)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `; 3 of its 5 steps cross a kink`, or nothing when none does.
  static func kinkNote(_ slope: StepSweep.Slope) -> String {
    let k = slope.kinkedPoints
    guard k > 0 else { return "" }
    if k == slope.points { return "; all its \(k) steps cross a kink" }
    return "; \(k) of its \(slope.points) steps " + (k == 1 ? "crosses" : "cross") + " a kink"
  }

  /// The table's note on the steps marked `*`.
  static let kinkFootnote =
    "* The step crosses a kink: between θ and θ ± ε a relu unit or a max-pool's winner "
    + "switches branch, so the difference mixes two slopes: its error need not follow the "
    + "method's order, nor need a slope fitted over it."

  /// The sweep as JSON: the parameter, the steps, each method's errors, best step, slopes.
  static func json(_ sweep: StepSweep, of subject: Subject) -> JSONValue {
    func slope(_ s: StepSweep.Slope?) -> JSONValue {
      guard let s else { return .null }
      return .object([
        ("value", .number(s.value)), ("expected", .number(s.expected)),
        ("points", .number(Double(s.points))),
        ("pointsCrossingKink", .number(Double(s.kinkedPoints))),
      ])
    }
    return .object([
      ("parameter", .string(subject.optionName)),
      ("analytic", .number(sweep.analytic)),
      ("steps", .array(StepSweep.steps.map { .number($0) })),
      (
        "methods",
        .array(
          sweep.curves.map { curve in
            let best = sweep.best(curve)
            let slopes = sweep.slopes(curve)
            return .object([
              ("method", .string(curve.method.name)),
              ("errors", .array(curve.errors.map { .number($0) })),
              (
                "crossesKink",
                .array(
                  StepSweep.steps.indices.map { .bool(sweep.crossesKink(curve.method, step: $0)) })
              ),
              ("bestStep", .number(best.step)), ("bestError", .number(best.error)),
              ("truncationSlope", slope(slopes.truncation)),
              ("roundingSlope", slope(slopes.rounding)),
            ])
          })
      ),
    ])
  }
}
