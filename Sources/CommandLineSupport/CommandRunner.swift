import TextSupport

/// Runs a command: handles `--help` and `--version`, maps errors to exit statuses and
/// messages, and leaves the real work to `body`.
///
/// Errors go to stderr as `Error: …`, wrapped to 80 columns with continuation lines
/// indented by two spaces; a usage error adds the usage line and a pointer to
/// `--help`. Returns the exit status, which `main.swift` passes to `exit`.
public func runCommand(
  _ spec: CommandSpec, arguments: [String], console: Console,
  _ body: (ParsedArguments, Console) throws -> ExitStatus
) -> ExitStatus {
  do {
    let parsed = try ParsedArguments(arguments, spec: spec)
    if parsed.flag("help") {
      console.write(spec.helpScreen())
      return .success
    }
    if parsed.flag("version") {
      console.print("\(spec.name) \(spec.version)")
      return .success
    }
    return try body(parsed, console)
  } catch let error as CommandError {
    console.writeError(errorText(error.message))
    if error.status == .usage {
      console.writeError(spec.usageText + "\n")
      console.writeError("  See '\(spec.name) --help' for more information.\n")
    }
    return error.status
  } catch {
    console.writeError(errorText("\(error)"))
    return .dataError
  }
}

/// `Error: ` and `message`, wrapped at spaces so that every line fits 80 columns (a word
/// longer than a line keeps a line of its own); continuation lines are indented by two
/// spaces, and a line break in `message` starts a new indented line.
func errorText(_ message: String, width: Int = 80) -> String {
  let prefix = "Error: "
  var lines: [String] = []
  for paragraph in message.split(separator: "\n", omittingEmptySubsequences: false) {
    let first = lines.isEmpty ? prefix : "  "
    lines += WordWrap.lines(String(paragraph), width: width, prefix: first, indent: 2)
  }
  return (lines.isEmpty ? prefix : "") + lines.joined(separator: "\n") + "\n"
}
