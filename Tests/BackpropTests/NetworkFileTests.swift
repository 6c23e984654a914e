import Backprop
import Foundation
import TestSupport
import XCTest

/// The fields of a small valid network file, as JSON text, in file order.
private let validFields: [(String, String)] = [
  ("layers", "[2, 2, 2]"),
  ("activations", #"["sigmoid", "tanh"]"#),
  ("cost", #""quadratic""#),
  ("weights", "[[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]]"),
  ("biases", "[[0.1, 0.2], [0.3, 0.4]]"),
  ("samples", #"[{"input": [1, 2], "target": [0, 1]}]"#),
]

/// A network file with some fields replaced (or removed, for `nil`) and others appended.
private func networkText(_ changes: [String: String?] = [:], extra: [(String, String)] = [])
  -> String
{
  var members: [String] = []
  for (key, value) in validFields {
    if let change = changes[key] {
      if let change { members.append("\"\(key)\": \(change)") }
    } else {
      members.append("\"\(key)\": \(value)")
    }
  }
  for (key, value) in extra { members.append("\"\(key)\": \(value)") }
  return "{" + members.joined(separator: ",\n ") + "}"
}

final class NetworkFileTests: XCTestCase {
  /// Asserts that reading `text` fails with exactly `path` and a message containing every
  /// one of `fragments`.
  private func assertRejects(
    _ text: String, path: String, _ fragments: String..., file: StaticString = #filePath,
    line: UInt = #line
  ) {
    do {
      let read = try NetworkFile(json: text)
      XCTFail("accepted: \(read.network.sizes)\n\(text)", file: file, line: line)
    } catch {
      XCTAssertEqual(error.field, path, "\(error)", file: file, line: line)
      for f in fragments {
        XCTAssertTrue(
          error.message.contains(f), "\"\(error)\" lacks \"\(f)\"", file: file, line: line)
      }
      XCTAssertEqual(error.description, "\(error.field): \(error.message)", file: file, line: line)
    }
  }

  func testValidFileReads() throws {
    let file = try NetworkFile(json: networkText())
    XCTAssertEqual(file.network.sizes, [2, 2, 2])
    XCTAssertEqual(file.network.activations, [.sigmoid, .tanh])
    XCTAssertEqual(file.network.cost, .quadratic)
    // weights[i][j][k] is W^(i+1)[j, k].
    XCTAssertEqual(file.network.weight(2)[1, 0], 0.7)
    XCTAssertEqual(file.network.weight(1)[0, 1], 0.2)
    XCTAssertEqual(file.network.bias(2), [0.3, 0.4])
    XCTAssertEqual(file.samples, [Sample(input: [1, 2], target: [0, 1])])
  }

  func testRaggedArraysAreRejected() {
    assertRejects(
      networkText(["weights": "[[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6, 0.9], [0.7, 0.8]]]"]),
      path: "weights[1][0]", "expected 2 numbers", "found 3")
    assertRejects(
      networkText(["weights": "[[[0.1, 0.2], [0.3]], [[0.5, 0.6], [0.7, 0.8]]]"]),
      path: "weights[0][1]", "expected 2 numbers", "found 1")
    assertRejects(
      networkText(["biases": "[[0.1, 0.2, 0.3], [0.3, 0.4]]"]),
      path: "biases[0]", "expected 2 numbers", "found 3")
  }

  func testOneExpectedNumberIsSingular() {
    let text = """
      {"layers": [1, 1], "activations": ["sigmoid"], "cost": "quadratic",
       "weights": [[[0.1, 0.2]]], "biases": [[0]],
       "samples": [{"input": [1], "target": [0]}]}
      """
    assertRejects(text, path: "weights[0][0]", "expected 1 number (the size of layer 0)", "found 2")
  }

  func testWrongCountsAreRejected() {
    assertRejects(
      networkText(["weights": "[[[0.1, 0.2], [0.3, 0.4]]]"]), path: "weights", "expected 2",
      "found 1")
    assertRejects(
      networkText(["weights": "[[[0.1, 0.2], [0.3, 0.4], [0, 0]], [[0.5, 0.6], [0.7, 0.8]]]"]),
      path: "weights[0]", "expected 2 rows", "found 3")
    assertRejects(
      networkText(["biases": "[[0.1, 0.2], [0.3, 0.4], [1, 1]]"]), path: "biases", "expected 2",
      "found 3")
    assertRejects(
      networkText(["activations": #"["sigmoid"]"#]), path: "activations",
      "expected 2 activation names", "found 1")
    assertRejects(networkText(["layers": "[2]"]), path: "layers", "at least 2", "found 1")
    assertRejects(networkText(["layers": "[2, 0, 2]"]), path: "layers[1]", "found 0")
    assertRejects(networkText(["layers": "[2, 2.5, 2]"]), path: "layers[1]", "found 2.5")
    assertRejects(networkText(["layers": "[2, -1, 2]"]), path: "layers[1]", "found -1")
    // A huge layer is refused before anything is allocated.
    assertRejects(networkText(["layers": "[2, 1e12, 2]"]), path: "layers[1]", "at most")
  }

  func testUnknownNamesAreRejected() {
    assertRejects(
      networkText(["activations": #"["sigmoid", "sigmoidal"]"#]), path: "activations[1]",
      "unknown activation \"sigmoidal\"", "leaky-relu")
    assertRejects(
      networkText(["cost": #""hinge""#]), path: "cost", "unknown cost \"hinge\"",
      "categorical-cross-entropy")
    // Names are exact: the Swift case name is not a file name.
    assertRejects(
      networkText(["activations": #"["leakyReLU", "tanh"]"#]), path: "activations[0]",
      "unknown activation")
    assertRejects(
      networkText(["cost": #""crossEntropy""#]), path: "cost", "unknown cost")
  }

  func testNonNumbersAreRejected() {
    assertRejects(
      networkText(["weights": #"[[[0.1, 0.2], ["x", 0.4]], [[0.5, 0.6], [0.7, 0.8]]]"#]),
      path: "weights[0][1][0]", "expected a number", "found a string")
    assertRejects(
      networkText(["biases": "[[0.1, null], [0.3, 0.4]]"]), path: "biases[0][1]",
      "expected a number", "found null")
    assertRejects(
      networkText(["samples": #"[{"input": [true, 2], "target": [0, 1]}]"#]),
      path: "samples[0].input[0]", "expected a number", "found a boolean")
    assertRejects(
      networkText(["weights": "[[[0.1, 0.2], [0.3, 0.4]], 7]"]), path: "weights[1]",
      "expected an array", "found a number")
    assertRejects(networkText(["cost": "3"]), path: "cost", "expected a string")
    assertRejects(networkText(["layers": #""2,2,2""#]), path: "layers", "expected an array")
  }

  func testNonFiniteNumbersAreRejected() {
    assertRejects(
      networkText(["biases": "[[0.1, 0.2], [1e999, 0.4]]"]), path: "biases[1][0]", "finite")
    assertRejects(
      networkText(["weights": "[[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, -1e999]]]"]),
      path: "weights[1][1][1]", "finite")
    assertRejects(
      networkText(["samples": #"[{"input": [1, 2], "target": [0, 1e400]}]"#]),
      path: "samples[0].target[1]", "finite")
  }

  func testSamplesAreValidated() {
    assertRejects(networkText(["samples": "[]"]), path: "samples", "at least one sample")
    assertRejects(
      networkText(["samples": #"[{"input": [1, 2, 3], "target": [0, 1]}]"#]),
      path: "samples[0].input", "expected 2 numbers", "found 3")
    assertRejects(
      networkText(
        ["samples": #"[{"input": [1, 2], "target": [0, 1]}, {"input": [1, 2], "target": [0]}]"#]
      ), path: "samples[1].target", "expected 2 numbers", "found 1")
    assertRejects(
      networkText(["samples": #"[{"input": [1, 2]}]"#]), path: "samples[0].target", "missing")
    assertRejects(
      networkText(["samples": #"[{"input": [1, 2], "target": [0, 1], "label": "cat"}]"#]),
      path: "samples[0].label", "unknown field")
    assertRejects(networkText(["samples": "[[1, 2]]"]), path: "samples[0]", "expected an object")
  }

  func testMissingAndUnknownFieldsAreRejected() {
    for (key, _) in validFields {
      var removed: [String: String?] = [:]
      removed[key] = .some(nil)
      assertRejects(networkText(removed), path: key, "missing required field")
    }
    assertRejects(
      networkText(extra: [("learningRate", "0.1")]), path: "learningRate", "unknown field")
    assertRejects("[1, 2]", path: "(root)", "expected an object", "found an array")
  }

  func testDuplicateKeysAreRejected() {
    assertRejects(
      networkText(extra: [("cost", #""mse""#)]), path: "cost", "more than once")
    assertRejects(
      networkText(["samples": #"[{"input": [1, 2], "target": [0, 1], "input": [3, 4]}]"#]),
      path: "samples[0].input", "more than once")
  }

  func testInvalidJSONReportsLineAndColumn() {
    assertRejects(
      "{\"layers\": [2, 2,\n  2}", path: "(root)", "invalid JSON", "line 2, column 4",
      "expected ',' or ']'")
    assertRejects("", path: "(root)", "invalid JSON", "line 1, column 1")
    assertRejects(
      networkText() + " x", path: "(root)", "invalid JSON", "line 6", "after the JSON value")
    assertRejects("{\"layers\": [2, 2,]}", path: "(root)", "line 1, column 18")
    assertRejects("{\"layers\": [01]}", path: "(root)", "invalid JSON")
    assertRejects("{\"layers\": NaN}", path: "(root)", "invalid JSON")
    assertRejects("{'layers': [2]}", path: "(root)", "expected a string key")
  }

  func testCrossEntropyTargetsMustBeProbabilities() {
    let ce = ["cost": #""cross-entropy""#, "activations": #"["tanh", "sigmoid"]"#]
    XCTAssertNoThrow(try NetworkFile(json: networkText(ce)))
    var bad = ce
    bad["samples"] = #"[{"input": [1, 2], "target": [0, 1.5]}]"#
    assertRejects(networkText(bad), path: "samples[0].target[1]", "[0, 1]", "found 1.5")
    bad["cost"] = #""categorical-cross-entropy""#
    bad["samples"] = #"[{"input": [1, 2], "target": [-0.5, 1]}]"#
    assertRejects(networkText(bad), path: "samples[0].target[0]", "[0, 1]", "found -0.5")
    // Quadratic cost takes any target.
    XCTAssertNoThrow(
      try NetworkFile(
        json: networkText(["samples": #"[{"input": [1, 2], "target": [-3, 7.5]}]"#])))
    // Cross-entropy needs sigmoid or softmax outputs.
    assertRejects(
      networkText(["cost": #""cross-entropy""#]), path: "activations[1]", "sigmoid or softmax",
      "found tanh")
  }

  // MARK: - Round trips

  /// Writing and reading back gives bit-identical Doubles, in pretty and compact form,
  /// including awkward values.
  func testRoundTripIsExact() throws {
    XCTAssertEqual(Double.leastNonzeroMagnitude.description, "5e-324")
    let awkward: [Double] = [
      0.1, 1.0 / 3, Double.leastNonzeroMagnitude, 1.7976931348623157e308, -0.0, 0, -1.0 / 3,
      2.2250738585072014e-308,
      1e15, 1e16, 123_456_789_012_345_680, 9_007_199_254_740_994, 1e-7, -2.5e-300, 0.3,
      Double.pi, 4.35, 100, -7,
    ]
    var rng = SplitMix64(seed: 77)
    let random = (0..<40).map { _ in (rng.nextGaussian() * 1e3).rounded() / 7 }
    let values = awkward + random
    var net = try NetworkFile.random(
      RandomNetworkSpec(sizes: [3, 5, 4], cost: .mse, sampleCount: 3, seed: 3))
    var i = 0
    for index in net.network.parameterIndices {
      net.network[index] = values[i % values.count]
      i += 1
    }
    net.samples[0].input = [Double.leastNonzeroMagnitude, -0.0, 1.7976931348623157e308]
    net.samples[1].target = [0.1, 1.0 / 3, -0.0, 1e-300]
    for text in [net.json.pretty, net.json.compact] {
      let back = try NetworkFile(json: text)
      XCTAssertEqual(back.network.sizes, net.network.sizes)
      XCTAssertEqual(back.network.activations, net.network.activations)
      XCTAssertEqual(back.network.cost, net.network.cost)
      for index in net.network.parameterIndices {
        XCTAssertEqual(
          back.network[index].bitPattern, net.network[index].bitPattern,
          "\(index): \(back.network[index]) vs \(net.network[index])")
      }
      for (s, t) in zip(back.samples, net.samples) {
        XCTAssertEqual(s.input.map(\.bitPattern), t.input.map(\.bitPattern))
        XCTAssertEqual(s.target.map(\.bitPattern), t.target.map(\.bitPattern))
      }
    }
    XCTAssertFalse(net.json.compact.contains("\n"))
  }

  /// The exact text of a small file: the format other tools rely on.
  func testWrittenFormatIsTheDocumentedOne() throws {
    let file = try NetworkFile(json: networkText())
    XCTAssertEqual(
      file.json.compact,
      #"{"layers":[2,2,2],"activations":["sigmoid","tanh"],"cost":"quadratic","#
        + #""weights":[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6],[0.7,0.8]]],"#
        + #""biases":[[0.1,0.2],[0.3,0.4]],"samples":[{"input":[1,2],"target":[0,1]}]}"#)
    XCTAssertEqual(
      file.json.pretty,
      """
      {
        "layers": [2, 2, 2],
        "activations": ["sigmoid", "tanh"],
        "cost": "quadratic",
        "weights": [
          [
            [0.1, 0.2],
            [0.3, 0.4]
          ],
          [
            [0.5, 0.6],
            [0.7, 0.8]
          ]
        ],
        "biases": [
          [0.1, 0.2],
          [0.3, 0.4]
        ],
        "samples": [
          {
            "input": [1, 2],
            "target": [0, 1]
          }
        ]
      }
      """)
  }

  // MARK: - Gradient files

  private func gradientNetwork() throws -> Network {
    try NetworkFile(json: networkText()).network
  }

  private func assertGradientRejects(
    _ text: String, path: String, _ fragments: String..., file: StaticString = #filePath,
    line: UInt = #line
  ) throws {
    let net = try gradientNetwork()
    do {
      _ = try GradientFile.read(json: text, for: net)
      XCTFail("accepted \(text)", file: file, line: line)
    } catch {
      XCTAssertEqual(error.field, path, "\(error)", file: file, line: line)
      for f in fragments {
        XCTAssertTrue(
          error.message.contains(f), "\"\(error)\" lacks \"\(f)\"", file: file, line: line)
      }
    }
  }

  func testGradientFilesWithWrongShapesAreRejected() throws {
    let w = "[[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]]"
    let b = "[[0.1, 0.2], [0.3, 0.4]]"
    XCTAssertNoThrow(
      try GradientFile.read(json: #"{"weights": \#(w), "biases": \#(b)}"#, for: gradientNetwork()))
    try assertGradientRejects(
      #"{"weights": [[[0.1, 0.2], [0.3, 0.4]]], "biases": \#(b)}"#, path: "weights",
      "expected 2", "found 1")
    try assertGradientRejects(
      #"{"weights": [[[0.1, 0.2], [0.3, 0.4]], [[0.5], [0.7, 0.8]]], "biases": \#(b)}"#,
      path: "weights[1][0]", "expected 2 numbers", "found 1")
    try assertGradientRejects(
      #"{"weights": \#(w), "biases": [[0.1, 0.2], [0.3, 0.4, 0.5]]}"#, path: "biases[1]",
      "expected 2 numbers", "found 3")
    try assertGradientRejects(#"{"weights": \#(w)}"#, path: "biases", "missing")
    try assertGradientRejects(
      #"{"weights": \#(w), "biases": \#(b), "grads": 1}"#, path: "grads", "unknown field")
    try assertGradientRejects(
      #"{"weights": \#(w), "biases": \#(b), "cost": "low"}"#, path: "cost", "expected a number")
    try assertGradientRejects(
      #"{"weights": \#(w), "biases": [[0.1, 0.2], [0.3, 1e999]]}"#, path: "biases[1][1]",
      "finite")
    try assertGradientRejects(#"{"weights": \#(w), "#, path: "(root)", "invalid JSON")
  }

  func testGradientFileRoundTripIsExact() throws {
    let file = try NetworkFile.random(
      RandomNetworkSpec(sizes: [3, 2, 2], cost: .quadratic, sampleCount: 2, seed: 8))
    var g = file.network.gradients(over: file.samples)
    g.weights[0][0, 0] = Double.leastNonzeroMagnitude  // 5e-324
    g.biases[1][1] = -0.0
    for text in [GradientFile.json(g).compact, GradientFile.json(g).pretty] {
      let back = try GradientFile.read(json: text, for: file.network)
      XCTAssertEqual(back.flattened.map(\.bitPattern), g.flattened.map(\.bitPattern))
      XCTAssertEqual(back.cost?.bitPattern, g.cost?.bitPattern)
      XCTAssertTrue(back.hasShape(of: file.network))
    }
    // The cost is optional.
    g.cost = nil
    XCTAssertNil(try GradientFile.read(json: GradientFile.json(g).compact, for: file.network).cost)
  }

  // MARK: - Files on disk

  func testReadingFilesFromDisk() throws {
    let directory = try TemporaryDirectory("network-file")
    let dir = directory.url
    let good = dir.appendingPathComponent("net.json").path
    let bad = dir.appendingPathComponent("bad.json").path
    try networkText().write(toFile: good, atomically: true, encoding: .utf8)
    try networkText(["cost": #""hinge""#]).write(toFile: bad, atomically: true, encoding: .utf8)
    XCTAssertEqual(try NetworkFile(contentsOf: good).network.sizes, [2, 2, 2])
    XCTAssertThrowsError(try NetworkFile(contentsOf: bad)) { error in
      guard case .invalid(let path, let e) = error as? FileError else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(path, bad)
      XCTAssertEqual(e.field, "cost")
      XCTAssertTrue("\(error)".hasPrefix("\(bad): cost: unknown cost"), "\(error)")
    }
    let missing = dir.appendingPathComponent("nope.json").path
    XCTAssertThrowsError(try NetworkFile(contentsOf: missing)) { error in
      XCTAssertEqual(error as? FileError, .unreadable(path: missing, reason: "no such file"))
    }
    XCTAssertThrowsError(try NetworkFile(contentsOf: dir.path)) { error in
      guard case .unreadable = error as? FileError else { return XCTFail("\(error)") }
    }
    let binary = dir.appendingPathComponent("bin.json").path
    _ = FileManager.default.createFile(atPath: binary, contents: Data([0xFF, 0xFE, 0x00, 0xC3]))
    XCTAssertThrowsError(try NetworkFile(contentsOf: binary)) { error in
      guard case .invalid = error as? FileError else { return XCTFail("\(error)") }
    }
  }

  func testAnEmptyDeviceIsInvalidDataNotUnreadable() {
    // /dev/null opens and reads fine: it holds nothing, which is bad data (65).
    XCTAssertThrowsError(try NetworkFile(contentsOf: "/dev/null")) { error in
      guard case .invalid(_, let e) = error as? FileError else { return XCTFail("\(error)") }
      XCTAssertEqual(e.message, "the file is empty")
    }
  }

  func testHugeLayerSizesInAFileAreRefusedBeforeAllocating() {
    let text = """
      {"layers": [1000000, 1000000], "activations": ["sigmoid"], "cost": "quadratic",
       "weights": [[[]]], "biases": [[]], "samples": []}
      """
    XCTAssertThrowsError(try NetworkFile(json: text)) { error in
      XCTAssertEqual((error as? NetworkError)?.field, "layers")
      XCTAssertTrue("\(error)".contains("at most 5000000"), "\(error)")
    }
    // Enough huge layers to overflow an Int count must not trap either.
    let many = Array(repeating: "1000000", count: 20_000).joined(separator: ",")
    XCTAssertThrowsError(
      try NetworkFile(
        json: #"{"layers": [\#(many)], "activations": [], "cost": "quadratic", "#
          + #""weights": [], "biases": [], "samples": []}"#))
  }
}
