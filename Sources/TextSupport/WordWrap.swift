/// The toolkit's one word wrapper: greedy, at spaces, by display width.
///
/// Every text that is wrapped (help screens, usage lines, error messages, the gradient-check
/// report, the derivation's paragraphs and equations) goes through `WordWrap.lines`; the
/// callers differ only in its parameters:
///
/// | Caller | prefix | indent | keepingSpaces |
/// |---|---|---|---|
/// | help text beside an option | none | 0 | no |
/// | `USAGE:` lines | `"USAGE: "` | 9 | no |
/// | `Error:` messages | `"Error: "` | 2 | no |
/// | check report paragraphs | spaces | same | no |
/// | derivation paragraphs, notes, equations | none | hanging | yes |
public enum WordWrap {
  /// Splits `text` into lines of at most `width` columns, breaking at spaces.
  ///
  /// The first line starts with `prefix`, every other line with `indent` spaces; both count
  /// towards `width`. Widths are `displayWidth` (colour codes take no room). A word longer
  /// than a line keeps a line of its own (nothing is cut), and a line no wider than `indent`
  /// is never broken, since a new line would give the next word no more room. With
  /// `keepingSpaces`, a run of spaces where a line breaks starts the next line, and a line
  /// no wider than the kept leading spaces holds nothing to break after. Empty text gives no
  /// line.
  ///
  /// - Parameters:
  ///   - text: the text; line breaks in it are not treated specially.
  ///   - width: the columns available, prefix and indentation included; 80 by default, the
  ///     width every command's output fits.
  ///   - prefix: what the first line starts with, e.g. `"Error: "`.
  ///   - indent: the number of spaces every line after the first starts with.
  ///   - keepingSpaces: keep the text's leading spaces (after `prefix`) and runs of spaces as
  ///     written; otherwise runs of spaces count as one and leading spaces are dropped.
  /// - Returns: The lines, without line breaks; none for empty text.
  /// - Complexity: O(n) in the length of the text.
  public static func lines(
    _ text: String, width: Int = 80, prefix: String = "", indent: Int = 0,
    keepingSpaces: Bool = false
  ) -> [String] {
    var first = prefix
    var body = Substring(text)
    var leading = 0
    if keepingSpaces {
      leading = body.prefix { $0 == " " }.count
      first += String(repeating: " ", count: leading)
      body = body.dropFirst(leading)
    }
    let words = body.split(separator: " ", omittingEmptySubsequences: !keepingSpaces)
    var lines: [String] = []
    var line = first
    var lineWidth = line.displayWidth
    var hasWord = false
    for word in words {
      let wordWidth = word.displayWidth
      // A line holds something to break after once it is wider than the kept leading
      // spaces (a kept run of spaces may leave a new line with nothing but its indent).
      let holdsText = hasWord && lineWidth > leading
      if holdsText && lineWidth > indent && lineWidth + 1 + wordWidth > width {
        lines.append(line)
        line = String(repeating: " ", count: indent) + word
        lineWidth = indent + wordWidth
      } else {
        line += (holdsText ? " " : "") + word
        lineWidth += (holdsText ? 1 : 0) + wordWidth
      }
      hasWord = true
    }
    if hasWord && !line.isEmpty { lines.append(line) }
    return lines
  }
}
