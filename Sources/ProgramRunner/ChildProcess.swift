import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A program started in its own process group, with pipes to its stdin, stdout and stderr.
///
/// The group lets a time-out kill the program *and* every child it started (`sh -c`,
/// `python3` starting workers, …). The pipes are polled together, so a program that writes
/// while it still reads never deadlocks against us. `finish()` kills what is left of the group
/// and reaps the program, so no zombie and no stray child outlives a trial.
final class ChildProcess {
  /// How the program ended.
  enum Termination: Equatable, Sendable {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it.
    case signaled(Int32)
  }

  /// Why an exchange stopped.
  enum Ending: Equatable {
    /// The condition asked for holds.
    case done
    /// The program closed stdout (and stderr) before the condition held.
    case outputClosed
    /// The deadline passed.
    case timedOut
  }

  /// The largest stdout kept (16 MB, thousands of times a gradient file of a network that
  /// can be checked in a trial); a program that writes more is cut off there and killed.
  static let maximumOutput = 16 << 20
  /// The most stderr kept: its end, where the error usually is.
  static let maximumErrorOutput = 16 << 10

  let pid: pid_t
  private var input: Int32
  private var output: Int32
  private var errorOutput: Int32
  /// stdout received so far and not yet consumed.
  var outputBuffer: [UInt8] = []
  /// The end of stderr received so far.
  private(set) var errorBuffer: [UInt8] = []
  /// Set once the program has been reaped.
  private(set) var termination: Termination?
  /// Set by the first `finish`.
  private var finished = false
  /// Set when stdout grew past `maximumOutput` and was closed.
  private(set) var outputCutOff = false

  /// SIGPIPE is ignored once per process, so writing to a program that closed its stdin gives
  /// EPIPE instead of killing us.
  private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

  /// Starts `words[0]` (looked up in PATH) with arguments `words[1...]`.
  /// - Throws: `ProgramStartError` when the program cannot be started.
  init(_ words: [String]) throws(ProgramStartError) {
    ChildProcess.ignoreBrokenPipes
    guard let name = words.first else { throw ProgramStartError(program: "", code: ENOENT) }
    ChildProcess.spawnLock.lock()
    defer { ChildProcess.spawnLock.unlock() }
    var fds: [[Int32]] = []
    for _ in 0..<3 {
      var pair: [Int32] = [-1, -1]
      guard ChildProcess.makePipe(&pair) else {
        for p in fds { for fd in p { close(fd) } }
        throw ProgramStartError(program: name, code: errno)
      }
      fds.append(pair)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, fds[0][0], 0)
    posix_spawn_file_actions_adddup2(&actions, fds[1][1], 1)
    posix_spawn_file_actions_adddup2(&actions, fds[2][1], 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &mask)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var child: pid_t = 0
    let code = posix_spawnp(&child, name, &actions, &attributes, &argv, environ)
    close(fds[0][0])
    close(fds[1][1])
    close(fds[2][1])
    guard code == 0 else {
      close(fds[0][1])
      close(fds[1][0])
      close(fds[2][0])
      throw ProgramStartError(program: name, code: code)
    }
    pid = child
    input = fds[0][1]
    output = fds[1][0]
    errorOutput = fds[2][0]
    for fd in [input, output, errorOutput] {
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }
  }

  deinit { finish() }

  /// Held while pipes are made and a program is spawned, so that a program started at the
  /// same time by another job cannot inherit (and hold open) our pipes' ends before they are
  /// marked close-on-exec.
  private static let spawnLock = NSLock()

