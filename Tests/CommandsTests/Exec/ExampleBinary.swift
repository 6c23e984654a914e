import Foundation
import XCTest

/// Where the built `backprop-example` is: next to the test bundle, in the product directory
/// of the configuration the tests were built with (`.build/<triple>/debug`, `release`, or
/// a `--build-path` of one's own), never a guessed `.build/debug`.
enum ExampleBinary {
  /// The directories the test bundle may sit in: the xctest executable's (Linux) and the
  /// `.xctest` bundle's parent (macOS).
  static let productDirectories: [URL] = {
    var directories: [URL] = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
      Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
    ]
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      directories.append(bundle.bundleURL.deletingLastPathComponent())
    }
    return directories
  }()

  /// The executable's path, or `nil` when it was not built.
  static let path: String? = {
    for d in productDirectories {
      let candidate = d.appendingPathComponent("backprop-example").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }()

  /// Why `path` is `nil`: where it was looked for, and how to build it.
  static var missingMessage: String {
    "backprop-example was not built next to the test bundle (looked in "
      + Set(productDirectories.map(\.path)).sorted().joined(separator: ", ")
      + "); `swift build --build-tests` builds it with the tests"
  }

  /// The path, failing the test when the program was not built.
  static func required(file: StaticString = #filePath, line: UInt = #line) throws -> String {
    try XCTUnwrap(path, missingMessage, file: file, line: line)
  }
}
