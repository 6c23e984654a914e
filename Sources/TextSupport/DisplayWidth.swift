extension StringProtocol {
  /// The number of columns the text takes on a terminal: its characters, not counting ANSI
  /// escape sequences (`ESC … m`, as colours are written).
  ///
  /// Every character counts as one column, as all the toolkit's renderers assume.
  /// - Complexity: O(n) in the length of the text.
  public var displayWidth: Int {
    var width = 0
    var inEscape = false
    for c in self {
      if c == "\u{1B}" {
        inEscape = true
      } else if inEscape {
        if c == "m" { inEscape = false }
      } else {
        width += 1
      }
    }
    return width
  }
}
