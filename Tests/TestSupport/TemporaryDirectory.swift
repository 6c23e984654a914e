import Foundation

/// A fresh directory for one test's files, removed with everything in it when the last
/// reference to it goes away (or earlier with `remove()`).
///
/// Each test creates its own: `let directory = try TemporaryDirectory("gradcheck")`.
public final class TemporaryDirectory {
  /// The directory.
  public let url: URL

  /// Creates `<tmp>/<prefix>-<uuid>`.
  public init(_ prefix: String) throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { remove() }

  /// Writes `text` to the file `name` in the directory and returns its path.
  public func write(_ text: String, _ name: String) throws -> String {
    let file = url.appendingPathComponent(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  /// Deletes the directory and everything in it.
  public func remove() { try? FileManager.default.removeItem(at: url) }
}
