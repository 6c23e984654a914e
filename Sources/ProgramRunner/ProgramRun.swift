/// One run of a program: input on stdin, then its stdout, the end of its stderr, and how it
/// ended.
public struct ProgramRun: Sendable {
  /// How a run ended.
  public enum Ending: Equatable, Sendable {
    /// The program exited with this status.
    case exited(Int32)
    /// A signal ended the program.
    case signaled(Int32)
    /// The time-out passed; the program and its process group were killed.
    case timedOut
    /// It closed its stdout but did not exit within `closingGrace` seconds; it and its
    /// process group were killed.
    case closedOutputWithoutExiting
    /// It wrote more than `maximumOutput` bytes to stdout; it and its process group were
    /// killed there.
    case wroteTooMuch
  }

  /// The most stdout kept, in bytes (16 MB); a program that writes more is killed.
  public static let maximumOutput = ChildProcess.maximumOutput

  /// Seconds a program may take to exit after closing its stdout (within the time-out).
  public static let closingGrace = 2.0

  /// How the run ended.
  public var ending: Ending
  /// Everything the program wrote to stdout.
  public var output: [UInt8]
  /// The end of what it wrote to stderr.
  public var errorOutput: String
  /// Wall-clock seconds from start to end.
  public var seconds: Double

  /// Runs `words` with `input` on stdin for at most `timeout` seconds.
  ///
  /// Waits for the program to close its stdout, then at most `closingGrace` seconds for
  /// the end of its stderr and its exit; a program that writes more than `maximumOutput`
  /// bytes is killed there. Whatever happens, the program and
  /// every process in its group are gone and reaped when this returns.
  /// - Returns: How the run ended, with the program's output.
  /// - Throws: `ProgramStartError` when the program cannot be started.
  public static func run(_ words: [String], input: [UInt8], timeout: Double)
    throws(ProgramStartError) -> ProgramRun
  {
    let start = ChildProcess.monotonicNow()
    let deadline = start + timeout
    let child = try ChildProcess(words)
    let io = child.exchange(input, closeInputAfter: true, deadline: deadline) {
      !$0.outputIsOpen
    }
    var termination: ChildProcess.Termination?
    let ending: Ending
    if io == .timedOut {
      child.finish()
      ending = .timedOut
    } else if child.outputCutOff {
      child.finish()
      ending = .wroteTooMuch
    } else {
      // stdout is closed: the rest of stderr and the exit must follow promptly.
      let grace = min(deadline, ChildProcess.monotonicNow() + closingGrace)
      _ = child.exchange([], closeInputAfter: true, deadline: grace) { _ in false }
      termination = child.finish(deadline: grace)
      switch termination {
      case .exited(let code): ending = .exited(code)
      case .signaled(let signal): ending = .signaled(signal)
      case nil:
        ending = grace < deadline ? .closedOutputWithoutExiting : .timedOut
      }
    }
    return ProgramRun(
      ending: ending, output: child.outputBuffer, errorOutput: child.errorText,
      seconds: ChildProcess.monotonicNow() - start)
  }
}
