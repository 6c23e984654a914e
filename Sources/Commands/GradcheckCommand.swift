import Backprop
import CommandLineSupport

/// `gradcheck`: compares analytic gradients with finite differences.
public enum GradcheckCommand {
  /// The command's options and help.
  public static let spec = CommandSpec(
    name: "gradcheck", version: toolkitVersion,
    overview: "Compare backpropagated gradients with finite-difference estimates.",
    usage: ["--network <file> [--gradients <file>] [options]", "--layers <sizes> [options]"],
    options: [])

  /// Runs the command with `arguments` (without the program name).
  public static func main(_ arguments: [String], console: Console) -> ExitStatus {
    runCommand(spec, arguments: arguments, console: console) { _, console in
      console.write(spec.helpScreen())
      return .success
    }
  }
}
