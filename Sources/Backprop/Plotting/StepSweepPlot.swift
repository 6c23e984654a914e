import Foundation

/// The V-shaped curves of a `StepSweep` on log-log axes, with each method's best step
/// circled and the theoretical rounding (−1) and truncation (p) slopes drawn through it.
public enum StepSweepPlot {
  /// The SVG of `sweep`.
  ///
  /// One polyline per method (class = the method's name) through its non-zero errors, a
  /// circle (class `best`) at each best step with a non-zero error (an exact 0 has no
  /// place on a log axis), and dashed reference lines of slope −1 to its left and p to
  /// its right over two decades. A step whose difference spans a kink gets a filled dot
  /// (class `kink`) and the plot a note saying so. `labels.series` is unused: the methods
  /// name their lines.
  /// - Complexity: O(steps).
  public static func svg(_ sweep: StepSweep, labels: PlotLabels) -> String {
    let errors = sweep.curves.flatMap(\.errors).filter { $0 > 0 && $0.isFinite }
    let frame = PlotFrame(
      x: PlotAxis(covering: StepSweep.steps, scale: .logarithmic),
      y: PlotAxis(covering: errors, scale: .logarithmic))
    var svg = SVGDocument(width: PlotFrame.width, height: PlotFrame.height)
    frame.draw(on: &svg, title: labels.title, xTitle: labels.x, yTitle: labels.y)
    var legend: [(name: String, color: String)] = []
    for (i, curve) in sweep.curves.enumerated() {
      let color = PlotPalette.strong(i)
      let points = zip(StepSweep.steps, curve.errors).filter { $0.1 > 0 && $0.1.isFinite }
        .map { (frame.px($0.0), frame.py($0.1)) }
      svg.polyline(points, stroke: color, width: 2, className: curve.method.name)
      legend.append((curve.method.name, color))
      for (k, step) in StepSweep.steps.enumerated()
      where sweep.crossesKink(curve.method, step: k) && curve.errors[k] > 0
        && curve.errors[k].isFinite
      {
        svg.circle(
          frame.px(step), frame.py(curve.errors[k]), r: 3, fill: color, stroke: color,
          className: "kink")
      }
      let best = sweep.best(curve)
      guard best.error > 0 else { continue }
      let (bx, by) = (log10(best.step), log10(best.error))
      func reference(_ slope: Double, toward wanted: Double) {
        // Shortened so the line stays inside the plot area.
        var dx = wanted
        let (xlo, xhi) = (log10(frame.x.lower), log10(frame.x.upper))
        let (ylo, yhi) = (log10(frame.y.lower), log10(frame.y.upper))
        dx = dx < 0 ? max(dx, xlo - bx) : min(dx, xhi - bx)
        let dy = slope * dx
        if by + dy > yhi { dx *= (yhi - by) / dy }
        if by + dy < ylo { dx *= (ylo - by) / dy }
        let x2 = pow(10, bx + dx)
        let y2 = pow(10, by + slope * dx)
        svg.line(
          frame.px(best.step), frame.py(best.error), frame.px(x2), frame.py(y2), stroke: color,
          width: 1, dashed: true)
      }
      if curve.method != .complexStep { reference(-1, toward: -2) }
      reference(Double(curve.method.errorOrder), toward: 2)
      svg.circle(
        frame.px(best.step), frame.py(best.error), r: 5, fill: "none", stroke: color,
        className: "best")
    }
    frame.legend(on: &svg, legend)
    if sweep.anyCrossesKink {
      svg.text(
        "● step crosses a kink (relu or max-pool switch): slope not the method's order",
        x: frame.left + 8, y: frame.bottom - 8, size: 11)
    }
    return svg.xml
  }
}
