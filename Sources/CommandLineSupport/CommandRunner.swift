/// Runs a command: handles `--help` and `--version`, maps errors to exit statuses and
/// messages, and leaves the real work to `body`.
///
/// Errors go to stderr as `Error: …`; a usage error adds the usage line and a pointer to
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
    console.writeError("Error: \(error.message)\n")
    if error.status == .usage {
      console.writeError(spec.usageText + "\n")
      console.writeError("  See '\(spec.name) --help' for more information.\n")
    }
    return error.status
  } catch {
    console.writeError("Error: \(error)\n")
    return .dataError
  }
}
