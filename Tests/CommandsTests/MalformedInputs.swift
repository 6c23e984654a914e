import Backprop
import Foundation

/// Seeded generators of malformed inputs for the fuzz tests: network files broken in each
/// way the hardening issue lists, and argument lists with missing, unknown, repeated and
/// out-of-range options.
enum MalformedInputs {
  /// A small valid network file as a JSON value, to break.
  static let network: JSONValue = {
    let text = """
      {"layers": [2, 3, 2], "activations": ["tanh", "sigmoid"], "cost": "quadratic",
       "weights": [[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]], [[0.7, -0.8, 0.9], [1.0, -1.1, 1.2]]],
       "biases": [[0.01, 0.02, 0.03], [0.04, 0.05]],
       "samples": [{"input": [1, 0.5], "target": [0, 1]}, {"input": [-1, 2], "target": [1, 0]}]}
      """
    return (try? JSONValue.parse(text)) ?? .null
  }()

  /// The valid document as compact text.
  static let validText = network.compact

  /// Every path of the document, and those of its arrays.
  static let paths: (all: [[String]], arrays: [[String]]) = {
    var all: [[String]] = []
    var arrays: [[String]] = []
    func walk(_ v: JSONValue, _ path: [String]) {
      switch v {
      case .array(let items):
        all.append(path)
        arrays.append(path)
        for (i, item) in items.enumerated() { walk(item, path + ["\(i)"]) }
      case .object(let members):
        if !path.isEmpty { all.append(path) }
        for (k, item) in members { walk(item, path + [k]) }
      default:
        all.append(path)
      }
    }
    walk(network, [])
    return (all, arrays)
  }()

  /// The kinds of breakage, each a function of the valid document and the generator.
  enum Breakage: CaseIterable {
    case truncated, garbage, wrongType, ragged, emptyArray, badSize, extraLayer, unknownName
    case unknownKey, specialNumber, deepNesting, hugeString, duplicateKey, byteOrderMark
    case overflow, missingKey, badTarget
  }

  /// A broken network file: its text, and whether it must be rejected (some breakages,
  /// such as a byte-order mark or a truncation inside trailing spaces, may leave it valid).
  static func networkText(_ breakage: Breakage, _ rng: inout SplitMix64) -> (String, Bool) {
    let valid = validText
    switch breakage {
    case .truncated:
      let cut = rng.nextInt(below: valid.count)
      return (String(valid.prefix(cut)), true)
    case .garbage:
      var chars = Array(valid)
      let pieces = ["{", "}", "[", "]", ",", ":", "\"", "x", "NaN", "Infinity", "-", ".", "1e"]
      chars.insert(
        contentsOf: pieces[rng.nextInt(below: pieces.count)], at: rng.nextInt(below: chars.count))
      return (String(chars), false)
    case .wrongType:
      let replacements: [JSONValue] = [
        .string("2"), .bool(true), .null, .object([]), .number(1), .array([.string("a")]),
      ]
      return (replacing(randomPath(&rng), with: replacements[rng.nextInt(below: 6)]), false)
    case .ragged:
      // One sample fewer is still a valid file; any other element is required.
      let (text, path) = removingOneElement(&rng)
      return (text, path != ["samples"])
    case .emptyArray:
      return (replacing(randomPath(&rng, arraysOnly: true), with: .array([])), true)
    case .badSize:
      let sizes: [JSONValue] = [.number(0), .number(-1), .number(2.5), .number(1e9), .number(-0.0)]
      return (
        replacing(["layers", "\(rng.nextInt(below: 3))"], with: sizes[rng.nextInt(below: 5)]), true
      )
    case .extraLayer:
      let sizes: JSONValue =
        rng.nextInt(below: 2) == 0
        ? .array([.number(2), .number(3), .number(2), .number(2)])
        : .array([.number(2), .number(2)])
      return (replacing(["layers"], with: sizes), true)
    case .unknownName:
      let path = [["activations", "0"], ["activations", "1"], ["cost"]][rng.nextInt(below: 3)]
      let names = ["bogus", "Sigmoid", "", "relu\n", "soft max"]
      return (replacing(path, with: .string(names[rng.nextInt(below: names.count)])), true)
    case .unknownKey:
      return (valid.dropLast() + ", \"extra\": 1}", true)
    case .specialNumber:
      let tokens = ["NaN", "Infinity", "-Infinity", "1e309", "-1e400", "nan", "0x10"]
      let token = tokens[rng.nextInt(below: tokens.count)]
      return (replacingNumber(valid, with: token, &rng), true)
    case .deepNesting:
      let depth = 100 + rng.nextInt(below: 600)
      let deep = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
      return (valid.replacingOccurrences(of: "[0.01,0.02,0.03]", with: deep), true)
    case .hugeString:
      let huge = String(repeating: "x", count: 1_000 + rng.nextInt(below: 20_000))
      let path = [["cost"], ["activations", "0"]][rng.nextInt(below: 2)]
      return (replacing(path, with: .string(huge)), true)
    case .duplicateKey:
      return ("{\"cost\": \"quadratic\", " + valid.dropFirst(), true)
    case .byteOrderMark:
      return ("\u{FEFF}" + valid, false)
    case .overflow:
      let big = ["1e308", "-1e308", "1e200", "1.7976931348623157e308"][rng.nextInt(below: 4)]
      return (
        valid.replacingOccurrences(of: "0.7", with: big).replacingOccurrences(of: "0.1", with: big),
        false
      )
    case .missingKey:
      let key = ["layers", "activations", "cost", "weights", "biases", "samples"][
        rng.nextInt(below: 6)]
      guard case .object(let members) = network else { return ("", true) }
      return (JSONValue.object(members.filter { $0.0 != key }).compact, true)
    case .badTarget:
      let value: JSONValue = [.number(2), .number(-1), .array([]), .string("1")][
        rng.nextInt(below: 4)]
      return (replacing(["samples", "0", "target", "0"], with: value), false)
    }
  }

