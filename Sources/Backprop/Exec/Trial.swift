/// How one trial of a program ended.
public enum TrialOutcome: Equatable, Sendable {
  /// Every checked entry agrees.
  case passed(CheckReport)
  /// Some gradients disagree with finite differences.
  case failed(CheckReport)
  /// The program gave no usable answer.
  case programFailed(ProgramFailure)

  /// Whether the trial passed.
  public var passed: Bool {
    if case .passed = self { return true }
    return false
  }

  /// The check's report, when the program answered.
  public var report: CheckReport? {
    switch self {
    case .passed(let r), .failed(let r): return r
    case .programFailed: return nil
    }
  }
}

/// One trial: the network the program was run on and what came of it.
public struct Trial: Equatable, Sendable {
  /// The trial's number, from 0.
  public var index: Int
  /// The network and its samples.
  public var network: NetworkFile
  /// The outcome.
  public var outcome: TrialOutcome

  /// Creates a trial.
  public init(index: Int, network: NetworkFile, outcome: TrialOutcome) {
    self.index = index
    self.network = network
    self.outcome = outcome
  }
}

/// Checks what a program answered for one network.
public enum TrialCheck {
  /// The outcome of `answer` for `file`: the answer read as a gradient file and checked
  /// against finite differences with `options`.
  /// - Complexity: that of `GradientCheck.run`.
  public static func outcome(
    of answer: ProgramAnswer, for file: NetworkFile, options: GradientCheckOptions
  ) -> TrialOutcome {
    let output: [UInt8]
    switch answer {
    case .failure(let f): return .programFailed(f)
    case .output(let bytes): output = bytes
    }
    let gradients: Gradients
    do {
      gradients = try read(output, for: file.network)
    } catch {
      return .programFailed(error)
    }
    do {
      let report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: gradients, options: options)
      return report.passed ? .passed(report) : .failed(report)
    } catch {
      return .programFailed(.wrongShape(path: "(root)", message: error.description))
    }
  }

  /// The gradients in a program's output.
  /// - Throws: `ProgramFailure` for empty output, text that is not JSON, a wrong shape or a
  ///   non-finite number.
  public static func read(_ output: [UInt8], for network: Network) throws(ProgramFailure)
    -> Gradients
  {
    let json = try ProgramJSON.parse(String(decoding: output, as: UTF8.self))
    if let path = ProgramJSON.firstNonFinite(in: json) { throw .nonFinite(path: path) }
    do {
      return try GradientFile.read(json: json.compact, for: network)
    } catch {
      throw .wrongShape(path: error.field, message: error.message)
    }
  }
}
