/// A chart's frame on an SVG drawing: title, plot area, axes with ticks, labels and grid
/// lines, and a legend; it maps data to pixels.
public struct PlotFrame: Sendable {
  /// The drawing width, 640 pixels: readable on a page and a screen.
  public static let width = 640.0
  /// The drawing height.
  public static let height = 420.0
  /// The plot area's left edge.
  public let left = 72.0
  /// The plot area's right edge.
  public let right = PlotFrame.width - 24
  /// The plot area's top edge.
  public let top = 40.0
  /// The plot area's bottom edge.
  public let bottom = PlotFrame.height - 56
  /// The horizontal axis.
  public let x: PlotAxis
  /// The vertical axis.
  public let y: PlotAxis

  /// A frame for the axes `x` and `y`.
  public init(x: PlotAxis, y: PlotAxis) {
    self.x = x
    self.y = y
  }

  /// The pixel column of data value `value`.
  public func px(_ value: Double) -> Double { left + x.fraction(value) * (right - left) }
  /// The pixel row of data value `value` (rows grow downwards).
  public func py(_ value: Double) -> Double { bottom - y.fraction(value) * (bottom - top) }

  /// Draws the title, grid, ticks, tick labels and axis titles.
  public func draw(on svg: inout SVGDocument, title: String, xTitle: String, yTitle: String) {
    svg.text(title, x: PlotFrame.width / 2, y: 22, anchor: .middle, size: 15, bold: true)
    for t in x.ticks {
      let p = px(t)
      svg.line(p, top, p, bottom, stroke: "#e4e4e4")
      svg.line(p, bottom, p, bottom + 5)
      svg.text(x.label(t), x: p, y: bottom + 19, anchor: .middle, size: 11)
    }
    for t in y.ticks {
      let p = py(t)
      svg.line(left, p, right, p, stroke: "#e4e4e4")
      svg.line(left - 5, p, left, p)
      svg.text(y.label(t), x: left - 8, y: p + 4, anchor: .end, size: 11)
    }
    svg.rect(left, top, right - left, bottom - top, fill: "none", stroke: "#000")
    svg.text(xTitle, x: (left + right) / 2, y: PlotFrame.height - 14, anchor: .middle, size: 13)
    svg.text(yTitle, x: 18, y: (top + bottom) / 2, anchor: .middle, size: 13, rotated: true)
  }

  /// Draws a legend in the top right corner of the plot area: a short line in each colour
  /// and its name.
  public func legend(on svg: inout SVGDocument, _ entries: [(name: String, color: String)]) {
    let longest = entries.map(\.name.count).max() ?? 0
    let boxWidth = 40 + 7 * Double(longest)
    let x0 = right - boxWidth - 8
    svg.rect(x0, top + 8, boxWidth, 8 + 18 * Double(entries.count), fill: "#fff", stroke: "#bbb")
    for (i, e) in entries.enumerated() {
      let yy = top + 22 + 18 * Double(i)
      svg.line(x0 + 6, yy - 4, x0 + 28, yy - 4, stroke: e.color, width: 2)
      svg.text(e.name, x: x0 + 34, y: yy, size: 12)
    }
  }
}
