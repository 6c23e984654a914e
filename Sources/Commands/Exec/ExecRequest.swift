import Backprop
import CommandLineSupport
import Foundation
import ProgramRunner
import TextSupport

/// A validated `gradcheck --exec` command line.
struct ExecRequest {
  /// The report formats of `--exec`.
  enum Format: String, CaseIterable {
    case text, json, markdown, junit, gradescope
  }

  /// The command line as given to `--exec`.
  var commandLine: String
  /// Its words.
  var words: [String]
  /// Protocol 2.
  var model: Bool
  /// The random networks, or `nil` with `--network`.
  var space: TrialSpace
  var trials: Int
  var networkPath: String?
  var options: GradientCheckOptions
  var timeout: Double
  var jobs: Int
  var savePath: String?
  var shrink: Bool
  var format: Format
  var verbose: Bool
  var quiet: Bool

  /// Validates every option, naming the one at fault.
  init(_ p: ParsedArguments) throws(CommandError) {
    commandLine = p.value("exec") ?? ""
    do throws(CommandWords.SplitError) {
      words = try CommandWords.split(commandLine)
    } catch {
      switch error {
      case .empty: throw .usage("--exec needs a command, such as --exec \"python3 backprop.py\"")
      case .trailingBackslash: throw .usage("--exec: the command ends with a lone backslash")
      case .unterminatedQuote(let q): throw .usage("--exec: a \(q) quote is never closed")
      }
    }
    if let extra = p.positionals.first { throw .usage("unexpected argument '\(extra.excerpt())'") }
    for name in [
      "arch", "layers", "gradients", "output-activation", "samples", "sweep", "param", "plot",
    ] where p.has(name) {
      throw .usage("--\(name) cannot be combined with --exec" + Self.hint(name))
    }
    try p.forbid("activation", with: "activations")
    try p.forbid("cost", with: "costs")
    try p.forbid("entries", with: "directional")
    try p.forbid("quiet", with: "verbose")
    model = p.flag("model")
    if model {
      for name in ExecRequest.networkOnly where p.has(name) {
        throw .usage("--\(name) applies to networks (protocol 1), not to --model")
      }
    }
    let method = try p.choice("method", default: FiniteDifferenceMethod.central)
    let precision = try p.choice("precision", default: Precision.double)
    if method.isComplex && (precision == .float || model) {
      throw .usage(
        model
          ? "--method complex-step needs complex arithmetic the program does not do; choose "
            + "another --method with --model"
          : "--method complex-step evaluates in double precision; it cannot be combined with "
            + "--precision float")
    }
    if model && precision == .float {
      throw .usage("--precision float applies to networks (protocol 1), not to --model")
    }
    let seed = try p.integer("seed", in: 0...Int.max) ?? 0
    options = GradientCheckOptions(
      method: method, epsilon: try p.positiveNumber("epsilon"),
      rtol: try p.nonNegativeNumber("rtol"), atol: try p.nonNegativeNumber("atol"),
      precision: precision, entriesPerBlock: try p.integer("entries", in: 1...1_000_000),
      directions: try p.integer("directional", in: 1...100_000), seed: UInt64(seed))
    networkPath = p.value("network")
    if networkPath != nil {
      for name in ["trials"] + ExecRequest.rangeOptions where p.has(name) {
        throw .usage("--\(name) applies to random networks, not to --network")
      }
    }
    trials = try p.integer("trials", in: 1...100_000) ?? ExecOptions.defaultTrials
    let oneActivation = try p.choice("activation", of: Activation.self)
    let someActivations = try Self.list("activations", p, of: Activation.self)
    let activations = oneActivation.map { [$0] } ?? someActivations ?? [.sigmoid]
    let oneCost = try p.choice("cost", of: Cost.self)
    let someCosts = try Self.list("costs", p, of: Cost.self)
    let costs = oneCost.map { [$0] } ?? someCosts ?? [.quadratic]
    space = TrialSpace(
      layers: try Self.range("layers-range", p, cap: ExecOptions.maximumLayers) ?? 1...4,
      sizes: try Self.range("sizes-range", p, cap: ExecOptions.maximumSize) ?? 1...6,
      samples: try Self.range("samples-range", p, cap: ExecOptions.maximumSamples) ?? 1...5,
      activations: activations, costs: costs, seed: UInt64(seed))
    let timeout = try p.positiveNumber("timeout") ?? ExecOptions.defaultTimeout
    guard timeout <= 86_400 else { throw .usage("--timeout allows at most 86400 seconds") }
    self.timeout = timeout
    jobs = try p.integer("jobs", in: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
    savePath = p.value("save-counterexample")
    try OutputPath.check(p, option: "save-counterexample")
    shrink = !p.flag("no-shrink")
    format = try p.choice("format", default: Format.text)
    verbose = p.flag("verbose")
    quiet = p.flag("quiet")
  }

  /// Options that only make sense for networks.
  static let networkOnly =
    [
      "network", "trials", "activation", "activations", "cost", "costs", "precision",
      "save-counterexample", "no-shrink", "jobs",
    ] + rangeOptions

  static let rangeOptions = ["layers-range", "sizes-range", "samples-range"]

  private static func hint(_ name: String) -> String {
    switch name {
    case "layers": return "; use --layers-range"
    case "samples": return "; use --samples-range"
    case "output-activation": return "; use --activations"
    case "arch":
      return ": protocol 1 sends the program dense network files only (--layers-range, "
        + "--sizes-range); check a layered network without --exec"
    default: return ""
    }
  }

  /// `a...b`, `a..b` or `a`, within 1...cap.
  static func range(_ name: String, _ p: ParsedArguments, cap: Int) throws(CommandError)
    -> ClosedRange<Int>?
  {
    guard let text = p.value(name) else { return nil }
    let parts =
      text.contains("...")
      ? text.components(separatedBy: "...") : text.components(separatedBy: "..")
    let bounds = parts.map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard (1...2).contains(bounds.count), let lower = bounds.first ?? nil,
      let upper = bounds.last ?? nil
    else {
      throw .usage("--\(name) must be a range such as 1...4, got '\(text)'")
    }
    guard lower >= 1, upper <= cap, lower <= upper else {
      throw .usage("--\(name) must lie within 1...\(cap) with a ≤ b, got '\(text)'")
    }
    return lower...upper
  }

  /// A comma-separated list of names of `E`.
  static func list<E: CaseIterable & RawRepresentable>(
    _ name: String, _ p: ParsedArguments, of type: E.Type
  ) throws(CommandError) -> [E]? where E.RawValue == String {
    guard let text = p.value(name) else { return nil }
    var out: [E] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let word = part.trimmingCharacters(in: .whitespaces)
      guard let e = E(rawValue: word) else {
        throw .usage(
          "--\(name): '\(word)' is not one of "
            + E.allCases.map(\.rawValue).joined(separator: ", "))
      }
      if !out.contains(where: { $0.rawValue == e.rawValue }) { out.append(e) }
    }
    return out
  }
}
