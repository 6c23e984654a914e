import CommandLineSupport
import Foundation
import XCTest

@testable import Backprop
@testable import Commands

/// nn-explain's words for the library's typed `ExplainError`s: each names its option and
/// exits 64 (usage), or 65 (bad data) for samples that do not fit the network.
final class ExplainErrorTests: ExplainCommandTestCase {
  func testOutOfRangeOptionsNameTheirFlag() {
    let cases: [([String], String)] = [
      (
        ["--layers", "2,2", "--sample", "1"],
        "--sample must be from 0 to 0 (there is 1 sample), got 1"
      ),
      (
        ["--layers", "2,3,2", "--samples", "3", "--sample", "5"],
        "--sample must be from 0 to 2 (there are 3 samples), got 5"
      ),
      (["--layers", "2,2", "--layer", "2"], "--layer must be from 1 to 1, got 2"),
      (["--layers", "2,2,2", "--layer", "0"], "--layer must be from 1 to 2, got 0"),
      (
        ["--layers", "2,3,1", "--param", "W3[0,0]"],
        "--param 'W3[0,0]' is not a parameter of this network; write W2[0,0] or b2[0] with "
          + "0-based indices (W1 is 3x2, b1 has 3 entries; W2 is 1x3, b2 has 1 entry)"
      ),
    ]
    for (arguments, message) in cases {
      let r = run(arguments)
      XCTAssertEqual(r.status, 64, "\(arguments)")
      XCTAssertEqual(r.out, "", "\(arguments)")
      // Long messages are wrapped to 80 columns.
      let flat = r.err.split(whereSeparator: \.isWhitespace).joined(separator: " ")
      XCTAssertTrue(flat.hasPrefix("Error: " + message + " "), "\(arguments)\n\(r.err)")
    }
  }

  func testEveryCaseHasTheCommandsWords() throws {
    let network = try NetworkFile(json: Self.kink).network
    let bad = NetworkError(field: "samples[0].input", message: "expected 2 numbers, found 1")
    let outside = ParameterIndex(layer: 1, kind: .bias(row: 9), columns: 2)
    let expected: [(ExplainError, CommandError)] = [
      (.noSamples, CommandError(.dataError, "samples: expected at least one sample, found none")),
      (
        .invalidSample(bad),
        CommandError(.dataError, "samples[0].input: expected 2 numbers, found 1")
      ),
      (
        .sampleOutOfRange(index: 4, count: 2),
        .usage("--sample must be from 0 to 1 (there are 2 samples), got 4")
      ),
      (.layerOutOfRange(layer: 7, depth: 1), .usage("--layer must be from 1 to 1, got 7")),
      (
        .mistakeImpossible(.transpose, .nonSquareWeights),
        .usage(
          "--mistake transpose cannot happen in this network: it needs the weight matrices "
            + "of the hidden layers square (equal sizes after the input), e.g. --layers 2,2,2")
      ),
      (
        .mistakeImpossible(.sumInsteadOfMean, .singleSample),
        .usage(
          "--mistake sum-instead-of-mean changes nothing here: with one sample the sum is the "
            + "mean; use e.g. --samples 2")
      ),
      (
        .mistakeImpossible(.derivativeOfActivation, .sameDerivativeAtActivation),
        .usage(
          "--mistake derivative-of-activation changes nothing here: for relu, leaky-relu and "
            + "identity f'(a) = f'(z) (a > 0 exactly when z > 0), and softmax's Jacobian is "
            + "taken whole, so computing f'(a) changes nothing; use e.g. --activation sigmoid")
      ),
      (
        .mistakeImpossible(.missingOutputDerivative, .identityOutput),
        .usage(
          "--mistake missing-output-derivative changes nothing here: the output activation is "
            + "identity, whose f'(z) = 1, so leaving f'(z^L) out of delta^L changes nothing; "
            + "use e.g. --output-activation sigmoid")
      ),
    ]
    for (error, command) in expected {
      XCTAssertEqual(ExplainCommand.commandError(error, network: network), command, "\(error)")
    }
    for error in [ExplainError.unknownParameter(name: "q"), .parameterOutOfRange(outside)] {
      let command = ExplainCommand.commandError(error, network: network)
      XCTAssertEqual(command.status, .usage)
      XCTAssertTrue(command.message.hasPrefix("--param '"), command.message)
      XCTAssertTrue(command.message.contains("is not a parameter of this network"))
    }
  }
}
