import Foundation
import XCTest

/// Where the built `backprop-example` is: next to the test bundle in `.build/<config>`.
enum ExampleBinary {
  /// The executable's path, or `nil` when it was not built.
  static let path: String? = {
    var directories: [URL] = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
      Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
    ]
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      directories.append(bundle.bundleURL.deletingLastPathComponent())
    }
    directories.append(
      URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
        ".build/debug"))
    for d in directories {
      let candidate = d.appendingPathComponent("backprop-example").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }()

  /// The path, failing the test when the program was not built.
  static func required(file: StaticString = #filePath, line: UInt = #line) throws -> String {
    try XCTUnwrap(path, "backprop-example was not built next to the tests", file: file, line: line)
  }
}
