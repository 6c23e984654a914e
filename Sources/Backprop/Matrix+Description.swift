import Foundation
import TextSupport

extension Matrix: CustomStringConvertible {
  /// The matrix drawn with brackets, entries to 6 significant digits.
  ///
  ///     ⎡ 0.15  0.2 ⎤
  ///     ⎣ 0.25  0.3 ⎦
  public var description: String { bracketArt().joined(separator: "\n") }

  /// The matrix as lines of bracket art, columns right-aligned.
  ///
  /// One row uses `[ … ]`; taller matrices use ⎡ ⎢ ⎣ (or `/ | \` in ASCII).
  /// - Parameters:
  ///   - digits: Significant digits of each entry.
  ///   - notation: `.ascii` draws with `/ | \` instead of ⎡ ⎢ ⎣.
  /// - Returns: One line per row, all of one width.
  public func bracketArt(digits: Int = 6, notation: Notation = .unicode) -> [String] {
    let cells = storage.map { NumberFormat.significant($0, digits: digits) }
    var widths = [Int](repeating: 0, count: columns)
    for i in 0..<rows {
      for j in 0..<columns { widths[j] = max(widths[j], cells[i * columns + j].count) }
    }
    let (top, middle, bottom, single):
      ((String, String), (String, String), (String, String), (String, String)) =
        notation == .unicode
        ? (("⎡", "⎤"), ("⎢", "⎥"), ("⎣", "⎦"), ("[", "]"))
        : (("/", "\\"), ("|", "|"), ("\\", "/"), ("[", "]"))
    return (0..<rows).map { i in
      let body = (0..<columns).map { cells[i * columns + $0].leftPadded(to: widths[$0]) }
        .joined(separator: "  ")
      let (l, r) = rows == 1 ? single : i == 0 ? top : i == rows - 1 ? bottom : middle
      return "\(l) \(body) \(r)"
    }
  }
}
