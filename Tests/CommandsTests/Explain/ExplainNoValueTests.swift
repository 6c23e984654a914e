import XCTest

/// `nn-explain` where the numbers say less than they seem to: a mistaken formula with no
/// value for an entry, a network whose every gradient is exactly zero, a classic weight name.
final class ExplainNoValueTests: ExplainCommandTestCase {
  /// previous-activation on a 2-3-2 network reads a¹[2] for W¹[·,2]… past aˡ's end for the
  /// entries k ≥ nˡ: a dash and a note, never `nan`, and the diagnosis cites a real entry.
  func testPreviousActivationShowsADashWhereTheFormulaHasNoValue() {
    let r = run(["--layers", "2,3,2", "--mistake", "previous-activation"])
    XCTAssertEqual(r.status, 1, r.err)
    XCTAssertFalse(r.out.contains("nan"), r.out)
    let words = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    XCTAssertTrue(words.contains("the mistaken formula has no value there"), r.out)
    let diagnosis = r.out.components(separatedBy: "gradcheck's diagnosis:").last ?? ""
    XCTAssertFalse(diagnosis.contains("nan"), diagnosis)
    let ascii = run(["--layers", "2,3,2", "--mistake", "previous-activation", "--ascii"])
    XCTAssertFalse(ascii.out.contains("nan"), ascii.out)
  }

  /// A dead relu network (seed 0): every gradient 0 on both sides, so the passing check
  /// must say it proves nothing; a live network never says so.
  func testDeadNetworkSaysTheCheckProvesNothing() {
    let dead = run(["--layers", "2,2,2", "--activation", "relu"])
    XCTAssertEqual(dead.status, 0, dead.err)
    let words = dead.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    XCTAssertTrue(words.contains("Every gradient checked is exactly 0"), dead.out)
    XCTAssertTrue(words.contains("it proves nothing"), dead.out)
    XCTAssertTrue(words.contains("See the notes on dead relus above"), dead.out)
    let live = run(["--layers", "2,2,2"])
    XCTAssertFalse(live.out.contains("Every gradient checked is exactly 0"), live.out)
  }

  /// `--param w5` on a 2-2-2 network: the title in the output's notation, and w5 is W²[0,0]
  /// (row 0, column 0 of the second layer, as in the classic example's table).
  func testClassicNameIsSpelledInTheHeadingAndTheText() {
    let r = run(["--layers", "2,2,2", "--param", "w5"])
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssertTrue(r.out.hasPrefix("Backpropagation through a 2,2,2 network, parameter W²[0,0]\n"))
    let words = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    XCTAssertTrue(
      words.contains("w5, the classic worked example's name for this weight, is W²[0,0]"), r.out)
    let ascii = run(["--layers", "2,2,2", "--param", "w5", "--ascii"])
    let asciiWords = ascii.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    XCTAssertTrue(asciiWords.contains("name for this weight, is W^2[0,0]"), ascii.out)
  }
}
