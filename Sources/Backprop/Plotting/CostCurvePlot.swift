/// The cost against the epoch, on a log scale, for training and validation data.
public enum CostCurvePlot {
  /// The SVG of `history`, one point per record with a finite positive cost.
  ///
  /// The training line is solid and the validation line (when recorded) dashed;
  /// `labels.series` names them.
  /// - Complexity: O(history.count).
  public static func svg(_ history: [TrainingRecord], labels: PlotLabels) -> String {
    let training = history.compactMap { r in plotted(r.epoch, r.cost) }
    let validation = history.compactMap { r in r.validationCost.flatMap { plotted(r.epoch, $0) } }
    let epochs = history.map { Double($0.epoch) }
    let frame = PlotFrame(
      x: PlotAxis(covering: epochs, scale: .linear),
      y: PlotAxis(covering: (training + validation).map(\.y), scale: .logarithmic))
    var svg = SVGDocument(width: PlotFrame.width, height: PlotFrame.height)
    frame.draw(on: &svg, title: labels.title, xTitle: labels.x, yTitle: labels.y)
    let names = labels.series + ["", ""]
    var legend: [(name: String, color: String)] = []
    if !training.isEmpty {
      svg.polyline(
        training.map { (frame.px($0.x), frame.py($0.y)) }, stroke: PlotPalette.strong(0),
        width: 2, className: "training")
      legend.append((names[0], PlotPalette.strong(0)))
    }
    if !validation.isEmpty {
      svg.polyline(
        validation.map { (frame.px($0.x), frame.py($0.y)) }, stroke: PlotPalette.strong(1),
        width: 2, className: "validation", dashed: true)
      legend.append((names[1], PlotPalette.strong(1)))
    }
    frame.legend(on: &svg, legend)
    return svg.xml
  }

  private static func plotted(_ epoch: Int, _ cost: Double) -> (x: Double, y: Double)? {
    cost.isFinite && cost > 0 ? (Double(epoch), cost) : nil
  }
}
