import Foundation
import TextSupport

/// A JSON value, with our own reader and writer.
///
/// The reader reports the line and column of a syntax error and keeps numbers exactly
/// (`Double(String)` rounds correctly); the writer prints each `Double` in its shortest
/// form that reads back to the same value, so files round-trip exactly.
public enum JSONValue: Equatable, Sendable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number.
  case number(Double)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object; key order is kept as written.
  case object([(String, JSONValue)])

  /// Equality, with objects compared key by key in order.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// The member `key` of an object, or `nil`.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  /// A short name of the value's type for error messages, such as `a number` or `an array`.
  public var typeName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

/// A JSON syntax error, with its position.
public struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
  /// 1-based line.
  public let line: Int
  /// 1-based column.
  public let column: Int
  /// What was wrong.
  public let message: String

  /// `line 3, column 7: expected ',' or ']'`.
  public var description: String { "line \(line), column \(column): \(message)" }
}

// MARK: - Reading

extension JSONValue {
  /// Parses one JSON document (RFC 8259).
  ///
  /// Nesting deeper than 512 levels is refused.
  /// - Throws: `JSONSyntaxError` with the line and column.
  /// - Complexity: O(n) in the length of the text.
  public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
    var parser = JSONParser(bytes: Array(text.utf8))
    return try parser.document()
  }
}

private struct JSONParser {
  let bytes: [UInt8]
  var i = 0
  var depth = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  func error(_ message: String) -> JSONSyntaxError {
    var line = 1
    var column = 1
    for b in bytes[0..<min(i, bytes.count)] {
      if b == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if b & 0xC0 != 0x80 {
        column += 1
      }
    }
    return JSONSyntaxError(line: line, column: column, message: message)
  }

  mutating func skipSpace() {
    while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
  }

  mutating func document() throws(JSONSyntaxError) -> JSONValue {
    skipSpace()
    let v = try value()
    skipSpace()
    guard i == bytes.count else { throw error("unexpected text after the JSON value") }
    return v
  }

  var current: String {
    guard i < bytes.count else { return "end of input" }
    let scalar = Unicode.Scalar(bytes[i])
    return bytes[i] < 0x80 ? "'\(Character(scalar))'" : "a non-ASCII character"
  }

  mutating func value() throws(JSONSyntaxError) -> JSONValue {
    guard i < bytes.count else { throw error("expected a value, found end of input") }
    switch bytes[i] {
    case UInt8(ascii: "{"): return try object()
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw error("expected a value, found \(current)")
    }
  }

  mutating func literal(_ word: String, _ v: JSONValue) throws(JSONSyntaxError) -> JSONValue {
    let w = Array(word.utf8)
    guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else {
      throw error("expected a value, found \(current)")
    }
    i += w.count
    return v
  }

