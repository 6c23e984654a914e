import Backprop
import TestSupport
import XCTest

/// `--arch` texts: the issue's forms, options, and errors that name the token.
final class ArchitectureTests: XCTestCase {
  func testTheIssuesFormsParse() throws {
    let a = try Architecture.parse(
      "input 1x6x6, conv 2 3x3, relu, maxpool 2, flatten, dense 3, softmax")
    XCTAssertEqual(a.inputShape, .image(channels: 1, height: 6, width: 6))
    XCTAssertEqual(
      a.layers,
      [
        .conv(filters: 2, height: 3, width: 3, stride: 1, padding: .valid),
        .activation(.relu), .maxPool(size: 2, stride: 2), .flatten, .dense(units: 3),
        .activation(.softmax),
      ])
    XCTAssertEqual(
      try Architecture.parse("input 4x3, lstm 2, dense 1, sigmoid").layers,
      [.lstm(units: 2), .dense(units: 1), .activation(.sigmoid)])
    XCTAssertEqual(
      try Architecture.parse("input 4x3, rnn 3, dense 2, identity").inputShape,
      .sequence(steps: 4, features: 3))
    XCTAssertEqual(try Architecture.parse("input 3, dense 4, tanh").inputShape, .vector(3))
  }

  func testOptionsAndRoundTrip() throws {
    let text = "input 2x8x8, conv 4 3x2 stride 2 same, leaky-relu, avgpool 2 stride 1, flatten"
    let a = try Architecture.parse(text)
    XCTAssertEqual(
      a.layers[0], .conv(filters: 4, height: 3, width: 2, stride: 2, padding: .same))
    XCTAssertEqual(a.layers[2], .avgPool(size: 2, stride: 1))
    XCTAssertEqual(a.description, text)
    XCTAssertEqual(try Architecture.parse(a.description), a)
    XCTAssertEqual(
      try Architecture.parse("input 1x5x5, conv 1 3 padding same").layers[0],
      .conv(filters: 1, height: 3, width: 3, stride: 1, padding: .same))
  }

  func testErrorsNameTheToken() {
    let cases: [(String, ArchitectureError)] = [
      ("dense 3", .missingInput(found: "dense 3")),
      ("input 1x0x6, flatten", .badShape(token: "1x0x6")),
      ("input 1x2x3x4, flatten", .badShape(token: "1x2x3x4")),
      ("input 3, convv 2", .unknownLayer(token: "convv", known: [])),
      ("input 3, dense two", .badNumber(token: "two", layer: "dense two", expected: "")),
      ("input 3, dense 2 3", .unexpected(token: "3", layer: "dense 2 3")),
      ("input 1x5x5, conv 2 3y3", .badNumber(token: "3y3", layer: "conv 2 3y3", expected: "")),
      ("input 3", .noLayers),
      ("input 3, , dense 2", .unknownLayer(token: "", known: [])),
      (
        "input 1x9x9, conv 1 3x3 stride 2 stride 3",
        .repeated(option: "stride", layer: "conv 1 3x3 stride 2 stride 3")
      ),
      (
        "input 1x9x9, conv 1 3x3 same padding valid",
        .repeated(option: "padding", layer: "conv 1 3x3 same padding valid")
      ),
      (
        "input 1x9x9, maxpool 2 stride 1 stride 2",
        .repeated(option: "stride", layer: "maxpool 2 stride 1 stride 2")
      ),
    ]
    for (text, expected) in cases {
      XCTAssertThrowsError(try Architecture.parse(text), text) { error in
        guard let e = error as? ArchitectureError else { return XCTFail(text) }
        switch (e, expected) {
        case (.unknownLayer(let a, _), .unknownLayer(let b, _)): XCTAssertEqual(a, b, text)
        case (.badNumber(let a, let la, _), .badNumber(let b, let lb, _)):
          XCTAssertEqual([a, la], [b, lb], text)
        default: XCTAssertEqual(e, expected, text)
        }
        XCTAssertFalse(e.description.isEmpty)
      }
    }
  }
}
