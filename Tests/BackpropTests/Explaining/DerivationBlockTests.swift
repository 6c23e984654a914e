import XCTest

@testable import Backprop

/// `DerivationBlock+Markdown` and `+Latex`, the one renderer of each format that the dense
/// derivation and the layered explanation share: small blocks against Markdown and LaTeX
/// written out by hand, in the style of each where the two differ.
final class DerivationBlockTests: XCTestCase {
  let tex = TexLayout(format: NumberFormat(digits: 3))

  func testMarkdownEscapesProseAndBarsInTableCells() {
    let table = DerivationBlock.table(
      DerivationTable(
        header: [[.text("a_b")], [.math(MathText("|x|", latex: "|x|"))]],
        rows: [[[.text("p|q")], [.text("1")]]], numeric: [false, true]))
    let expected = ["| a\\_b | $\\vert x\\vert $ |", "| --- | ---: |", "| p\\|q | 1 |"]
    XCTAssertEqual(table.markdown(tex, style: .derivation), expected)
    XCTAssertEqual(table.markdown(tex, style: .layered), expected)
  }

  func testTheLayeredStyleLeavesOutAnEmptyFormula() {
    let empty = MathText("", latex: "")
    let note = DerivationBlock.note([.text("x"), .math(empty), .text(" y")])
    XCTAssertEqual(note.markdown(tex, style: .layered), ["> **Note.** x y"])
    XCTAssertEqual(note.latex(tex, style: .layered), ["\\noindent\\textbf{Note.} x y"])
  }

  func testTheLayeredStyleSpellsLatexProseInASCII() {
    let heading = DerivationBlock.subheading("δ¹ of x_1")
    // Spelled first (`δ¹` is `delta^1`), then escaped (`^` is `\^{}`, `_` is `\_`).
    XCTAssertEqual(
      heading.latex(tex, style: .layered), ["\\subsubsection*{delta\\^{}1 of x\\_1}"])
    let paragraph = DerivationBlock.paragraph([.text("Σ ok "), .math(MathText("a", latex: "a"))])
    XCTAssertEqual(paragraph.latex(tex, style: .layered), ["\\noindent sum ok $a$"])
    XCTAssertEqual(paragraph.latex(tex, style: .derivation), ["\\noindent Σ ok $a$"])
  }

  /// A `tabular` cannot cross a page, so both styles split a long table under a repeated
  /// header.
  func testALongLatexTableIsSplitInBothStyles() {
    let count = TexLayout.rowsPerTable + 1
    let table = DerivationBlock.table(
      DerivationTable(
        header: [[.text("k")]], rows: (0..<count).map { [[.text("\($0)")]] }, numeric: [true]))
    func tabular(_ rows: Range<Int>) -> [String] {
      ["\\begin{center}", "\\begin{tabular}{r}", "\\hline", "k \\\\", "\\hline"]
        + rows.map { "\($0) \\\\" } + ["\\hline", "\\end{tabular}", "\\end{center}"]
    }
    let split = TexLayout.rowsPerTable
    for style in [DerivationBlockStyle.derivation, .layered] {
      XCTAssertEqual(
        table.latex(tex, style: style), tabular(0..<split) + [""] + tabular(split..<count))
    }
  }
}
