extension Array where Element == Double {
  /// A copy with element `i` replaced by `x`.
  public func with(_ i: Int, _ x: Double) -> [Double] {
    var c = self
    c[i] = x
    return c
  }
}
