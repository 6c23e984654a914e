import Foundation

/// Checks, before any work starts, that a command can write the file an output option
/// names (`--save`, `--plot`, `--save-counterexample`, …), so that a long run never ends in
/// "cannot write".
///
/// A path can be written when it is not a directory, its parent directory exists and is a
/// directory, and either the file exists and is writable or the directory is writable (the
/// file will be created). `-` means standard output and is always accepted. Nothing is
/// created or truncated by the check.
public enum OutputPath {
  /// Why a path cannot be written.
  public enum Problem: Equatable, Sendable {
    /// The path is empty.
    case empty
    /// The path names a directory.
    case isDirectory
    /// The parent directory does not exist.
    case missingDirectory(String)
    /// The parent exists but is not a directory.
    case parentNotDirectory(String)
    /// The file exists and is not writable, or the directory does not allow creating it.
    case notWritable

    /// The reason in words, such as `no such folder out`.
    public var reason: String {
      switch self {
      case .empty: return "the path is empty"
      case .isDirectory: return "it is a directory"
      case .missingDirectory(let d): return "no such folder \(d)"
      case .parentNotDirectory(let d): return "\(d) is not a directory"
      case .notWritable: return "permission denied"
      }
    }
  }

  /// The problem that keeps `path` from being written, or `nil` when it can be.
  public static func problem(_ path: String) -> Problem? {
    guard !path.isEmpty else { return .empty }
    if path == "-" { return nil }
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
      if isDirectory.boolValue { return .isDirectory }
      return manager.isWritableFile(atPath: path) ? nil : .notWritable
    }
    if path.hasSuffix("/") { return .missingDirectory(path) }
    let parent = (path as NSString).deletingLastPathComponent
    let directory = parent.isEmpty ? "." : parent
    guard manager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
      return .missingDirectory(directory)
    }
    guard isDirectory.boolValue else { return .parentNotDirectory(directory) }
    return manager.isWritableFile(atPath: directory) ? nil : .notWritable
  }

  /// Checks the value of the output option `option` (without dashes), when given.
  /// - Throws: `CommandError` with exit status 66 (cannot open) naming the option and path:
  ///   `--save out/net.json: cannot write: no such folder out`.
  public static func check(_ arguments: ParsedArguments, option: String) throws(CommandError) {
    guard let path = arguments.value(option) else { return }
    if let problem = problem(path) {
      throw CommandError(.cannotOpen, "--\(option) \(path): cannot write: \(problem.reason)")
    }
  }
}
