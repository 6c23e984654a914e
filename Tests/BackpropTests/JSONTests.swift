import Backprop
import XCTest

final class JSONTests: XCTestCase {
  func testParsesEveryKindOfValue() throws {
    let v = try JSONValue.parse(
      #" {"a": [1, -2.5e3, 0, -0, 1E-2], "b": {"c": null, "d": true, "e": false}, "#
        + #""s": "x\"\\\/\n\tA\u00e9\ud83d\ude00"} "#)
    XCTAssertEqual(
      v["a"], .array([.number(1), .number(-2500), .number(0), .number(-0.0), .number(0.01)]))
    XCTAssertEqual(v["b"]?["c"], .null)
    XCTAssertEqual(v["b"]?["d"], .bool(true))
    XCTAssertEqual(v["b"]?["e"], .bool(false))
    XCTAssertEqual(v["s"], .string("x\"\\/\n\tAé😀"))
    XCTAssertNil(v["missing"])
    if case .number(let z) = v["a"].flatMap({ if case .array(let a) = $0 { a[3] } else { nil } }) {
      XCTAssertEqual(z.sign, .minus, "-0 keeps its sign")
    } else {
      XCTFail("no -0")
    }
    // Duplicate keys are kept in order (the file readers reject them).
    let d = try JSONValue.parse(#"{"k": 1, "k": 2}"#)
    XCTAssertEqual(d, .object([("k", .number(1)), ("k", .number(2))]))
    XCTAssertEqual(d["k"], .number(1))
    // Numbers keep full precision.
    XCTAssertEqual(try JSONValue.parse("0.30000000000000004"), .number(0.1 + 0.2))
    XCTAssertEqual(try JSONValue.parse("1e999"), .number(.infinity))
  }

  /// Syntax errors name the line and column (1-based, counting characters, not bytes).
  func testSyntaxErrorsHaveLineAndColumn() {
    let cases: [(String, Int, Int, String)] = [
      ("", 1, 1, "expected a value"),
      ("[1, 2", 1, 6, "expected ',' or ']'"),
      ("[1 2]", 1, 4, "expected ',' or ']'"),
      ("{\"a\" 1}", 1, 6, "expected ':'"),
      ("{\"a\": 1,}", 1, 9, "expected a string key"),
      ("[\n  1,\n  tru]", 3, 3, "expected a value"),
      ("[\"é\", x]", 1, 7, "expected a value"),
      ("\"abc", 1, 5, "unterminated string"),
      ("[1.]", 1, 4, "expected a digit after '.'"),
      ("[1e]", 1, 4, "expected a digit in the exponent"),
      ("[-]", 1, 3, "expected a digit"),
      ("[1] [2]", 1, 5, "unexpected text"),
      ("\"a\tb\"", 1, 3, "control character"),
      ("\"\\q\"", 1, 4, "invalid escape"),
      ("\"\\u12g4\"", 1, 4, "invalid \\u escape"),
    ]
    for (text, line, column, message) in cases {
      XCTAssertThrowsError(try JSONValue.parse(text), text) { error in
        guard let e = error as? JSONSyntaxError else { return XCTFail("\(error)") }
        XCTAssertEqual(e.line, line, "\(text): \(e)")
        XCTAssertEqual(e.column, column, "\(text): \(e)")
        XCTAssertTrue(e.message.contains(message), "\(text): \(e)")
        XCTAssertEqual(e.description, "line \(e.line), column \(e.column): \(e.message)")
      }
    }
  }

  /// Hostile input is an error, never a crash: deep nesting, lone and mismatched
  /// surrogate escapes.
  func testHostileInputIsAnErrorNotACrash() {
    XCTAssertThrowsError(try JSONValue.parse(String(repeating: "[", count: 100_000))) { error in
      XCTAssertTrue("\(error)".contains("nesting"), "\(error)")
    }
    XCTAssertNoThrow(
      try JSONValue.parse(String(repeating: "[", count: 500) + String(repeating: "]", count: 500)))
    // A high surrogate followed by an escape that is not a low surrogate: the lone
    // surrogate becomes U+FFFD, the other escape is kept.
    XCTAssertEqual(try JSONValue.parse(#""\ud800\u0041""#), .string("\u{FFFD}A"))
    XCTAssertEqual(try JSONValue.parse(#""\ud800\ud800""#), .string("\u{FFFD}\u{FFFD}"))
    XCTAssertEqual(try JSONValue.parse(#""\ud800""#), .string("\u{FFFD}"))
    XCTAssertEqual(try JSONValue.parse(#""\udc00x""#), .string("\u{FFFD}x"))
    XCTAssertEqual(try JSONValue.parse(#""\ud83d\ude00""#), .string("😀"))
    XCTAssertThrowsError(try JSONValue.parse(#""\ud800\u00""#))
  }

  /// The shortest text that reads back exactly.
  func testNumberFormatIsShortestRoundTrip() {
    let cases: [(Double, String)] = [
      (0.1, "0.1"), (3, "3"), (-7, "-7"), (0, "0"), (-0.0, "-0"), (1e-5, "1e-05"),
      (1.0 / 3, "0.3333333333333333"), (Double.leastNonzeroMagnitude, "5e-324"),
      (Double.greatestFiniteMagnitude, "1.7976931348623157e+308"), (1e15, "1000000000000000"),
      (1e17, "1e+17"),
      (123_456_789_012_345, "123456789012345"), (2.5, "2.5"),
    ]
    for (x, text) in cases {
      XCTAssertEqual(JSONValue.format(x), text)
      XCTAssertEqual(Double(JSONValue.format(x))?.bitPattern, x.bitPattern, text)
    }
    XCTAssertEqual(JSONValue.format(.infinity), "null")
    XCTAssertEqual(JSONValue.format(.nan), "null")
    // Many random values round-trip bit for bit through the writer and our reader.
    var rng = SplitMix64(seed: 31)
    for _ in 0..<2000 {
      let x = Double(bitPattern: rng.next())
      guard x.isFinite else { continue }
      guard case .number(let y) = try? JSONValue.parse(JSONValue.format(x)) else {
        return XCTFail("\(x) does not read back")
      }
      XCTAssertEqual(y.bitPattern, x.bitPattern, "\(x)")
    }
  }

  /// Numbers of every length and scale that the fast path takes (up to 19 significant digits,
  /// exponents within ±22 after scaling) or just misses read exactly as `Double(String)`
  /// (the standard library's correctly rounded reader) reads them.
  func testNumbersReadAsTheStandardLibraryReadsThem() {
    var rng = SplitMix64(seed: 32)
    var texts = [
      "0", "-0", "1", "-1", "0.5", "9007199254740992", "9007199254740993", "-9007199254740993",
      "1e22", "1e23", "1.5e-22", "123456789012345678", "1234567890123456789",
      "12345678901234567890", "0.000000000000000000000000001", "7e-324", "2.2250738585072011e-308",
      "00.5e1".dropFirst().description, "1E+2", "1e-0000000000000000000002", "4.35e0",
    ]
    for _ in 0..<3000 {
      let digits = 1 + rng.nextInt(below: 20)
      var mantissa = ""
      for _ in 0..<digits { mantissa += String(rng.nextInt(below: 10)) }
      let point = rng.nextInt(below: digits + 1)
      let sign = rng.nextInt(below: 2) == 0 ? "" : "-"
      let body =
        point == 0 ? "0." + mantissa : mantissa.prefix(point) + "." + mantissa.dropFirst(point)
      let trimmed = body.hasSuffix(".") ? String(body.dropLast()) : body
      let integerOK = !(trimmed.hasPrefix("0") && trimmed.count > 1 && !trimmed.hasPrefix("0."))
      guard integerOK else { continue }
      let exponent = rng.nextInt(below: 61) - 30
      texts.append(sign + trimmed)
      texts.append(sign + trimmed + "e" + String(exponent))
      texts.append(JSONValue.format(Double(rng.nextInt(below: 1 << 40)) * 1e-12 - 0.5))
    }
    for text in texts {
      guard let expected = Double(text) else { continue }
      guard case .number(let y) = try? JSONValue.parse(text) else {
        XCTFail("\(text) does not parse")
        continue
      }
      XCTAssertEqual(y.bitPattern, expected.bitPattern, text)
    }
  }

  func testWriterEscapesAndLayout() throws {
    let v = JSONValue.object([
      ("name", .string("a \"quoted\" \\ line\nbreak\u{01}")),
      ("list", .array([.number(1), .null])),
      ("nested", .array([.array([.number(1)]), .object([])])), ("flag", .bool(false)),
    ])
    XCTAssertEqual(
      v.compact,
      #"{"name":"a \"quoted\" \\ line\nbreak\u0001","list":[1,null],"#
        + #""nested":[[1],{}],"flag":false}"#)
    XCTAssertEqual(
      v.pretty,
      """
      {
        "name": "a \\"quoted\\" \\\\ line\\nbreak\\u0001",
        "list": [1, null],
        "nested": [
          [1],
          {}
        ],
        "flag": false
      }
      """)
    XCTAssertEqual(try JSONValue.parse(v.compact), v)
    XCTAssertEqual(try JSONValue.parse(v.pretty), v)
    XCTAssertEqual(JSONValue.array([]).pretty, "[]")
    XCTAssertEqual(JSONValue.object([]).pretty, "{}")
  }
}
