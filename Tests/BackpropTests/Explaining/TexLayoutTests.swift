import XCTest

@testable import Backprop

/// `TexLayout`: the width estimate, line breaking to the page width and font sizes, checked
/// against widths and breaks worked out by hand from the documented glyph widths (digit 5pt,
/// letter 5.5pt, `+` with its spacing 12.2pt, `=` 13.4pt, scripts at 70%).
final class TexLayoutTests: XCTestCase {
  let layout = TexLayout(format: NumberFormat(digits: 3))

  // MARK: Width estimate

  func testWidthOfDigitsLettersAndOperators() {
    XCTAssertEqual(TexLayout.width("12"), 10, accuracy: 1e-12)
    XCTAssertEqual(TexLayout.width("a + b"), 5.5 + 12.2 + 5.5, accuracy: 1e-12)
    XCTAssertEqual(TexLayout.width("a = 1"), 5.5 + 13.4 + 5, accuracy: 1e-12)
    // A minus at the start is unary (7.8pt), between terms binary (12.2pt).
    XCTAssertEqual(TexLayout.width("-1"), 7.8 + 5, accuracy: 1e-12)
    XCTAssertEqual(TexLayout.width("x - 1"), 5.5 + 12.2 + 5, accuracy: 1e-12)
  }

  func testWidthOfScriptsFractionsAndText() {
    XCTAssertEqual(TexLayout.width("a^{2}"), 5.5 + 0.7 * 5, accuracy: 1e-12)
    XCTAssertEqual(TexLayout.width("W_{jk}"), 5.5 + 0.7 * 11, accuracy: 1e-12)
    // A fraction is as wide as its wider part, plus 2pt.
    XCTAssertEqual(TexLayout.width("\\frac{a}{bc}"), 11 + 2, accuracy: 1e-12)
    // Text is 5pt a character.
    XCTAssertEqual(TexLayout.width("\\text{path }"), 5 * 5, accuracy: 1e-12)
  }

  func testWidthOfAMatrixIsItsWidestColumnsWithSeparationAndBrackets() {
    // Columns: max(1, 333) = 15pt and max(22, 4) = 10pt; one 10pt separation; 14pt brackets.
    let m = "\\begin{bmatrix} 1 & 22 \\\\ 333 & 4 \\end{bmatrix}"
    XCTAssertEqual(TexLayout.width(m), 15 + 10 + 10 + 14, accuracy: 1e-12)
  }

  func testTableWidthAddsTheWidestCellOfEachColumn() {
    // Column 0: text, 5pt a character: max(10, 20). Column 1: math: max(5.5, 10). 12pt each.
    let rows = [["ab", "$x$"], ["abcd", "$12$"]]
    XCTAssertEqual(TexLayout.tableWidth(rows), 20 + 10 + 2 * 12, accuracy: 1e-12)
  }

  // MARK: Splitting sums

  func testSplitBreaksBeforeAPlusWhenTooWide() {
    // "1 + 2 + 3" is 39.4pt; at 25pt "1 + 2" (22.2pt) fits and "+ 3" starts the next piece.
    XCTAssertEqual(TexLayout.split("1 + 2 + 3", at: [" + "], width: 25), ["1 + 2", "+ 3"])
    XCTAssertEqual(TexLayout.split("1 + 2 + 3", at: [" + "], width: 50), ["1 + 2 + 3"])
  }

  func testSplitLeavesBracedGroupsWhole() {
    // The + inside the fraction is at brace depth 1; the fraction is 24.2pt wide.
    XCTAssertEqual(
      TexLayout.split("\\frac{1 + 2}{3} + 4", at: [" + "], width: 20),
      ["\\frac{1 + 2}{3}", "+ 4"])
  }

  func testSplitSumTurnsLeftRightIntoBigDelimiters() {
    let pieces = TexLayout.splitSum("\\left(1 + 2\\right) + 3", width: 20)
    XCTAssertGreaterThan(pieces.count, 1)
    XCTAssertFalse(pieces.joined().contains("\\left"))
    XCTAssertTrue(pieces.joined().contains("\\bigl("))
  }

  // MARK: Equations

  func testAlignedLinesJoinStepsAndComments() {
    let lines = [
      DerivationEquation(.plain("a"), [.plain("b"), .plain("c")], comment: .plain("d")),
      DerivationEquation(.plain("x"), [.plain("y")]),
    ]
    XCTAssertEqual(layout.alignedLines(lines), ["a &= b = c && d \\\\", "x &= y"])
  }

