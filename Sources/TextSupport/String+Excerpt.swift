extension String {
  /// The string as it may appear inside a one-line message: control characters escaped
  /// (`\n`, `\t`, `\u{7}`) and, when longer than `limit` characters, its start and end around
  /// an ellipsis, so that a huge or multi-line name from a file or an argument cannot flood
  /// or break the message.
  /// - Complexity: O(n) in the length of the string.
  public func excerpt(limit: Int = 40) -> String {
    var escaped = ""
    var count = 0
    var overLimit = false
    for scalar in unicodeScalars {
      let piece: String
      switch scalar {
      case "\n": piece = "\\n"
      case "\r": piece = "\\r"
      case "\t": piece = "\\t"
      default:
        if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || scalar == "\u{FEFF}" {
          piece = "\\u{\(String(scalar.value, radix: 16))}"
        } else {
          piece = String(scalar)
        }
      }
      escaped += piece
      count += 1
      // Stop escaping far beyond the limit: only the start and the end are shown.
      if count > 4 * limit + 8 {
        overLimit = true
        break
      }
    }
    guard overLimit || escaped.count > limit else { return escaped }
    let head = limit / 2
    let tailSource = overLimit ? String(unicodeScalars.suffix(limit)).excerptTail : escaped
    return String(escaped.prefix(head)) + "…" + String(tailSource.suffix(limit - head - 1))
  }

  /// The escaped form of a short tail (no truncation).
  private var excerptTail: String { excerpt(limit: Int.max / 8) }
}
