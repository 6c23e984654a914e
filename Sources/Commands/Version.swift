/// The toolkit's version, printed by every command's `--version`.
public let toolkitVersion = "0.1.0"
