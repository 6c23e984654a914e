import Foundation

/// A fresh directory for one test's files, removed with `remove()` in `tearDown`.
final class TemporaryDirectory {
  /// The directory.
  let url: URL

  /// Creates `<tmp>/<prefix>-<uuid>`.
  init(_ prefix: String) throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// Writes `text` to the file `name` in the directory and returns its path.
  func write(_ text: String, _ name: String) throws -> String {
    let file = url.appendingPathComponent(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  /// Deletes the directory and everything in it.
  func remove() { try? FileManager.default.removeItem(at: url) }
}