  /// A pipe whose ends are closed on exec.
  private static func makePipe(_ pair: inout [Int32]) -> Bool {
    guard pipe(&pair) == 0 else { return false }
    for fd in pair { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return true
  }

  /// The end of stderr as text.
  var errorText: String { String(decoding: errorBuffer, as: UTF8.self) }

  /// Whether stdout is still open.
  var outputIsOpen: Bool { output >= 0 }

  /// Writes `bytes` to stdin (closing it afterwards if asked) while reading stdout and stderr,
  /// until `done` holds, stdout and stderr are closed, or `deadline` (seconds since the
  /// reference date of `monotonicNow()`) passes.
  func exchange(
    _ bytes: [UInt8], closeInputAfter: Bool, deadline: Double,
    until done: (ChildProcess) -> Bool
  ) -> Ending {
    var pending = bytes[...]
    if pending.isEmpty && closeInputAfter { closeInput() }
    while true {
      if done(self) { return .done }
      if output < 0 && errorOutput < 0 { return .outputClosed }
      let remaining = deadline - ChildProcess.monotonicNow()
      if remaining <= 0 { return .timedOut }
      var fds: [pollfd] = []
      if input >= 0 && !pending.isEmpty {
        fds.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0))
      }
      if output >= 0 { fds.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0)) }
      if errorOutput >= 0 { fds.append(pollfd(fd: errorOutput, events: Int16(POLLIN), revents: 0)) }
      let wait = Int32(min(remaining * 1000 + 1, 50))
      let ready = poll(&fds, nfds_t(fds.count), wait)
      if ready < 0 && errno != EINTR { return .outputClosed }
      if ready <= 0 {
        reapIfExited()
        continue
      }
      for p in fds where p.revents != 0 {
        if p.fd == input {
          let n = pending.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
          if n > 0 {
            pending = pending.dropFirst(n)
          } else if n < 0 && errno != EAGAIN && errno != EINTR {
            pending = []  // the program closed its stdin: it will answer or fail on its own
          }
          if pending.isEmpty && closeInputAfter { closeInput() }
        } else if p.fd == output {
          if !drain(&output, into: &outputBuffer, keepingEnd: false) {
            outputCutOff = true
            closeOutputs()
          }
        } else if p.fd == errorOutput {
          _ = drain(&errorOutput, into: &errorBuffer, keepingEnd: true)
        }
      }
    }
  }

  /// Reads what is available; closes `fd` at end of file.
  ///
  /// Returns false when stdout grows past `maximumOutput`.
  private func drain(_ fd: inout Int32, into buffer: inout [UInt8], keepingEnd: Bool) -> Bool {
    var chunk = [UInt8](repeating: 0, count: 65536)
    let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if n > 0 {
      buffer += chunk[0..<n]
      if keepingEnd && buffer.count > ChildProcess.maximumErrorOutput {
        buffer.removeFirst(buffer.count - ChildProcess.maximumErrorOutput)
      }
      return keepingEnd || buffer.count <= ChildProcess.maximumOutput
    }
    if n == 0 || (errno != EAGAIN && errno != EINTR) {
      close(fd)
      fd = -1
    }
    return true
  }

  /// Closes stdin: the program sees end of file.
  func closeInput() {
    if input >= 0 {
      close(input)
      input = -1
    }
  }

  private func closeOutputs() {
    for fd in [output, errorOutput] where fd >= 0 { close(fd) }
    output = -1
    errorOutput = -1
  }

  /// Reaps the program if it has exited, and then kills what is left of its group (children
  /// that still hold our pipes open).
  private func reapIfExited() {
    guard termination == nil else { return }
    var status: Int32 = 0
    if waitpid(pid, &status, WNOHANG) == pid {
      termination = ChildProcess.termination(status)
      kill(-pid, SIGKILL)
    }
  }

  /// Waits until `deadline` for the program to exit, then kills its whole group and reaps it.
  ///
  /// Returns how it ended (`nil` if it had to be killed at the deadline). Only the first call
  /// waits and kills: later calls return the same answer without signalling a process group
  /// whose number may since have been reused.
  @discardableResult
  func finish(deadline: Double = 0) -> Termination? {
    if finished { return termination }
    finished = true
    closeInput()
    var status: Int32 = 0
    while termination == nil {
      let r = waitpid(pid, &status, WNOHANG)
      if r == pid {
        termination = ChildProcess.termination(status)
        break
      }
      if r < 0 && errno != EINTR { break }
      if ChildProcess.monotonicNow() >= deadline {
        kill(-pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        break
      }
      usleep(1000)
    }
    kill(-pid, SIGKILL)  // whatever is left of the group: children that outlived the program
    closeOutputs()
    return termination
  }

  private static func termination(_ status: Int32) -> Termination {
    status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
  }

  /// Seconds on a clock that never jumps.
  static func monotonicNow() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }
}

/// A program that cannot be started: not found, not executable, and the like.
public struct ProgramStartError: Error, Equatable, Sendable {
  /// The program's name as given.
  public var program: String
  /// The `errno` of the failure.
  public var code: Int32

  /// The system's words for `code`, such as "No such file or directory".
  public var reason: String { String(cString: strerror(code)) }
}
