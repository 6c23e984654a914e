import XCTest

@testable import Backprop

/// The three spellings of `MathText`'s building blocks, each compared with the formula as a
/// person would write it by hand.
final class MathTextTests: XCTestCase {
  private func assertSpelled(
    _ m: MathText, _ unicode: String, _ ascii: String, _ latex: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(m.unicode, unicode, file: file, line: line)
    XCTAssertEqual(m.ascii, ascii, file: file, line: line)
    XCTAssertEqual(m.latex, latex, file: file, line: line)
  }

  func testSymbolWithSuperscriptAndSubscripts() {
    assertSpelled(
      MathText.symbol("W", sup: "2", sub: ["1", "0"]), "W²[1,0]", "W^2[1,0]", "W^{2}_{1,0}")
    assertSpelled(MathText.symbol("w", sup: "l", sub: ["j", "k"]), "wˡⱼₖ", "w^l_jk", "w^{l}_{jk}")
    assertSpelled(MathText.symbol("W", sup: "l+1"), "Wˡ⁺¹", "W^(l+1)", "W^{l+1}")
  }

  func testDeltaAndLayer() {
    assertSpelled(MathText.delta("3"), "δ³", "delta^3", "\\delta^{3}")
    assertSpelled(MathText.layer("δ", 2), "δ²", "delta^2", "\\delta^{2}")
    assertSpelled(MathText.layer("a", 1), "a¹", "a^1", "a^{1}")
  }

  func testDerivativeShapeSumAndParentheses() {
    let z2 = MathText.layer("z", 2)
    assertSpelled(
      MathText.derivative(MathText("C"), z2), "∂C/∂z²", "dC/dz^2",
      "\\frac{\\partial C}{\\partial z^{2}}")
    assertSpelled(MathText.shape(2, 3), "2×3", "2x3", "2\\times 3")
    assertSpelled(MathText.sum("k"), "Σₖ ", "sum_k ", "\\sum_{k} ")
    assertSpelled(MathText.parens(MathText.plain("a")), "(a)", "(a)", "\\left(a\\right)")
  }

  func testConcatenationAndText() {
    let m = MathText.plain("a") + .minus + MathText.plain("y")
    assertSpelled(m, "a − y", "a - y", "a - y")
    XCTAssertEqual(m.text(.unicode), "a − y")
    XCTAssertEqual(m.text(.ascii), "a - y")
    assertSpelled(
      MathText.joined([.plain("a"), .plain("b"), .plain("c")], separator: .plus), "a + b + c",
      "a + b + c", "a + b + c")
  }
}
