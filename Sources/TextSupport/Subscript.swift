/// The toolkit's one table of Unicode subscripts: digits and the index letters `i j k m`
/// (as in `Σₖ`, `x₁₂`).
public enum Subscript {
  /// Every character that has a subscript, with its subscript.
  static let table: [Character: Character] = [
    "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈",
    "9": "₉", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "m": "ₘ", "s": "ₛ",
  ]

  /// `text` written in subscripts, for example `jk` as `ⱼₖ`; `nil` if a character has none.
  /// - Complexity: O(n) in the length of `text`.
  public static func text(_ text: String) -> String? {
    var out = ""
    for c in text {
      guard let s = table[c] else { return nil }
      out.append(s)
    }
    return out
  }

  /// The subscript digits of `n`, with `₋` in front when it is negative: `₁₂`, `₋₃`.
  public static func digits(_ n: Int) -> String {
    (n < 0 ? "₋" : "") + String(String(n.magnitude).compactMap { table[$0] })
  }
}
