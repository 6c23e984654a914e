import Backprop
import TestSupport
import XCTest

/// The update section of a derivation (`ExplainOptions.update`): where it sits, its numbers
/// against the classic 2-2-2 example's published step, and its JSON member.
final class UpdateSectionTests: XCTestCase {
  private let classic = """
    {"layers": [2, 2, 2], "activations": ["sigmoid", "sigmoid"], "cost": "quadratic",
     "weights": [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]],
     "biases": [[0.35, 0.35], [0.6, 0.6]],
     "samples": [{"input": [0.05, 0.1], "target": [0.01, 0.99]}]}
    """

  private func derivation(_ update: ExplainUpdate?) throws -> Derivation {
    let file = try NetworkFile(json: classic)
    var options = ExplainOptions()
    options.update = update
    return try Derivation.explain(file.network, samples: file.samples, options: options)
  }

  func testTheSectionComesAfterTheGradientsOnlyWhenAskedFor() throws {
    let plain = try derivation(nil)
    XCTAssertFalse(plain.sections.map(\.title).contains("Update"))
    XCTAssertNil(plain.data.update)
    XCTAssertNil(plain.json["update"])
    let d = try derivation(ExplainUpdate(learningRate: 0.5))
    XCTAssertEqual(
      d.sections.map(\.title),
      [
        "Network", "Notation", "Forward pass", "Cost", "Backward pass", "Gradients", "Update",
        "Check",
      ])
  }

  func testThePublishedStepInTextAndJSON() throws {
    let d = try derivation(ExplainUpdate(learningRate: 0.5, freezeBiases: true))
    let text = d.renderText(.unicode)
    // w5 = W²[0,0]: 0.4 − 0.5 · 0.082167 = 0.358916 (published 0.35891648).
    XCTAssertTrue(
      text.contains("W²[0,0]⁺ = W²[0,0] − η ∂C/∂W²[0,0] = 0.4 − 0.5 · 0.082167 = 0.358916"), text)
    XCTAssertTrue(
      text.contains("W¹[0,0]⁺ = W¹[0,0] − η ∂C/∂W¹[0,0] = 0.15 − 0.5 · 0.000438568 = 0.149781"))
    XCTAssertFalse(text.contains("b¹[0]⁺ = b¹[0] −"), "frozen biases are not listed as moving")
    for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "\(line)") }
    guard case .object(let members) = d.json["update"] else { return XCTFail("no update member") }
    XCTAssertEqual(
      members.map(\.0),
      ["learningRate", "updateOrder", "freezeBiases", "weights", "biases", "cost"])
    XCTAssertEqual(d.json["update"]?["learningRate"], .number(0.5))
    XCTAssertEqual(
      d.json["update"]?["biases"],
      .array([
        .array([.number(0.35), .number(0.35)]), .array([.number(0.6), .number(0.6)]),
      ]))
    guard case .array(let w) = d.json["update"]?["weights"], case .array(let w2) = w[1],
      case .array(let row) = w2[0], case .number(let w5) = row[0],
      case .number(let cost) = d.json["update"]?["cost"]
    else { return XCTFail("no weights") }
    XCTAssertEqual(w5, 0.35891648, accuracy: 5e-9)
    // Parallel order: 0.291027774 (numpy), not the published 0.291027924.
    XCTAssertEqual(cost, 0.2910277737, accuracy: 5e-11)
  }

  func testTheSequentialOrderGivesThePublishedError() throws {
    let d = try derivation(ExplainUpdate(learningRate: 0.5, order: .sequential, freezeBiases: true))
    XCTAssertEqual(d.data.update?.costAfter ?? 0, 0.291027924, accuracy: 5e-10)
    XCTAssertEqual(d.json["update"]?["updateOrder"], .string("sequential"))
    XCTAssertTrue(d.renderText(.ascii).contains("Sequential order"))
  }

  func testLargeNetworksAreSummarized() throws {
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [30, 20, 3]))
    var options = ExplainOptions()
    options.update = ExplainUpdate(learningRate: 0.1)
    let d = try Derivation.explain(file.network, samples: file.samples, options: options)
    let text = d.renderText(.unicode)
    XCTAssertFalse(text.contains("Every parameter\n"), "no index listing for 683 parameters")
    XCTAssertTrue(text.contains("W¹⁺ = "))
    for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "\(line)") }
  }
}
