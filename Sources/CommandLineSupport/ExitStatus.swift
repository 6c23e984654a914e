/// The exit statuses of every command, from BSD's sysexits.h.
public enum ExitStatus: Int32, Sendable {
  /// Everything worked and every check passed.
  case success = 0
  /// The command ran, but a check failed (for example gradients disagree).
  case checkFailed = 1
  /// The command line was wrong (EX_USAGE).
  case usage = 64
  /// An input file holds invalid data (EX_DATAERR).
  case dataError = 65
  /// An input file cannot be opened (EX_NOINPUT).
  case cannotOpen = 66
}

/// An error that ends a command with a message on stderr and a given exit status.
public struct CommandError: Error, Equatable, CustomStringConvertible {
  /// The exit status it maps to.
  public let status: ExitStatus
  /// The message, without the leading `Error: `.
  public let message: String

  /// Creates an error.
  public init(_ status: ExitStatus, _ message: String) {
    self.status = status
    self.message = message
  }

  /// A usage error (exit 64): the usage line is printed after the message.
  public static func usage(_ message: String) -> CommandError { CommandError(.usage, message) }

  /// The message.
  public var description: String { message }
}
