/// The decision regions of a network with two inputs, with the samples on top.
public enum DecisionBoundaryPlot {
  /// The grid's resolution: cells across the plot area (rows follow its aspect).
  public static let columns = 96

  /// The SVG of the regions, the samples and a legend of the classes.
  ///
  /// Every grid cell over the samples' range (widened by a tenth on each side)
  /// is coloured by the class the network predicts at its centre, read as
  /// `PredictionRule` reads it for these samples' targets (largest output for one-hot
  /// targets, otherwise the pattern of outputs ≥ 0.5), and each sample is a circle
  /// coloured by its target's class the same way. A legend names every class drawn:
  /// `labels.series[k]` for class k (its number when there is no such name).
  /// - Precondition: `network.sizes[0] == 2`; every sample has two inputs.
  /// - Complexity: O(cells · Σ n_l n_(l−1)).
  public static func svg(_ network: Network, samples: [Sample], labels: PlotLabels) -> String {
    precondition(network.sizes[0] == 2, "a decision boundary needs a network with 2 inputs")
    let xs = samples.map { $0.input[0] }
    let ys = samples.map { $0.input[1] }
    let frame = PlotFrame(
      x: PlotAxis(covering: widened(xs), scale: .linear),
      y: PlotAxis(covering: widened(ys), scale: .linear))
    var svg = SVGDocument(width: PlotFrame.width, height: PlotFrame.height)
    let reading = PredictionRule.reading(for: samples.map(\.target))
    var drawn = Set<Int>()
    let cellWidth = (frame.right - frame.left) / Double(columns)
    let rows = Int(((frame.bottom - frame.top) / cellWidth).rounded())
    let cellHeight = (frame.bottom - frame.top) / Double(rows)
    for row in 0..<rows {
      let py = frame.top + (Double(row) + 0.5) * cellHeight
      let y = frame.y.upper - (Double(row) + 0.5) / Double(rows) * (frame.y.upper - frame.y.lower)
      // Runs of equal class in a row become one rectangle.
      var runStart = 0
      var runClass = -1
      for column in 0...columns {
        var cls = -1
        if column < columns {
          let x =
            frame.x.lower + (Double(column) + 0.5) / Double(columns)
            * (frame.x.upper - frame.x.lower)
          cls = PredictionRule.predictedClass(network.forward([x, y]).output, reading: reading)
        }
        if cls != runClass {
          if runClass >= 0 {
            svg.rect(
              frame.left + Double(runStart) * cellWidth, py - cellHeight / 2,
              Double(column - runStart) * cellWidth + 0.3, cellHeight + 0.3,
              fill: PlotPalette.light(runClass))
            drawn.insert(runClass)
          }
          runStart = column
          runClass = cls
        }
      }
    }
    frame.draw(on: &svg, title: labels.title, xTitle: labels.x, yTitle: labels.y)
    for s in samples {
      let cls = PredictionRule.predictedClass(s.target, reading: reading)
      drawn.insert(cls)
      svg.circle(
        frame.px(s.input[0]), frame.py(s.input[1]), r: 4, fill: PlotPalette.strong(cls),
        stroke: "#fff", className: "sample")
    }
    frame.legend(
      on: &svg,
      drawn.sorted().map { k in
        (k < labels.series.count ? labels.series[k] : String(k), PlotPalette.strong(k))
      })
    return svg.xml
  }

  private static func widened(_ values: [Double]) -> [Double] {
    guard let lo = values.min(), let hi = values.max() else { return [0, 1] }
    let pad = hi > lo ? (hi - lo) / 10 : 0.5
    return [lo - pad, hi + pad]
  }
}