  /// Reads a number.
  ///
  /// Most numbers take an exact fast path (Clinger's): when the digits
  /// form an integer m ≤ 2^53 and the decimal exponent e has |e| ≤ 22, both m and 10^|e|
  /// are exact doubles and one multiplication or division rounds correctly. The others go
  /// through `Double(String)`, which rounds correctly too.
  /// - Complexity: O(digits).
  mutating func number() throws(JSONSyntaxError) -> JSONValue {
    let start = i
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    let negative = bytes[i] == UInt8(ascii: "-")
    if negative { i += 1 }
    guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit") }
    // The significant digits as an integer (while they fit in 19 digits) and the power of
    // ten that scales it.
    var mantissa: UInt64 = 0
    var significant = 0
    var scale = 0
    if bytes[i] == UInt8(ascii: "0") {
      i += 1
    } else {
      while i < bytes.count, isDigit(bytes[i]) {
        JSONParser.append(bytes[i], to: &mantissa, significant: &significant)
        i += 1
      }
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
      i += 1
      guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit after '.'") }
      while i < bytes.count, isDigit(bytes[i]) {
        JSONParser.append(bytes[i], to: &mantissa, significant: &significant)
        scale -= 1
        i += 1
      }
    }
    var exponent = 0
    var exponentDigits = 0
    if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      i += 1
      var exponentSign = 1
      if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
        if bytes[i] == UInt8(ascii: "-") { exponentSign = -1 }
        i += 1
      }
      guard i < bytes.count, isDigit(bytes[i]) else {
        throw error("expected a digit in the exponent")
      }
      while i < bytes.count, isDigit(bytes[i]) {
        if exponentDigits < 6 { exponent = exponent * 10 + Int(bytes[i] - 0x30) }
        exponentDigits += 1
        i += 1
      }
      exponent *= exponentSign
    }
    let power = scale + exponent
    if significant <= 19 && exponentDigits <= 6 && mantissa <= 1 << 53 && abs(power) <= 22 {
      let m = Double(mantissa)
      let value =
        power >= 0 ? m * JSONParser.powersOfTen[power] : m / JSONParser.powersOfTen[-power]
      return .number(negative ? -value : value)
    }
    let text = String(decoding: bytes[start..<i], as: UTF8.self)
    guard let d = Double(text) else { throw error("invalid number \(text)") }
    return .number(d)
  }

  /// Appends one decimal digit to `mantissa`, counting significant digits (leading zeros
  /// are not); past 19 digits only the count grows, which sends the number to the slow path.
  @inline(__always)
  private static func append(_ digit: UInt8, to mantissa: inout UInt64, significant: inout Int) {
    let d = UInt64(digit - 0x30)
    if mantissa == 0 && d == 0 && significant == 0 { return }
    significant += 1
    if significant <= 19 { mantissa = mantissa * 10 + d }
  }

  /// 10^0 … 10^22, each exact in a `Double`.
  private static let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  mutating func string() throws(JSONSyntaxError) -> String {
    i += 1  // opening quote
    var out: [UInt8] = []
    while true {
      guard i < bytes.count else { throw error("unterminated string") }
      let b = bytes[i]
      if b == UInt8(ascii: "\"") {
        i += 1
        return String(decoding: out, as: UTF8.self)
      }
      if b < 0x20 { throw error("control character in string") }
      if b == UInt8(ascii: "\\") {
        i += 1
        guard i < bytes.count else { throw error("unterminated escape") }
        let e = bytes[i]
        i += 1
        switch e {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == 0x5C,
            bytes[i + 1] == UInt8(ascii: "u")
          {
            let second = i
            i += 2
            let low = try hex4()
            if (0xDC00..<0xE000).contains(low) {
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else {
              // Not a low surrogate: the high one stands alone (U+FFFD) and the second
              // escape is read again on its own.
              i = second
            }
          }
          let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
          out += Array(String(Character(scalar)).utf8)
        default: throw error("invalid escape")
        }
        continue
      }
      out.append(b)
      i += 1
    }
  }

  mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
    guard i + 4 <= bytes.count,
      let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16)
    else { throw error("invalid \\u escape") }
    i += 4
    return v
  }

  mutating func enter() throws(JSONSyntaxError) {
    depth += 1
    if depth > 512 { throw error("nesting deeper than 512 levels") }
  }

  mutating func array() throws(JSONSyntaxError) -> JSONValue {
    try enter()
    i += 1
    var items: [JSONValue] = []
    skipSpace()
    if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
      i += 1
      depth -= 1
      return .array(items)
    }
    while true {
      skipSpace()
      items.append(try value())
      skipSpace()
      guard i < bytes.count else { throw error("expected ',' or ']', found end of input") }
      if bytes[i] == UInt8(ascii: ",") {
        i += 1
        continue
      }
      if bytes[i] == UInt8(ascii: "]") {
        i += 1
        depth -= 1
        return .array(items)
      }
      throw error("expected ',' or ']', found \(current)")
    }
  }

  mutating func object() throws(JSONSyntaxError) -> JSONValue {
    try enter()
    i += 1
    var members: [(String, JSONValue)] = []
    skipSpace()
    if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
      i += 1
      depth -= 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
        throw error("expected a string key, found \(current)")
      }
      let key = try string()
      skipSpace()
      guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
        throw error("expected ':' after key \"\(key.excerpt())\", found \(current)")
      }
      i += 1
      skipSpace()
      members.append((key, try value()))
      skipSpace()
      guard i < bytes.count else { throw error("expected ',' or '}', found end of input") }
      if bytes[i] == UInt8(ascii: ",") {
        i += 1
        continue
      }
      if bytes[i] == UInt8(ascii: "}") {
        i += 1
        depth -= 1
        return .object(members)
      }
      throw error("expected ',' or '}', found \(current)")
    }
  }
}
