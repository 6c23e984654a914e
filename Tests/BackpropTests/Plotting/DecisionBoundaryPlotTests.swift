import Backprop
import TestSupport
import XCTest

final class DecisionBoundaryPlotTests: XCTestCase {
  func testRegionsFollowTheNetworkAndSamplesAreDrawnOnTop() throws {
    // One sigmoid unit, σ(10 x₁ − 5): class 1 right of x₁ = 0.5, class 0 left of it.
    let network = try Network(
      sizes: [2, 1], activations: [.sigmoid], cost: .quadratic,
      weights: [Matrix(rows: 1, columns: 2, storage: [10, 0])], biases: [[-5]])
    let samples = DataSet.xor.samples(seed: 0)
    let svg = SVGInspector(
      DecisionBoundaryPlot.svg(
        network, samples: samples, labels: PlotLabels(title: "t", x: "x", y: "y")))
    XCTAssertEqual(svg.all("circle", className: "sample").count, 4)
    // Every row is two runs: one rectangle per class per row, left of and right of 0.5.
    let regions = svg.all("rect").filter { $0["fill"] != "#fff" && $0["fill"] != "none" }
    XCTAssertEqual(Set(regions.compactMap { $0["fill"] }).count, 2)
    XCTAssertEqual(regions.count % 2, 0)
    let boundaries = Set(
      regions.filter { $0["x"] != "72" }.compactMap { $0["x"].flatMap(Double.init) })
    XCTAssertEqual(boundaries.count, 1)
    // The axis spans −0.1 … 1.1 over the plot area 72 … 616, so x₁ = 0.5 is at 344.
    XCTAssertEqual(try XCTUnwrap(boundaries.first), 344, accuracy: 544 / 96 + 0.01)
  }

  func testMultiLabelTargetsAreColouredByTheirThresholdedPatternWithALegend() throws {
    // Output 1 is σ(10 x₁ − 5) (≥ 0.5 right of x₁ = 0.5); output 2 is σ(−2) ≈ 0.12 everywhere.
    // Read as patterns: left "00" (class 0), right "10" (class 2). By the largest output the
    // left would be class 1 (0.12 > σ(−5)) and the right class 0.
    let network = try Network(
      sizes: [2, 2], activations: [.sigmoid], cost: .quadratic,
      weights: [Matrix(rows: 2, columns: 2, storage: [10, 0, 0, 0])], biases: [[-5, -2]])
    let samples = DataSet.halfAdder.samples(seed: 0)
    let svg = SVGInspector(
      DecisionBoundaryPlot.svg(
        network, samples: samples,
        labels: PlotLabels(title: "t", x: "x", y: "y", series: ["p00", "p01", "p10", "p11"])))
    let regions = svg.all("rect").filter { $0["fill"] != "#fff" && $0["fill"] != "none" }
    let left = regions.filter { $0["x"] == "72" }.compactMap { $0["fill"] }
    let right = regions.filter { $0["x"] != "72" }.compactMap { $0["fill"] }
    // The palette's light colours 0 and 2 (PlotPalette, Okabe–Ito).
    XCTAssertEqual(Set(left), ["#CFE3F1"])
    XCTAssertEqual(Set(right), ["#C6EBDF"])
    // Classes drawn: regions 0 and 2; sample targets 00, 10, 10, 01 are classes 0, 2, 2, 1.
    XCTAssertTrue(svg.texts.contains("p00"))
    XCTAssertTrue(svg.texts.contains("p01"))
    XCTAssertTrue(svg.texts.contains("p10"))
    XCTAssertFalse(svg.texts.contains("p11"))
  }
}
