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
}
