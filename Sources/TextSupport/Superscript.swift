/// The toolkit's one table of Unicode superscripts: digits, signs, parentheses and the layer
/// letters `l` and `L` (as in `W²`, `δˡ⁺¹`, `nᴸ`, `x⁽¹⁾`).
public enum Superscript {
  /// Every character that has a superscript, with its superscript.
  ///
  /// Both the ASCII hyphen and the minus sign `−` map to `⁻`.
  static let table: [Character: Character] = [
    "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
    "9": "⁹", "l": "ˡ", "L": "ᴸ", "+": "⁺", "-": "⁻", "−": "⁻", "(": "⁽", ")": "⁾",
  ]

  /// The superscript digits of each decimal digit, `⁰` … `⁹`, by value.
  static let digitTable: [Character: Character] = Dictionary(
    uniqueKeysWithValues: "0123456789".compactMap { d in table[d].map { ($0, d) } })

  /// `text` written in superscripts, for example `l+1` as `ˡ⁺¹`; `nil` if a character has
  /// none.
  /// - Complexity: O(n) in the length of `text`.
  public static func text(_ text: String) -> String? {
    var out = ""
    for c in text {
      guard let s = table[c] else { return nil }
      out.append(s)
    }
    return out
  }

  /// The superscript digits of `n`, with `⁻` in front when it is negative: `¹²`, `⁻³`.
  public static func digits(_ n: Int) -> String {
    (n < 0 ? "⁻" : "") + String(String(n.magnitude).compactMap { table[$0] })
  }

  /// The decimal digit a superscript digit stands for (`²` is `2`); `nil` for any other
  /// character, superscript signs and letters included.
  public static func digit(for superscript: Character) -> Character? {
    digitTable[superscript]
  }
}
