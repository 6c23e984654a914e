import Foundation

/// What `gradcheck --exec` found: every trial in order, and the first failing one shrunk.
public struct ExecResult: Equatable, Sendable {
  /// The trials, in trial order.
  public var trials: [Trial]
  /// The first trial whose gradients disagreed, shrunk; `nil` when none did.
  public var shrink: ShrinkResult?
  /// The check of the minimal network, with its diagnosis.
  public var minimalReport: CheckReport?
  /// The check of the shrunk trial's network as drawn, with its diagnosis; `nil` when
  /// nothing was shrunk.
  public var originalReport: CheckReport?

  /// Creates a result.
  public init(
    trials: [Trial], shrink: ShrinkResult? = nil, minimalReport: CheckReport? = nil,
    originalReport: CheckReport? = nil
  ) {
    self.trials = trials
    self.shrink = shrink
    self.minimalReport = minimalReport
    self.originalReport = originalReport
  }

  /// How many trials passed.
  public var passedCount: Int { trials.filter(\.outcome.passed).count }

  /// Whether every trial passed.
  public var passed: Bool { passedCount == trials.count }

  /// The first trial that did not pass.
  public var firstFailure: Trial? { trials.first { !$0.outcome.passed } }

  /// The first trial whose gradients disagree (the one shrunk), or else the first that did
  /// not pass.
  public var shownFailure: Trial? {
    trials.first {
      if case .failed = $0.outcome { return true }
      return false
    } ?? firstFailure
  }

  /// Whether the drawn network's leading diagnosis differs from the minimal network's.
  public var diagnosisChangedByShrinking: Bool {
    guard shrink != nil, let o = originalReport, let m = minimalReport else { return false }
    return o.diagnosis.first?.cause != m.diagnosis.first?.cause
  }
}

/// Runs a program on many networks (protocol 1) and shrinks the first failure.
public enum ExecCheck {
  /// Checks `program` on `networks`, `jobs` trials side by side, and shrinks the first failure.
  ///
  /// The first trial (by index) whose gradients disagree is shrunk (a trial whose program
  /// crashed before it is not); the result does not depend on `jobs`. A shrink step is kept
  /// only when the gradients still disagree with the same leading diagnosis as the drawn
  /// network's, and no gradient block becomes exactly zero (see `ShrinkEvidence`).
  /// - Parameters:
  ///   - networks: The trials' networks, in trial order.
  ///   - options: How each trial is checked.
  ///   - jobs: How many trials run at once.
  ///   - shrink: Whether to shrink the first failure.
  ///   - program: Runs the program on one network. Called from several threads when
  ///     `jobs > 1`.
  ///   - progress: Called after each trial with the number of trials done.
  /// - Returns: Every trial in order, the shrinking and the minimal network's report.
  /// - Complexity: one program run and one gradient check per trial, plus at most
  ///   `Shrinker.maximumAttempts` of each while shrinking.
  public static func run(
    networks: [NetworkFile], options: GradientCheckOptions, jobs: Int, shrink: Bool = true,
    program: @escaping @Sendable (NetworkFile) -> ProgramAnswer,
    progress: (@Sendable (Int) -> Void)? = nil
  ) -> ExecResult {
    let quick = withoutDiagnosis(options)
    let outcomes = parallelMap(networks, jobs: jobs, progress: progress) { file in
      TrialCheck.outcome(of: program(file), for: file, options: quick)
    }
    let trials = zip(networks.indices, zip(networks, outcomes)).map {
      Trial(index: $0, network: $1.0, outcome: $1.1)
    }
    var result = ExecResult(trials: trials)
    guard let first = result.shownFailure, case .failed = first.outcome else { return result }
    let original = TrialCheck.outcome(
      of: program(first.network), for: first.network, options: options)
    guard case .failed(let originalReport) = original else { return result }
    result.originalReport = originalReport
    var minimal = first.network
    if shrink {
      let evidence = ShrinkEvidence(originalReport)
      let shrunk = Shrinker.shrink(first.network) { candidate in
        let outcome = TrialCheck.outcome(of: program(candidate), for: candidate, options: options)
        guard case .failed(let report) = outcome else { return false }
        return evidence.isKept(by: report)
      }
      result.shrink = shrunk
      minimal = shrunk.minimal
      result.minimalReport =
        TrialCheck.outcome(of: program(minimal), for: minimal, options: options).report
    } else {
      result.minimalReport = originalReport
    }
    return result
  }

  private static func withoutDiagnosis(_ options: GradientCheckOptions) -> GradientCheckOptions {
    var quick = options
    quick.diagnose = false
    return quick
  }

  /// `transform` of each element, computed by `jobs` threads, in the elements' order.
  static func parallelMap<T: Sendable, U: Sendable>(
    _ items: [T], jobs: Int, progress: (@Sendable (Int) -> Void)?,
    _ transform: @escaping @Sendable (T) -> U
  ) -> [U] {
    let box = ResultBox<U>(count: items.count)
    let workers = max(1, min(jobs, items.count))
    // Threads of our own: each mostly waits for its program, so a pool sized to the cores
    // (as Dispatch's) would run fewer jobs than asked.
    let done = DispatchGroup()
    for _ in 0..<workers {
      done.enter()
      Thread {
        while let i = box.claim() {
          let count = box.store(transform(items[i]), at: i)
          progress?(count)
        }
        done.leave()
      }.start()
    }
    done.wait()
    return box.values
  }
}

/// Results written by several threads, and the next index to work on.
private final class ResultBox<U: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [U?]
  private var next = 0
  private var done = 0

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func claim() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard next < slots.count else { return nil }
    next += 1
    return next - 1
  }

  func store(_ value: U, at i: Int) -> Int {
    lock.lock()
    defer { lock.unlock() }
    slots[i] = value
    done += 1
    return done
  }

  var values: [U] { slots.compactMap { $0 } }
}
