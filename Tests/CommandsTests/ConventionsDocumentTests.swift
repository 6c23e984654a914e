import Foundation
import XCTest

/// The notation of `Docs/`: the gradient of the mean cost is written ∂C̄/∂θ, never with the
/// one-sample symbol ∂C/∂θ, as the derivation and `Docs/Conventions.md` write it.
final class ConventionsDocumentTests: XCTestCase {
  static let docs = NotebookTests.root.appendingPathComponent("Docs")

  /// The sentences of `text` (a paragraph's lines joined), split after `.` + space.
  static func sentences(_ text: String) -> [String] {
    text.components(separatedBy: "\n\n").flatMap { paragraph in
      paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: " ").components(separatedBy: ". ")
    }
  }

  func testTheMeanCostsGradientIsWrittenWithTheBar() throws {
    // ∂C/∂W and ∂C/∂b (and ∂C/∂θ) called "the means" or "of the mean cost".
    let oneSampleSymbolForAMean = try NSRegularExpression(
      pattern: "∂C/∂[^ ]*( and `?∂C/∂[^ ]*)? +(are the means|of the \\**mean\\**)")
    let files = try FileManager.default.contentsOfDirectory(
      at: Self.docs, includingPropertiesForKeys: nil
    ).filter { $0.pathExtension == "md" }
    XCTAssertFalse(files.isEmpty, "no documents in \(Self.docs.path)")
    for file in files {
      let text = try String(contentsOf: file, encoding: .utf8)
      for sentence in Self.sentences(text) {
        let range = NSRange(sentence.startIndex..., in: sentence)
        XCTAssertNil(
          oneSampleSymbolForAMean.firstMatch(in: sentence, range: range),
          "\(file.lastPathComponent): \(sentence)")
      }
    }
    let conventions = try String(
      contentsOf: Self.docs.appendingPathComponent("Conventions.md"), encoding: .utf8)
    XCTAssertTrue(conventions.contains("| `C̄` | scalar | the mean cost"), "no C̄ in the table")
    XCTAssertTrue(conventions.contains("`C̄ = (1/m) Σ_s C_s`"), "the mean cost is not C̄")
  }
}
