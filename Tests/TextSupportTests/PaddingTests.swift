import TextSupport
import XCTest

/// Padding to a width, never truncating.
final class PaddingTests: XCTestCase {
  func testPaddingAddsSpacesOnOneSide() {
    XCTAssertEqual("ab".padded(to: 5), "ab   ")
    XCTAssertEqual("ab".leftPadded(to: 5), "   ab")
    XCTAssertEqual("W²".padded(to: 4), "W²  ", "counted in characters")
  }

  func testPaddingNeverTruncates() {
    XCTAssertEqual("abcdef".padded(to: 3), "abcdef")
    XCTAssertEqual("abcdef".leftPadded(to: 0), "abcdef")
  }
}
