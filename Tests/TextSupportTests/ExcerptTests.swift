import TextSupport
import XCTest

final class ExcerptTests: XCTestCase {
  func testShortNamesAreKeptAndControlCharactersEscaped() {
    XCTAssertEqual("relu".excerpt(), "relu")
    XCTAssertEqual("re\nlu\t\u{7}".excerpt(), "re\\nlu\\t\\u{7}")
    XCTAssertEqual("\u{FEFF}x".excerpt(), "\\u{feff}x")
  }

  func testLongNamesKeepTheirStartAndEnd() {
    let name = String(repeating: "a", count: 30) + String(repeating: "b", count: 30)
    let shown = name.excerpt(limit: 20)
    XCTAssertEqual(
      shown, String(repeating: "a", count: 10) + "…" + String(repeating: "b", count: 9))
    XCTAssertEqual(String(repeating: "x", count: 1_000_000).excerpt().count, 40)
    XCTAssertEqual(String(repeating: "\n", count: 100).excerpt(limit: 10), "\\n\\n…\\n\\n")
  }
}
