import Backprop
import TestSupport
import XCTest

final class CostCurvePlotTests: XCTestCase {
  private let labels = PlotLabels(
    title: "Cost <&>", x: "epoch", y: "cost", series: ["training", "validation"])

  func testOnePointPerRecordOnALogScale() throws {
    let history = [
      TrainingRecord(epoch: 0, cost: 1, validationCost: 2, validationWrong: 3),
      TrainingRecord(epoch: 10, cost: 0.1, validationCost: 0.2, validationWrong: 1),
      TrainingRecord(epoch: 20, cost: 0.01, validationCost: 0.05, validationWrong: 0),
    ]
    let svg = SVGInspector(CostCurvePlot.svg(history, labels: labels))
    let root = try XCTUnwrap(svg.all("svg").first)
    XCTAssertEqual(root["width"], "640")
    let training = SVGInspector.points(
      try XCTUnwrap(svg.all("polyline", className: "training").first))
    let validation = SVGInspector.points(
      try XCTUnwrap(svg.all("polyline", className: "validation").first))
    XCTAssertEqual(training.count, 3)
    XCTAssertEqual(validation.count, 3)
    // Equal cost ratios are equal heights on a log axis: 1 → 0.1 → 0.01.
    XCTAssertEqual(training[0].1 - training[1].1, training[1].1 - training[2].1, accuracy: 0.02)
    // Equal epoch steps are equal widths.
    XCTAssertEqual(training[1].0 - training[0].0, training[2].0 - training[1].0, accuracy: 0.02)
    // Higher cost is drawn higher up (smaller y).
    XCTAssertLessThan(validation[2].1, training[2].1)
    XCTAssertTrue(svg.texts.contains("Cost <&>"))
    XCTAssertTrue(svg.texts.contains("1e-2"))
    XCTAssertTrue(svg.texts.contains("epoch"))
  }

  func testNonPositiveAndNonFiniteCostsAreLeftOut() {
    let history = [
      TrainingRecord(epoch: 0, cost: 1), TrainingRecord(epoch: 1, cost: .nan),
      TrainingRecord(epoch: 2, cost: 0), TrainingRecord(epoch: 3, cost: 0.5),
    ]
    let svg = SVGInspector(CostCurvePlot.svg(history, labels: labels))
    XCTAssertEqual(SVGInspector.points(svg.all("polyline", className: "training")[0]).count, 2)
    XCTAssertTrue(svg.all("polyline", className: "validation").isEmpty)
  }

  func testEveryEpochsCostIsAPointAndLongRunsAreThinnedKeepingTheRecords() {
    let history = [TrainingRecord(epoch: 0, cost: 1), TrainingRecord(epoch: 4, cost: 0.2)]
    let costs = [1, 0.8, 0.5, 0.3, 0.2]
    var svg = SVGInspector(CostCurvePlot.svg(history, costs: costs, labels: labels))
    XCTAssertEqual(SVGInspector.points(svg.all("polyline", className: "training")[0]).count, 5)
    let long = (0...9_001).map { 1 / Double($0 + 1) }
    let records = [0, 4_999, 9_001].map { TrainingRecord(epoch: $0, cost: long[$0]) }
    svg = SVGInspector(CostCurvePlot.svg(records, costs: long, labels: labels))
    // Every third epoch (9,002 costs over at most 4,000 points) and the records 4,999 and
    // 9,001, which are not multiples of 3.
    XCTAssertEqual(
      SVGInspector.points(svg.all("polyline", className: "training")[0]).count, 3_001 + 2)
  }
}
