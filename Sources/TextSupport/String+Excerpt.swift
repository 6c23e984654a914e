extension String {
  /// The string as it may appear inside a one-line message: control characters escaped
  /// (`\n`, `\t`, `\u{7}`) and, when that is longer than `limit` characters, its start and
  /// end around an ellipsis (escapes kept whole), so that a huge or multi-line name from a
  /// file or an argument cannot flood or break the message.
  /// - Complexity: O(`limit`) for the pieces shown, O(n) to count the scalars.
  public func excerpt(limit: Int = 40) -> String {
    let scalars = unicodeScalars
    // Escape at most `limit` scalars from each end: no more can be shown.
    let front = scalars.prefix(limit + 1).map(String.excerptPiece)
    let frontLength = front.reduce(0) { $0 + $1.count }
    if front.count == scalars.count && frontLength <= limit { return front.joined() }
    let back = scalars.suffix(limit).map(String.excerptPiece)
    let head = limit / 2
    var shownFront = ""
    for piece in front {
      guard shownFront.count + piece.count <= head else { break }
      shownFront += piece
    }
    var shownBack = ""
    for piece in back.reversed() {
      guard shownBack.count + piece.count <= limit - head - 1 else { break }
      shownBack = piece + shownBack
    }
    return shownFront + "…" + shownBack
  }

  /// One scalar as shown in an excerpt: itself, or an escape for a control character.
  private static func excerptPiece(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\n": return "\\n"
    case "\r": return "\\r"
    case "\t": return "\\t"
    default:
      if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || scalar == "\u{FEFF}" {
        return "\\u{\(String(scalar.value, radix: 16))}"
      }
      return String(scalar)
    }
  }
}
