/// A long-running program that answers one line on stdout for each line sent to its stdin.
public final class ProgramSession {
  /// Why a request got no answer.
  public enum Failure: Error, Equatable, Sendable {
    /// The program closed its stdout (usually: it exited); with its exit and stderr's end.
    case closed(ProgramRun.Ending?, errorOutput: String)
    /// No answer within the time-out; the program and its group were killed.
    case timedOut(errorOutput: String)
  }

  private let child: ChildProcess
  private let timeout: Double

  /// Starts `words`; each request may take at most `timeout` seconds.
  /// - Throws: `ProgramStartError` when the program cannot be started.
  public init(_ words: [String], timeout: Double) throws(ProgramStartError) {
    child = try ChildProcess(words)
    self.timeout = timeout
  }

  deinit { child.finish() }

  /// Sends `line` (a newline is added) and returns the next line of the answer, without its
  /// newline.
  /// - Throws: `Failure` when the program closes its output or takes too long.
  public func request(_ line: String) throws(Failure) -> String {
    let deadline = ChildProcess.monotonicNow() + timeout
    let ending = child.exchange(
      Array((line + "\n").utf8), closeInputAfter: false, deadline: deadline
    ) {
      $0.outputBuffer.contains(UInt8(ascii: "\n"))
    }
    switch ending {
    case .done:
      let end = child.outputBuffer.firstIndex(of: UInt8(ascii: "\n")) ?? child.outputBuffer.count
      let answer = String(decoding: child.outputBuffer[..<end], as: UTF8.self)
      child.outputBuffer.removeFirst(min(end + 1, child.outputBuffer.count))
      return answer
    case .outputClosed:
      let termination = child.finish(deadline: ChildProcess.monotonicNow() + 1)
      let ending: ProgramRun.Ending? =
        switch termination {
        case .exited(let c): .exited(c)
        case .signaled(let s): .signaled(s)
        case nil: nil
        }
      throw .closed(ending, errorOutput: child.errorText)
    case .timedOut:
      child.finish()
      throw .timedOut(errorOutput: child.errorText)
    }
  }

  /// Closes stdin, gives the program `grace` seconds to exit, then kills its group.
  public func close(grace: Double = 1) {
    child.finish(deadline: ChildProcess.monotonicNow() + grace)
  }
}
