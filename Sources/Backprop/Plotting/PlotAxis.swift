import Foundation

/// One axis of a chart: a range of data values, linear or logarithmic, with its ticks.
public struct PlotAxis: Equatable, Sendable {
  /// How values map to positions.
  public enum Scale: Equatable, Sendable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios (base 10); values must be positive.
    case logarithmic
  }

  /// Linear or logarithmic.
  public let scale: Scale
  /// The smallest value shown.
  public let lower: Double
  /// The largest value shown.
  public let upper: Double
  /// The values that get a tick and a label.
  public let ticks: [Double]

  /// An axis covering `values` (non-finite values, and for a log scale non-positive ones,
  /// are ignored): a log axis widens to whole decades, a linear one to round ticks.
  public init(covering values: [Double], scale: Scale) {
    self.scale = scale
    switch scale {
    case .logarithmic:
      let shown = values.filter { $0.isFinite && $0 > 0 }
      var lo = floor(log10(shown.min() ?? 1))
      var hi = ceil(log10(shown.max() ?? 10))
      if hi <= lo { (lo, hi) = (lo - 1, hi + 1) }
      lower = pow(10, lo)
      upper = pow(10, hi)
      let decades = Int(hi - lo)
      let every = max(1, Int((Double(decades) / 8).rounded(.up)))
      ticks = stride(from: Int(lo), through: Int(hi), by: every).map { pow(10, Double($0)) }
    case .linear:
      let shown = values.filter(\.isFinite)
      var lo = shown.min() ?? 0
      var hi = shown.max() ?? 1
      if hi <= lo { (lo, hi) = (lo - 1, hi + 1) }
      let step = Self.niceStep((hi - lo) / 5)
      lo = floor(lo / step) * step
      hi = ceil(hi / step) * step
      lower = lo
      upper = hi
      let count = Int(((hi - lo) / step).rounded())
      ticks = (0...count).map { lo + Double($0) * step }
    }
  }

  /// Where `value` falls, from 0 at `lower` to 1 at `upper` (outside for values outside).
  public func fraction(_ value: Double) -> Double {
    switch scale {
    case .linear: return (value - lower) / (upper - lower)
    case .logarithmic: return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
    }
  }

  /// A tick's label: `1e-3` on a log axis, the fewest decimals that tell ticks apart on a
  /// linear one.
  public func label(_ value: Double) -> String {
    switch scale {
    case .logarithmic:
      let e = Int(log10(value).rounded())
      return e == 0 ? "1" : "1e\(e)"
    case .linear:
      let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
      let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
      let text = String(format: "%.\(decimals)f", value)
      return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
  }

  /// 1, 2 or 5 times a power of ten, at least `raw`.
  static func niceStep(_ raw: Double) -> Double {
    guard raw > 0, raw.isFinite else { return 1 }
    let power = pow(10, floor(log10(raw)))
    for m in [1.0, 2, 5, 10] where m * power >= raw * (1 - 1e-12) { return m * power }
    return 10 * power
  }
}
