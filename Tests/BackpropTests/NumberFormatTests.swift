import Backprop
import XCTest

/// The family of number formats, each on values whose printed form is worked out by hand.
final class NumberFormatTests: XCTestCase {
  func testSignificantIsPercentG() {
    let format = NumberFormat()
    XCTAssertEqual(format.digits, 6)
    XCTAssertEqual(format.string(0.593269992), "0.59327")
    XCTAssertEqual(format.string(3), "3")
    XCTAssertEqual(format.string(-1.2e-5), "-1.2e-05")
    XCTAssertEqual(format.string(-0.0), "0")
    XCTAssertEqual(format.string(.infinity), "inf")
    XCTAssertEqual(NumberFormat(digits: 2).string(0.593269992), "0.59")
  }

  func testDigitsAreClamped() {
    XCTAssertEqual(NumberFormat(digits: 0).digits, 1)
    XCTAssertEqual(NumberFormat(digits: 40).digits, 17)
    XCTAssertEqual(NumberFormat(digits: 17).string(0.1), "0.10000000000000001")
  }

  func testScientificAlwaysHasAShortExponent() {
    XCTAssertEqual(NumberFormat.scientific(-0.00123456), "-1.23e-3")
    XCTAssertEqual(NumberFormat.scientific(1e-5, digits: 2), "1e-5")
    XCTAssertEqual(NumberFormat.scientific(450), "4.5e+2")
    XCTAssertEqual(NumberFormat.scientific(2.5), "2.5", "a zero exponent is dropped")
    XCTAssertEqual(NumberFormat.scientific(0), "0")
    XCTAssertEqual(NumberFormat.scientific(-.infinity), "-inf")
    XCTAssertEqual(NumberFormat.scientific(.nan), "nan")
  }

  func testScientificWithinAWidthDropsDigits() {
    XCTAssertEqual(NumberFormat.scientific(1.7e308, digits: 2), "1.7e+308")
    XCTAssertEqual(NumberFormat.scientific(1.7e308, digits: 2, within: 7), "2e+308")
    XCTAssertEqual(NumberFormat.scientific(1.25e-3, digits: 3, within: 8), "1.25e-3")
  }

  func testBriefHasTwoSignificantDigits() {
    XCTAssertEqual(NumberFormat.brief(3.14159e-10), "3.1e-10")
    XCTAssertEqual(NumberFormat.brief(0.001), "0.001")
    XCTAssertEqual(NumberFormat.brief(0), "0")
  }

  func testFactorIsAnIntegerOrFourDigits() {
    XCTAssertEqual(NumberFormat.factor(2), "2")
    XCTAssertEqual(NumberFormat.factor(2.00001), "2")
    XCTAssertEqual(NumberFormat.factor(0.5), "0.5")
    XCTAssertEqual(NumberFormat.factor(1.0 / 3), "0.3333")
    XCTAssertEqual(NumberFormat.factor(-4), "-4")
  }

  func testLatexRewritesTheExponent() {
    XCTAssertEqual(NumberFormat.latex("1.5e-05"), "1.5\\times 10^{-5}")
    XCTAssertEqual(NumberFormat.latex("2e+10"), "2\\times 10^{10}")
    XCTAssertEqual(NumberFormat.latex("0.25"), "0.25")
    XCTAssertEqual(NumberFormat.latex("-inf"), "-inf")
    XCTAssertEqual(NumberFormat().latex(1.5e-5), "1.5\\times 10^{-5}")
  }

  /// Counts below 1000 print whole; larger ones in thousands, rounded to the nearest.
  func testCountIsWholeOrInThousands() {
    XCTAssertEqual(NumberFormat.count(0), "0")
    XCTAssertEqual(NumberFormat.count(999), "999")
    XCTAssertEqual(NumberFormat.count(1000), "1k")
    XCTAssertEqual(NumberFormat.count(100_000), "100k")
    XCTAssertEqual(NumberFormat.count(2_600), "3k")
  }

  /// The scientific form drops trailing zeros; factors print as integers when they are.
  func testScientificAndFactorSpellings() {
    XCTAssertEqual(NumberFormat.scientific(-0.00123456), "-1.23e-3")
    XCTAssertEqual(NumberFormat.scientific(1e-5, digits: 2), "1e-5")
    XCTAssertEqual(NumberFormat.scientific(0), "0")
    XCTAssertEqual(NumberFormat.scientific(2.5), "2.5")
    XCTAssertEqual(NumberFormat.scientific(450), "4.5e+2")
    XCTAssertEqual(NumberFormat.factor(2), "2")
    XCTAssertEqual(NumberFormat.factor(0.5), "0.5")
  }
}
