/// The words on a chart, chosen by the command that draws it.
public struct PlotLabels: Equatable, Sendable {
  /// The title above the plot.
  public var title: String
  /// The horizontal axis title.
  public var x: String
  /// The vertical axis title.
  public var y: String
  /// The names of the data series, in drawing order.
  public var series: [String]

  /// Creates labels.
  public init(title: String, x: String, y: String, series: [String] = []) {
    self.title = title
    self.x = x
    self.y = y
    self.series = series
  }
}

/// Colours that stay apart for colour-blind readers (Okabe and Ito), strong then light.
enum PlotPalette {
  static let strong = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
  static let light = ["#CFE3F1", "#F6D9C6", "#C6EBDF", "#F2DCE9", "#F9E5BE", "#D8EEFA"]

  static func strong(_ i: Int) -> String { strong[i % strong.count] }
  static func light(_ i: Int) -> String { light[i % light.count] }
}
