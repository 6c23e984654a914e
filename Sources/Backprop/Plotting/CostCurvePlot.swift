/// The cost against the epoch, on a log scale, for training and validation data.
public enum CostCurvePlot {
  /// The most training points drawn; longer runs are thinned to every k-th epoch.
  public static let maximumPoints = 4000

  /// The SVG of a run's training and validation costs.
  ///
  /// The training cost of every epoch in `costs` (`costs[k]` after k epochs; thinned to every k-th epoch beyond `maximumPoints`, always keeping the
  /// recorded epochs), or, when `costs` is empty, one point per record; the validation
  /// cost at each record. Points with a cost that is not finite and positive are left out.
  ///
  /// The training line is solid and the validation line (when recorded) dashed;
  /// `labels.series` names them.
  /// - Complexity: O(history.count + costs.count).
  public static func svg(
    _ history: [TrainingRecord], costs: [Double] = [], labels: PlotLabels
  ) -> String {
    var training = history.compactMap { r in plotted(r.epoch, r.cost) }
    if !costs.isEmpty {
      let stride = (costs.count + maximumPoints - 1) / maximumPoints
      let recorded = Set(history.map(\.epoch))
      training = costs.indices.filter { $0 % stride == 0 || recorded.contains($0) }
        .compactMap { plotted($0, costs[$0]) }
    }
    let validation = history.compactMap { r in r.validationCost.flatMap { plotted(r.epoch, $0) } }
    let epochs = history.map { Double($0.epoch) } + training.map(\.x)
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
