import CommandLineSupport
import Commands

/// One of the toolkit's commands, by its program name, run in-process by `runTool`.
public enum Tool: String, Sendable {
  /// `gradcheck`.
  case gradcheck
  /// `nn-explain`.
  case explain = "nn-explain"
  /// `nn-train`.
  case train = "nn-train"
}

/// What a command run in-process returned and printed.
public struct ToolRun: Sendable {
  /// The exit status.
  public var status: ExitStatus
  /// Everything written to standard output.
  public var output: String
  /// Everything written to standard error.
  public var error: String
}

/// Runs `tool` in-process with `arguments` on a capturing console (a terminal when
/// `terminal` is true, which allows colour) and returns what it did.
public func runTool(_ tool: Tool, _ arguments: [String], terminal: Bool = false) -> ToolRun {
  let capture = CapturingConsole(terminal: terminal)
  let status: ExitStatus
  switch tool {
  case .gradcheck: status = GradcheckCommand.main(arguments, console: capture.console)
  case .explain: status = ExplainCommand.main(arguments, console: capture.console)
  case .train: status = TrainCommand.main(arguments, console: capture.console)
  }
  return ToolRun(status: status, output: capture.output, error: capture.error)
}
