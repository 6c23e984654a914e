import Backprop
import CommandLineSupport
import Foundation

/// `gradcheck --exec`: checks a backprop program on many networks (protocol 1) or as a model
/// (protocol 2), shrinks the first failure and reports for people, courses and CI.
enum ExecCommand {
  /// Runs the check `parsed` asks for.
  static func run(_ parsed: ParsedArguments, console: Console) throws(CommandError) -> ExitStatus {
    let request = try ExecRequest(parsed)
    return request.model
      ? runModel(request, console: console) : try runNetworks(request, console: console)
  }

  /// Stops a layered network file before protocol 1, which speaks dense network files only.
  /// - Throws: `CommandError` (65) naming the file and its `architecture` field.
  static func refuseLayered(_ path: String) throws(CommandError) {
    guard let text = try? FileError.readText(path), LayeredNetworkFile.isLayered(json: text)
    else { return }
    throw CommandError(
      .dataError,
      "\(path): architecture: a layered network file; --exec (protocol 1) sends the program "
        + "dense network files only (layers, activations, weights, biases); check a layered "
        + "network without --exec")
  }

  /// Protocol 1.
  static func runNetworks(_ request: ExecRequest, console: Console) throws(CommandError)
    -> ExitStatus
  {
    var networks: [NetworkFile] = []
    if let path = request.networkPath {
      try refuseLayered(path)
      networks = [try NetworkOptions.load(.file(path))]
    } else {
      for i in 0..<request.trials {
        guard let file = request.space.network(trial: i) else {
          throw .usage("--costs and --activations give no valid network for trial \(i)")
        }
        networks.append(file)
      }
    }
    let bar = LockedProgress(console: console, total: networks.count, quiet: request.quiet)
    let result = ExecCheck.run(
      networks: networks, options: request.options, jobs: request.jobs, shrink: request.shrink,
      program: ExecProgram.answer(words: request.words, timeout: request.timeout),
      progress: { bar.update($0) })
    bar.finish()
    if let first = result.trials.first,
      case .programFailed(.cannotStart(let program, let reason)) = first.outcome
    {
      throw CommandError(.cannotOpen, "--exec: cannot start '\(program)': \(reason)")
    }
    let summary = ExecSummary(request: request, result: result)
    if let path = request.savePath, let example = summary.counterexample {
      do {
        try (example.json.pretty + "\n").write(toFile: path, atomically: true, encoding: .utf8)
      } catch {
        throw CommandError(.cannotOpen, "--save-counterexample: cannot write \(path)")
      }
    }
    if !request.quiet {
      let style = ReportStyle.plain
      let colour = TextStyle(enabled: console.colorEnabled)
      let text = summary.text(style: style, verbose: request.verbose)
      switch request.format {
      case .text:
        let coloured = ReportStyle(
          pass: { colour.pass($0) }, fail: { colour.fail($0) }, warn: { colour.warn($0) },
          bold: { colour.bold($0) })
        console.write(summary.text(style: coloured, verbose: request.verbose))
      case .json: console.write(summary.json(verbose: request.verbose).pretty + "\n")
      case .markdown: console.write(summary.markdown(verbose: request.verbose))
      case .junit: console.write(summary.junit(textReport: text))
      case .gradescope: console.write(summary.gradescope(textReport: text).pretty + "\n")
      }
    }
    return result.passed ? .success : .checkFailed
  }

  /// Protocol 2.
  static func runModel(_ request: ExecRequest, console: Console) -> ExitStatus {
    let o = request.options
    let options = ModelCheckOptions(
      method: o.method, epsilon: o.epsilon, rtol: o.rtol, atol: o.atol,
      entriesPerTensor: o.entriesPerBlock, directions: o.directions, seed: o.seed)
    let outcome: Result<ModelReport, ProgramFailure>
    do {
      outcome = .success(
        try ExecProgram.checkModel(words: request.words, timeout: request.timeout, options: options)
      )
    } catch {
      outcome = .failure(error)
    }
    let summary = ModelSummary(request: request, outcome: outcome)
    if !request.quiet {
      let text = summary.text(style: .plain)
      switch request.format {
      case .text:
        let colour = TextStyle(enabled: console.colorEnabled)
        console.write(
          summary.text(
            style: ReportStyle(
              pass: { colour.pass($0) }, fail: { colour.fail($0) }, warn: { colour.warn($0) },
              bold: { colour.bold($0) })))
      case .json: console.write(summary.json(verbose: request.verbose).pretty + "\n")
      case .markdown: console.write(summary.markdown())
      case .junit: console.write(summary.junit(textReport: text))
      case .gradescope: console.write(summary.gradescope(textReport: text).pretty + "\n")
      }
    }
    return summary.passed ? .success : .checkFailed
  }
}

/// A progress bar that trials running on several threads may update.
final class LockedProgress: @unchecked Sendable {
  private let lock = NSLock()
  private let bar: ProgressBar?

  init(console: Console, total: Int, quiet: Bool) {
    bar = quiet ? nil : ProgressBar(console: console, label: "Trials", total: total)
  }

  func update(_ done: Int) {
    lock.lock()
    defer { lock.unlock() }
    bar?.update(done)
  }

  func finish() {
    lock.lock()
    defer { lock.unlock() }
    bar?.finish()
  }
}
