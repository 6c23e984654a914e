import TextSupport
import XCTest

/// The one superscript table, against the Unicode code points written out here.
final class SuperscriptTests: XCTestCase {
  func testDigitsAreTheUnicodeSuperscriptDigits() {
    // ¹ ² ³ sit in Latin-1 (U+00B9, U+00B2, U+00B3); ⁰ and ⁴…⁹ at U+2070, U+2074…U+2079.
    let expected: [UInt32] = [
      0x2070, 0xB9, 0xB2, 0xB3, 0x2074, 0x2075, 0x2076, 0x2077, 0x2078, 0x2079,
    ]
    for (n, code) in expected.enumerated() {
      XCTAssertEqual(
        Superscript.digits(n).unicodeScalars.map(\.value), [code], "superscript \(n)")
    }
  }

  func testNumbersAndSigns() {
    XCTAssertEqual(Superscript.digits(12), "¹²")
    XCTAssertEqual(Superscript.digits(-3), "⁻³")
    XCTAssertEqual(Superscript.digits(Int.min).count, 20, "minus and 19 digits, no overflow")
    XCTAssertEqual(Superscript.text("l+1"), "ˡ⁺¹")
    XCTAssertEqual(Superscript.text("L−1"), "ᴸ⁻¹")
    XCTAssertEqual(Superscript.text("(2)"), "⁽²⁾")
  }

  func testTextWithoutASuperscriptIsNil() {
    XCTAssertNil(Superscript.text("x"))
    XCTAssertNil(Superscript.text("l+k"))
    XCTAssertEqual(Superscript.text(""), "")
  }

  func testDigitReadsBackOnlyDigits() {
    for n in 0...9 {
      let s = Superscript.digits(n)
      XCTAssertEqual(Superscript.digit(for: s[s.startIndex]), Character(String(n)))
    }
    XCTAssertNil(Superscript.digit(for: "⁺"))
    XCTAssertNil(Superscript.digit(for: "ˡ"))
    XCTAssertNil(Superscript.digit(for: "2"))
  }
}
