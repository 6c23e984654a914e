/// Splits a command line into words the way a POSIX shell does, without running a shell.
///
/// Blanks separate words; single quotes keep everything up to the next single quote;
/// double quotes keep everything but `\"`, `\\`, `\$` and `` \` `` escapes; outside quotes a
/// backslash keeps the next character. No variables, globs, pipes or redirections: a user who
/// wants them writes `sh -c '…'`.
public enum CommandWords {
  /// Why a command line cannot be split.
  public enum SplitError: Error, Equatable, Sendable {
    /// A quote is opened and never closed.
    case unterminatedQuote(Character)
    /// The line ends with a lone backslash.
    case trailingBackslash
    /// The line holds no word.
    case empty
  }

  /// The words of `line`.
  /// - Throws: `SplitError` for an unclosed quote, a trailing backslash, or no word.
  /// - Complexity: O(n) in the length of `line`.
  public static func split(_ line: String) throws(SplitError) -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var chars = Array(line)[...]
    while let c = chars.popFirst() {
      switch c {
      case " ", "\t", "\n":
        if inWord { words.append(current) }
        current = ""
        inWord = false
      case "'":
        inWord = true
        guard let close = chars.firstIndex(of: "'") else { throw .unterminatedQuote("'") }
        current += String(chars[chars.startIndex..<close])
        chars = chars[(close + 1)...]
      case "\"":
        inWord = true
        var closed = false
        while let d = chars.popFirst() {
          if d == "\"" {
            closed = true
            break
          }
          if d == "\\", let next = chars.first, "\"\\$`".contains(next) {
            current.append(next)
            chars.removeFirst()
          } else {
            current.append(d)
          }
        }
        guard closed else { throw .unterminatedQuote("\"") }
      case "\\":
        inWord = true
        guard let next = chars.popFirst() else { throw .trailingBackslash }
        if next != "\n" { current.append(next) }
      default:
        inWord = true
        current.append(c)
      }
    }
    if inWord { words.append(current) }
    guard !words.isEmpty else { throw .empty }
    return words
  }
}