  /// Invalid UTF-8: the valid text with a byte that cannot start or continue a character.
  static func invalidUTF8(_ rng: inout SplitMix64) -> Data {
    var bytes = Array(validText.utf8)
    let bad: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xE2, 0x28, 0xA1], [0x80], [0xF8, 0x88, 0x80]]
    bytes.insert(
      contentsOf: bad[rng.nextInt(below: bad.count)], at: rng.nextInt(below: bytes.count))
    return Data(bytes)
  }

  /// A random path to a node of the document (keys and indices as strings).
  static func randomPath(_ rng: inout SplitMix64, arraysOnly: Bool = false) -> [String] {
    let choices = arraysOnly ? paths.arrays : paths.all
    return choices[rng.nextInt(below: choices.count)]
  }

  /// The document with the node at `path` replaced, as compact text.
  static func replacing(_ path: [String], with new: JSONValue) -> String {
    func replace(_ v: JSONValue, _ rest: ArraySlice<String>) -> JSONValue {
      guard let head = rest.first else { return new }
      switch v {
      case .array(var items):
        guard let i = Int(head), items.indices.contains(i) else { return v }
        items[i] = replace(items[i], rest.dropFirst())
        return .array(items)
      case .object(let members):
        return .object(members.map { $0.0 == head ? ($0.0, replace($0.1, rest.dropFirst())) : $0 })
      default: return v
      }
    }
    return replace(network, path[...]).compact
  }

  /// The document with one element of a random non-empty array removed.
  static func removingOneElement(_ rng: inout SplitMix64) -> (String, [String]) {
    let path = randomPath(&rng, arraysOnly: true)
    var node = network
    for key in path {
      if case .array(let items) = node, let i = Int(key) { node = items[i] }
      if case .object = node { node = node[key] ?? .null }
    }
    guard case .array(var items) = node, !items.isEmpty else {
      return (replacing(path, with: .array([])), path)
    }
    items.remove(at: rng.nextInt(below: items.count))
    return (replacing(path, with: .array(items)), path)
  }

  /// The text with one number replaced by `token`.
  static func replacingNumber(_ text: String, with token: String, _ rng: inout SplitMix64) -> String
  {
    let numbers = ["0.1", "-0.2", "0.3", "0.4", "-0.5", "0.6", "0.01", "0.04", "0.5"]
    let target = numbers[rng.nextInt(below: numbers.count)]
    guard let range = text.range(of: target) else { return text }
    return text.replacingCharacters(in: range, with: token)
  }

  /// Option names of both commands, and some that no command has.
  static let options = [
    "--network", "--layers", "--activation", "--output-activation", "--cost", "--samples",
    "--seed", "--gradients", "--method", "--epsilon", "--rtol", "--atol", "--precision",
    "--entries", "--directional", "--format", "--verbose", "--quiet", "--taylor",
    "--max-parameters", "--input", "--target", "--sample", "--layer", "--param", "--view",
    "--ascii", "--arch", "--bogus", "-v", "-q", "-x", "--",
  ]

  /// Values, valid and not, for any option.
  static let values = [
    "2,2", "2,3,2", "1", "0", "-1", "2,,2", "2;2", "", " ", "0,2", "-1,2", "2", "1e3,2",
    "99999999999999999999,2", "2,2,", "relu", "softmax", "bogus", "quadratic", "mse",
    "cross-entropy", "central", "forward", "five-point", "complex-step", "1e-5", "0.0", "-1e-5",
    "nan", "inf", "1e-400", "1e400", "json", "markdown", "float", "W1[0,0]", "W1[", "b0[0]",
    "W1[-1,0]", "W99999999999999999999[0,0]", "b1[0]x", "index", "0,1", "1,0", "3",
    "dense:4,relu", "conv:3", "/nonexistent/net.json", "/", "--layers", "é", "1\n2",
    String(repeating: "9", count: 300),
  ]

  /// A seeded argument list of one to eight words: options with and without values,
  /// repeated, unknown, or followed by a value that is wrong for them.
  static func arguments(_ rng: inout SplitMix64) -> [String] {
    var out: [String] = []
    // Mostly a network source, so that parsing goes past the first check.
    if rng.nextInt(below: 4) != 0 {
      out += ["--layers", rng.nextInt(below: 2) == 0 ? "2,2" : "2,3,2"]
    }
    for _ in 0..<(1 + rng.nextInt(below: 6)) {
      switch rng.nextInt(below: 5) {
      case 0: out.append(options[rng.nextInt(below: options.count)])
      case 1: out.append(values[rng.nextInt(below: values.count)])
      default:
        let option = options[rng.nextInt(below: options.count)]
        let value = values[rng.nextInt(below: values.count)]
        out += rng.nextInt(below: 3) == 0 ? [option + "=" + value] : [option, value]
      }
    }
    return out
  }
}
