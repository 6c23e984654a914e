extension String {
  /// The string followed by spaces up to `width` characters (never truncated).
  public func padded(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  /// The string right-aligned in `width` characters: spaces in front (never truncated).
  public func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
