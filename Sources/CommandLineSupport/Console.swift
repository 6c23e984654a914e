#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a command writes: standard output and standard error, or buffers in tests.
///
/// Also answers the questions output depends on: is stdout a terminal, may it be coloured.
public final class Console: @unchecked Sendable {
  /// Whether standard output is a terminal.
  public let outputIsTerminal: Bool
  /// Whether standard error is a terminal (progress bars appear only then).
  public let errorIsTerminal: Bool
  /// The environment variables the command may read (`NO_COLOR`, …).
  public let environment: [String: String]
  private let writeOut: (String) -> Void
  private let writeErr: (String) -> Void

  /// Creates a console from two writers.
  public init(
    outputIsTerminal: Bool, errorIsTerminal: Bool, environment: [String: String],
    out: @escaping (String) -> Void, err: @escaping (String) -> Void
  ) {
    self.outputIsTerminal = outputIsTerminal
    self.errorIsTerminal = errorIsTerminal
    self.environment = environment
    self.writeOut = out
    self.writeErr = err
  }

  /// The process's own stdout and stderr (unbuffered; commands build their output in
  /// large pieces).
  public static func standard(environment: [String: String]) -> Console {
    Console(
      outputIsTerminal: isatty(STDOUT_FILENO) == 1, errorIsTerminal: isatty(STDERR_FILENO) == 1,
      environment: environment,
      out: { writeAll(STDOUT_FILENO, $0) }, err: { writeAll(STDERR_FILENO, $0) })
  }

  private static func writeAll(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        #if canImport(Glibc)
          return Glibc.write(fd, base + offset, buffer.count - offset)
        #else
          return Darwin.write(fd, base + offset, buffer.count - offset)
        #endif
      }
      if n <= 0 { return }  // a closed pipe: nothing more can be written
      offset += n
    }
  }

  /// Writes `text` to standard output as is.
  public func write(_ text: String) { writeOut(text) }
  /// Writes `text` and a newline to standard output.
  public func print(_ text: String = "") { writeOut(text + "\n") }
  /// Writes `text` to standard error as is.
  public func writeError(_ text: String) { writeErr(text) }

  /// Colour is used only when stdout is a terminal, `NO_COLOR` is unset or empty, and the
  /// terminal is not `TERM=dumb`.
  public var colorEnabled: Bool {
    outputIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
  }
}

/// A console that records everything, for tests and labs.
public final class CapturingConsole: @unchecked Sendable {
  private final class Buffer: @unchecked Sendable {
    var output = ""
    var error = ""
  }
  private let buffer = Buffer()
  /// The console to hand to a command.
  public let console: Console

  /// Creates a capturing console; `terminal` pretends both streams are terminals.
  public init(terminal: Bool = false, environment: [String: String] = [:]) {
    let buffer = self.buffer
    console = Console(
      outputIsTerminal: terminal, errorIsTerminal: terminal, environment: environment,
      out: { buffer.output += $0 }, err: { buffer.error += $0 })
  }

  /// What was written to standard output.
  public var output: String { buffer.output }
  /// What was written to standard error.
  public var error: String { buffer.error }
}
