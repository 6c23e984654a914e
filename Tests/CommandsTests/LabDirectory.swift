import Foundation
import TestSupport

/// The working directory the labs' commands run in: a temporary directory laid out like
/// the repository root after `swift build`, as a student has it.
///
/// `Notebooks-text` links to the labs, and `.build/debug/backprop-example` (the path lab 09
/// tells students to build with `swift build --product backprop-example`) links to the
/// program built beside this test bundle, whatever the configuration (`debug`,
/// `release`) or `--build-path` the tests were built with. Files a lab writes into
/// `.build/` land in the temporary directory, not in the checkout.
final class LabDirectory {
  /// The program as lab 09 spells it.
  static let exampleProgram = ".build/debug/backprop-example"

  private let directory: TemporaryDirectory
  private let links: [URL]
  /// Whether `backprop-example` was built beside the tests and is linked in.
  let hasExampleProgram: Bool

  /// The directory.
  var url: URL { directory.url }

  /// Creates the directory with its links to `labs` and to the built example program.
  init(labs: URL) throws {
    let files = FileManager.default
    directory = try TemporaryDirectory("labs")
    let labsLink = directory.url.appendingPathComponent(labs.lastPathComponent)
    try files.createSymbolicLink(at: labsLink, withDestinationURL: labs)
    let program = directory.url.appendingPathComponent(Self.exampleProgram)
    try files.createDirectory(
      at: program.deletingLastPathComponent(), withIntermediateDirectories: true)
    var links = [labsLink]
    if let built = ExampleBinary.path {
      try files.createSymbolicLink(at: program, withDestinationURL: URL(fileURLWithPath: built))
      links.append(program)
    }
    self.links = links
    hasExampleProgram = ExampleBinary.path != nil
  }

  /// Removes the links (never what they point to), then the directory.
  func remove() {
    for link in links { unlink(link.path) }
    directory.remove()
  }
}
