import Foundation

/// Writing JSON: numbers in their shortest exact form, compact or indented text.
extension JSONValue {
  /// The shortest text that reads back to `x` exactly (`0.1`, `1e-05`, `3`).
  ///
  /// Non-finite values have no JSON form and are written as `null`.
  public static func format(_ x: Double) -> String {
    guard x.isFinite else { return "null" }
    if x == x.rounded(), abs(x) < 1e15 {
      // Integral values print without ".0"; -0 keeps its sign.
      return x == 0 && x.sign == .minus ? "-0" : String(Int64(x))
    }
    let text = x.description
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }

  /// Compact JSON on one line.
  public var compact: String {
    var out = ""
    write(to: &out, indent: nil, level: 0)
    return out
  }

  /// JSON with two-space indentation; arrays of numbers stay on one line.
  public var pretty: String {
    var out = ""
    write(to: &out, indent: "  ", level: 0)
    return out
  }

  private static func escape(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out +=
            "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
            + String(scalar.value, radix: 16)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  private var isFlat: Bool {
    switch self {
    case .array(let items):
      return items.allSatisfy {
        if case .array = $0 { return false }
        if case .object = $0 { return false }
        return true
      }
    case .object: return false
    default: return true
    }
  }

  private func write(to out: inout String, indent: String?, level: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let x): out += JSONValue.format(x)
    case .string(let s): out += JSONValue.escape(s)
    case .array(let items):
      if indent == nil || isFlat {
        out += "["
        for (n, item) in items.enumerated() {
          if n > 0 { out += indent == nil ? "," : ", " }
          item.write(to: &out, indent: indent, level: level + 1)
        }
        out += "]"
      } else if let indent {
        out += "[\n"
        for (n, item) in items.enumerated() {
          out += String(repeating: indent, count: level + 1)
          item.write(to: &out, indent: indent, level: level + 1)
          out += n < items.count - 1 ? ",\n" : "\n"
        }
        out += String(repeating: indent, count: level) + "]"
      }
    case .object(let members):
      guard let indent, !members.isEmpty else {
        out += "{"
        for (n, (k, v)) in members.enumerated() {
          if n > 0 { out += "," }
          out += JSONValue.escape(k) + ":"
          v.write(to: &out, indent: indent, level: level + 1)
        }
        out += "}"
        return
      }
      out += "{\n"
      for (n, (k, v)) in members.enumerated() {
        out += String(repeating: indent, count: level + 1) + JSONValue.escape(k) + ": "
        v.write(to: &out, indent: indent, level: level + 1)
        out += n < members.count - 1 ? ",\n" : "\n"
      }
      out += String(repeating: indent, count: level) + "}"
    }
  }
}
