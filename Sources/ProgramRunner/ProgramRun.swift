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
  }

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
  /// Waits for the program to close its output and exit. Whatever happens, the program and
  /// every process in its group are gone and reaped when this returns.
  /// - Returns: How the run ended, with the program's output.
  /// - Throws: `ProgramStartError` when the program cannot be started.
  public static func run(_ words: [String], input: [UInt8], timeout: Double)
    throws(ProgramStartError) -> ProgramRun
  {
    let start = ChildProcess.monotonicNow()
    let deadline = start + timeout
    let child = try ChildProcess(words)
    let io = child.exchange(input, closeInputAfter: true, deadline: deadline) { _ in false }
    let termination = io == .timedOut ? nil : child.finish(deadline: deadline)
    if io == .timedOut { child.finish() }
    let ending: Ending
    switch termination {
    case .exited(let code): ending = .exited(code)
    case .signaled(let signal): ending = .signaled(signal)
    case nil: ending = .timedOut
    }
    return ProgramRun(
      ending: ending, output: child.outputBuffer, errorOutput: child.errorText,
      seconds: ChildProcess.monotonicNow() - start)
  }
}
