import XCTest

@testable import Backprop

/// Unicode and ASCII spellings of `Notation`, compared with hand-written forms.
final class NotationTests: XCTestCase {
  func testSuperscripts() {
    XCTAssertEqual(Notation.unicode.superscript("a", 3), "a³")
    XCTAssertEqual(Notation.ascii.superscript("a", 3), "a^3")
    XCTAssertEqual(Notation.unicode.superscript("W", 12), "W¹²")
    XCTAssertEqual(Notation.superscriptDigits(-4), "⁻⁴")
    XCTAssertEqual(Notation.subscriptDigits(12), "₁₂")
  }

  func testSymbols() {
    let u = Notation.unicode
    let a = Notation.ascii
    XCTAssertEqual(
      [u.partial, u.times, u.delta, u.sum, u.hadamard, u.transpose, u.dot, u.prime],
      ["∂", "×", "δ", "Σ", "⊙", "ᵀ", "·", "′"])
    XCTAssertEqual(
      [a.partial, a.times, a.delta, a.sum, a.hadamard, a.transpose, a.dot, a.prime],
      ["d", "x", "delta", "sum", "(.)", "^T", "*", "'"])
    XCTAssertEqual(u.shape(2, 3), "2×3")
    XCTAssertEqual(a.shape(2, 3), "2x3")
  }
}
