import TextSupport
import XCTest

/// The one word wrapper, on hand-made cases whose expected lines are written out here.
final class WordWrapTests: XCTestCase {
  func testBreaksGreedilyAtSpacesWithinTheWidth() {
    XCTAssertEqual(
      WordWrap.lines("aaa bbb ccc ddd", width: 7), ["aaa bbb", "ccc ddd"])
    XCTAssertEqual(WordWrap.lines("aaa bbb ccc", width: 8), ["aaa bbb", "ccc"])
    // Exactly the width fits; one more column does not.
    XCTAssertEqual(WordWrap.lines("ab cd", width: 5), ["ab cd"])
    XCTAssertEqual(WordWrap.lines("ab cd", width: 4), ["ab", "cd"])
  }

  func testEveryLineFitsUnlessAWordIsLongerThanALine() {
    let text = "the quick brown fox jumps over the lazy dog and keeps running far away"
    for width in 10...30 {
      let lines = WordWrap.lines(text, width: width, prefix: "> ", indent: 3)
      XCTAssertTrue(lines.allSatisfy { $0.count <= width }, "\(width): \(lines)")
      XCTAssertEqual(
        lines.joined(separator: " ").split(separator: " ").joined(separator: " "),
        "> " + text, "\(width): no word lost or reordered")
    }
  }

  func testALongWordKeepsALineOfItsOwnAndIsNeverCut() {
    XCTAssertEqual(
      WordWrap.lines("a abcdefghij b", width: 5), ["a", "abcdefghij", "b"])
    XCTAssertEqual(WordWrap.lines("abcdefghij", width: 3), ["abcdefghij"])
  }

  func testPrefixStartsTheFirstLineAndIndentTheOthers() {
    XCTAssertEqual(
      WordWrap.lines("one two three four", width: 14, prefix: "Error: ", indent: 2),
      ["Error: one two", "  three four"])
    XCTAssertEqual(
      WordWrap.lines("one two three", width: 9, prefix: "  ", indent: 2),
      ["  one two", "  three"])
  }

  func testRunsOfSpacesCollapseUnlessKept() {
    XCTAssertEqual(WordWrap.lines("  a   b ", width: 80), ["a b"])
    XCTAssertEqual(WordWrap.lines("  a   b", width: 80, keepingSpaces: true), ["  a   b"])
    // Kept leading spaces belong to the first line only; the others take the indent.
    XCTAssertEqual(
      WordWrap.lines("  x = aaa bbb", width: 10, indent: 6, keepingSpaces: true),
      ["  x = aaa", "      bbb"])
  }

  func testAKeptRunOfSpacesAtABreakLeavesNoBlankLine() {
    XCTAssertEqual(WordWrap.lines("aa  bb", width: 3, keepingSpaces: true), ["aa ", "bb"])
    XCTAssertEqual(WordWrap.lines("aa  bb", width: 2, keepingSpaces: true), ["aa", "bb"])
  }

  func testALineNoWiderThanTheIndentIsNotBroken() {
    // "Note:" (5 columns) is no wider than the indent 6: a new line would not give the
    // long word more room, so it stays beside it.
    XCTAssertEqual(
      WordWrap.lines("Note: abcdefghijkl", width: 10, indent: 6, keepingSpaces: true),
      ["Note: abcdefghijkl"])
  }

  func testEmptyTextGivesNoLine() {
    XCTAssertEqual(WordWrap.lines("", width: 10), [])
    XCTAssertEqual(WordWrap.lines("   ", width: 10), [])
    XCTAssertEqual(WordWrap.lines("", width: 10, keepingSpaces: true), [])
  }

  func testColourCodesTakeNoRoom() {
    let red = "\u{1B}[31mFAILED\u{1B}[0m"
    XCTAssertEqual(red.displayWidth, 6)
    // Plain, "FAILED: two words" is 17 columns and fits 17.
    XCTAssertEqual(WordWrap.lines(red + ": two words", width: 17), [red + ": two words"])
    XCTAssertEqual(WordWrap.lines(red + ": two words", width: 16), [red + ": two", "words"])
  }

  func testWidthCountsCharactersNotBytes() {
    XCTAssertEqual("δ²ᵀ".displayWidth, 3)
    XCTAssertEqual(WordWrap.lines("δ² δ³ δ⁴", width: 5), ["δ² δ³", "δ⁴"])
  }
}
