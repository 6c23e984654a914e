import TextSupport
import XCTest

/// The one subscript table, against the Unicode code points written out here.
final class SubscriptTests: XCTestCase {
  func testDigitsAreTheUnicodeSubscriptDigits() {
    // ₀ … ₉ are U+2080 … U+2089.
    for n in 0...9 {
      XCTAssertEqual(
        Subscript.digits(n).unicodeScalars.map(\.value), [0x2080 + UInt32(n)], "subscript \(n)")
    }
  }

  func testNumbersLettersAndSigns() {
    XCTAssertEqual(Subscript.digits(12), "₁₂")
    XCTAssertEqual(Subscript.digits(-3), "₋₃")
    XCTAssertEqual(Subscript.text("jk"), "ⱼₖ")
    XCTAssertEqual(Subscript.text("m1"), "ₘ₁")
  }

  func testTextWithoutASubscriptIsNil() {
    XCTAssertNil(Subscript.text("l"))
    XCTAssertNil(Subscript.text("j-1"), "a hyphen has no subscript in the table")
  }
}
