/// Word wrapping for the text report, aware of ANSI colour codes.
enum ReportWrapping {
  /// Splits `text` into lines of at most `width` characters, indented by `indent`.
  static func wrap(_ text: String, indent: Int = 0, width: Int = 80) -> [String] {
    var lines: [String] = []
    var line = ""
    let pad = String(repeating: " ", count: indent)
    for word in text.split(separator: " ") {
      if !line.isEmpty && visibleCount(line) + 1 + visibleCount(word) > width - indent {
        lines.append(pad + line)
        line = String(word)
      } else {
        line += (line.isEmpty ? "" : " ") + word
      }
    }
    if !line.isEmpty { lines.append(pad + line) }
    return lines
  }

  /// The number of characters, not counting ANSI escape sequences.
  static func visibleCount<S: StringProtocol>(_ s: S) -> Int {
    var count = 0
    var inEscape = false
    for c in s {
      if c == "\u{1B}" {
        inEscape = true
      } else if inEscape {
        if c == "m" { inEscape = false }
      } else {
        count += 1
      }
    }
    return count
  }
}
