/// A small scanner that estimates the width of LaTeX math, for `TexLayout.width(_:)`.
struct TexScanner {
  let chars: [Character]
  var i = 0
  /// The last visible character, to tell a unary minus from a binary one.
  var previous: Character? = nil

  init(_ chars: [Character]) { self.chars = chars }

  /// Commands and their widths in points, spacing included.
  static let commandWidths: [String: Double] = [
    "cdot": 7.8, "partial": 5.7, "sigma": 5.7, "delta": 4.4, "theta": 4.7, "sum": 14.4,
    "top": 5.5, "to": 15.5, "times": 12.2, "odot": 12.2, "le": 13.4, "approx": 13.4,
    "quad": 10, "qquad": 20, "cdots": 13.4, "vdots": 3, "ddots": 13.4, "lVert": 5,
    "rVert": 5, "lvert": 2.8, "rvert": 2.8, "Big": 0, "bigl": 0, "bigr": 0, "left": 0,
    "right": 0, "tanh": 17, "ln": 8, "max": 17, "exp": 14, "log": 14, ",": 1.7, " ": 3.3,
    "!": -1.7, ";": 2.8, ":": 2.2, "{": 5, "}": 5, "_": 5, "%": 8.3, "&": 7.8, "#": 8.3,
    "$": 5, "lambda": 5.8, "alpha": 6.4, "epsilon": 4.1,
  ]

  /// The width up to the closing `}` (when `until` is "}") or the end.
  mutating func width(until close: Character?) -> Double {
    var total = 0.0
    while i < chars.count {
      let c = chars[i]
      if let close, c == close {
        i += 1
        return total
      }
      i += 1
      switch c {
      case "\\": total += command()
      case "{": total += width(until: "}")
      case "^", "_": total += 0.7 * script()
      case " ", "&": continue
      case "=":
        total += 13.4
        previous = c
      case "+":
        total += 12.2
        previous = c
      case "-":
        let unary = previous == nil || "({[=&,".contains(previous ?? " ")
        total += unary ? 7.8 : 12.2
        previous = c
      case "(", ")", "[", "]", "|":
        total += 3.9
        previous = c
      case ".", ",", ";", "'":
        total += c == "," ? 4.4 : 2.8
        previous = c
      default:
        total += c.isNumber ? 5 : 5.5
        previous = c
      }
    }
    return total
  }

  /// A sub- or superscript: a braced group or one character (or one command).
  mutating func script() -> Double {
    guard i < chars.count else { return 0 }
    let c = chars[i]
    i += 1
    if c == "{" { return width(until: "}") }
    if c == "\\" { return command() }
    return c.isNumber ? 5 : 5.5
  }

  /// A command after its backslash: fractions, text, matrices, operators.
  mutating func command() -> Double {
    var name = ""
    while i < chars.count, chars[i].isLetter {
      name.append(chars[i])
      i += 1
    }
    if name.isEmpty, i < chars.count {
      name = String(chars[i])
      i += 1
      if name == "\\" { return 0 }
    }
    switch name {
    case "frac":
      let top = group()
      let bottom = group()
      previous = "x"
      return max(top, bottom) + 2
    case "text", "mathrm", "operatorname", "textbf":
      let text = rawGroup()
      previous = "x"
      return Double(text.count) * 5
    case "begin":
      let env = rawGroup()
      if env == "bmatrix" || env == "pmatrix" { return matrix() }
      return 0
    case "end":
      _ = rawGroup()
      return 0
    default:
      if name != "left" && name != "right" && name != "bigl" && name != "bigr" && name != "Big" {
        previous = name == "cdot" || name == "times" ? "=" : "x"
      }
      return Self.commandWidths[name] ?? 8
    }
  }

  /// A braced group's width (or one character's).
  mutating func group() -> Double {
    while i < chars.count, chars[i] == " " { i += 1 }
    guard i < chars.count else { return 0 }
    if chars[i] == "{" {
      i += 1
      return width(until: "}")
    }
    return script()
  }

  /// A braced group's text, unmeasured.
  mutating func rawGroup() -> String {
    guard i < chars.count, chars[i] == "{" else { return "" }
    i += 1
    var depth = 1
    var s = ""
    while i < chars.count {
      let c = chars[i]
      i += 1
      if c == "{" { depth += 1 }
      if c == "}" {
        depth -= 1
        if depth == 0 { break }
      }
      s.append(c)
    }
    return s
  }

  /// A matrix body up to `\end{…}`: the widest entry of each column, with column
  /// separation and brackets, plus a caption subscript when there is one.
  mutating func matrix() -> Double {
    var columns: [Double] = []
    var column = 0
    var cell = ""
    func flush() {
      var sub = TexScanner(Array(cell))
      let w = sub.width(until: nil)
      if column < columns.count {
        columns[column] = max(columns[column], w)
      } else {
        columns.append(w)
      }
      cell = ""
    }
    while i < chars.count {
      if chars[i] == "&" {
        flush()
        column += 1
        i += 1
      } else if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "\\" {
        flush()
        column = 0
        i += 2
      } else if String(chars[i..<min(chars.count, i + 4)]) == "\\end" {
        flush()
        i += 1
        _ = command()
        break
      } else {
        cell.append(chars[i])
        i += 1
      }
    }
    previous = "x"
    return columns.reduce(0, +) + Double(max(0, columns.count - 1)) * 10 + 14
  }
}