  func testAnEquationThatFitsStaysOnOneLine() {
    let lines = [DerivationEquation(.plain("x"), [.plain("1 + 1"), .plain("2")])]
    XCTAssertEqual(layout.pageAlignedLines(lines), ["x &= 1 + 1 = 2"])
  }

  func testALongSumBreaksAtThePageWidth() {
    // 30 ones: 30 · 5 + 29 · 12.2 = 503.8pt, over the 305pt page. Beside "x" (5.5pt) the
    // right side has 299.5pt, less two quads kept for comments (279.5pt), less the "="
    // (13.4pt): 266.1pt. k terms take 17.2k − 12.2pt, so 16 fit on the first line; the
    // other 14 (14 · 17.2 + a 10pt quad = 250.8pt) fit on the second.
    let sum = Array(repeating: "1", count: 30).joined(separator: " + ")
    let out = layout.pageAlignedLines([DerivationEquation(.plain("x"), [.plain(sum)])])
    XCTAssertEqual(out.count, 2, "\(out)")
    XCTAssertTrue(out[0].hasPrefix("x &= 1 + "), out[0])
    XCTAssertTrue(out[0].hasSuffix(" \\\\"), out[0])
    XCTAssertTrue(out[1].hasPrefix("&\\quad + 1"), out[1])
    XCTAssertEqual(out[0].filter { $0 == "1" }.count, 16)
    XCTAssertEqual(out[1].filter { $0 == "1" }.count, 14)
  }

  func testLongStepsGoOnLinesOfTheirOwn() {
    // Two steps of 16 ones each (16 · 5 + 15 · 12.2 = 263pt) do not fit one line together
    // but each fits the 266.1pt alone.
    let step = Array(repeating: "1", count: 16).joined(separator: " + ")
    let out = layout.pageAlignedLines([
      DerivationEquation(.plain("x"), [.plain(step), .plain(step)])
    ])
    XCTAssertEqual(out, ["x &= " + step + " \\\\", "&= " + step])
  }

  // MARK: Font size

  func testSizeCommandPicksTheLargestSizeThatFits() {
    XCTAssertNil(TexLayout.sizeCommand(width: 300))
    // 330 · 0.92 = 303.6 ≤ 305: \small, separations 0.9 · 5pt and 0.9 · 6pt.
    XCTAssertEqual(
      TexLayout.sizeCommand(width: 330),
      "\\small\\setlength{\\arraycolsep}{4.5pt}\\setlength{\\tabcolsep}{5.4pt}")
    // 500pt fits none (500 · 0.7 = 350): \tiny, separations 0.5 · 5pt and 0.5 · 6pt.
    XCTAssertEqual(
      TexLayout.sizeCommand(width: 500),
      "\\tiny\\setlength{\\arraycolsep}{2.5pt}\\setlength{\\tabcolsep}{3.0pt}")
  }

  func testAlignmentMarkSkipsMatrixColumns() {
    let line = "\\begin{bmatrix} 1 & 2 \\end{bmatrix} &= 3"
    let mark = TexLayout.alignmentMark(line)
    XCTAssertEqual(mark.map { line.distance(from: line.startIndex, to: $0) }, 36)
    XCTAssertNil(TexLayout.alignmentMark("a \\& b"))
  }

  // MARK: Matrices and escaping

  func testLargeMatricesAreSummarizedWithDots() {
    let m = Matrix(rows: 7, columns: 7, storage: (0..<49).map(Double.init))
    let s = layout.matrix(m, summarized: true)
    // Rows 0, 1, 2, dots, 6: five rows, four row breaks.
    XCTAssertEqual(s.components(separatedBy: " \\\\ ").count, 5)
    XCTAssertTrue(s.contains("\\vdots") && s.contains("\\ddots") && s.contains("\\cdots"))
    XCTAssertTrue(s.contains("_{7\\times 7,"), s)
    let small = layout.matrix(Matrix(rows: 2, columns: 1, storage: [1, 2]), summarized: true)
    XCTAssertEqual(small, "\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}")
  }

  func testEscaping() {
    XCTAssertEqual(TexLayout.escapeLatex("a_b & 50% ~x"), "a\\_b \\& 50\\% \\~{}x")
    XCTAssertEqual(TexLayout.escapeMarkdown("a|b*", inTable: true), "a\\|b\\*")
    XCTAssertEqual(TexLayout.escapeMarkdown("a|b", inTable: false), "a|b")
  }
}
