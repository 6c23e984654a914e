import Backprop
import TestSupport
import XCTest

final class PlotAxisTests: XCTestCase {
  func testLogAxisWidensToWholeDecades() {
    let axis = PlotAxis(covering: [0.23, 4.5e-4], scale: .logarithmic)
    XCTAssertEqual(axis.lower, 1e-4, accuracy: 1e-19)
    XCTAssertEqual(axis.upper, 1, accuracy: 1e-15)
    XCTAssertEqual(axis.ticks.map(axis.label), ["1e-4", "1e-3", "1e-2", "1e-1", "1"])
    XCTAssertEqual(axis.fraction(1e-2), 0.5, accuracy: 1e-12)
  }

  func testLinearAxisHasRoundTicks() {
    let axis = PlotAxis(covering: [0, 20_000], scale: .linear)
    XCTAssertEqual(axis.ticks, [0, 5000, 10_000, 15_000, 20_000])
    XCTAssertEqual(axis.label(5000), "5000")
    let small = PlotAxis(covering: [-0.13, 1.13], scale: .linear)
    // A range of 1.26 over about 5 ticks: steps of 0.5 (the next of 1, 2, 5 after 0.252).
    XCTAssertEqual(small.ticks, [-0.5, 0, 0.5, 1, 1.5])
    XCTAssertEqual(small.ticks.map(small.label), ["-0.5", "0.0", "0.5", "1.0", "1.5"])
  }

  func testSvgNumbersAndEscaping() throws {
    var doc = SVGDocument(width: 640, height: 400)
    doc.text("a < b & \"c\"", x: 1.005, y: -2.5)
    let svg = SVGInspector(doc.xml)
    XCTAssertEqual(svg.texts, ["a < b & \"c\""])
    XCTAssertEqual(svg.all("text").first?["y"], "-2.5")
  }
}
