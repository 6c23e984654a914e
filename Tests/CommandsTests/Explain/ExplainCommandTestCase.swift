import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// What the nn-explain tests share: running the command in-process, temporary network
/// files, derivations of JSON networks, and the networks several tests use.
class ExplainCommandTestCase: XCTestCase {
  func run(_ arguments: [String]) -> (out: String, err: String, status: Int32) {
    let r = runTool(.explain, arguments)
    return (r.output, r.error, r.status.rawValue)
  }

  /// Writes `json` to a temporary network file and returns its path (removed at teardown).
  func networkFile(_ json: String, _ name: String) throws -> String {
    let directory = try TemporaryDirectory("explain")
    addTeardownBlock { directory.remove() }
    return try directory.write(json, "\(name).json")
  }

  func derivation(_ json: String, options: ExplainOptions = ExplainOptions()) throws -> Derivation {
    let file = try NetworkFile(json: json)
    return try Derivation.explain(file.network, samples: file.samples, options: options)
  }

  /// A random 2-2-2 sigmoid network with `sampleCount` samples, its derivation with
  /// `mistake` at 17 digits, and the plain implementation to check it against.
  func mistakenDerivation(_ mistake: InjectedMistake, samples sampleCount: Int) throws -> (
    file: NetworkFile, derivation: Derivation, plain: PlainMistakenBackprop
  ) {
    let file = try NetworkFile.random(
      RandomNetworkSpec(sizes: [2, 2, 2], sampleCount: sampleCount))
    var options = ExplainOptions(numberFormat: NumberFormat(digits: 17))
    options.mistake = mistake
    let d = try Derivation.explain(file.network, samples: file.samples, options: options)
    return (file, d, PlainMistakenBackprop(file.network))
  }

  /// Whether two plain-computed values differ beyond rounding.
  func differ(_ x: Double, _ y: Double) -> Bool {
    abs(x - y) > 1e-12 * max(abs(x), abs(y), 1e-300)
  }

  /// Every equation of the derivation, with the title of its section.
  func equations(_ d: Derivation) -> [(section: String, group: [DerivationEquation])] {
    d.sections.flatMap { s in
      s.blocks.compactMap { b -> (String, [DerivationEquation])? in
        if case .equations(let e) = b { return (s.title, e) }
        return nil
      }
    }
  }

  /// The last step of the equation whose left side is `lhs` (Unicode), as a number.
  func value(_ d: Derivation, lhs: String, firstStep: String? = nil) -> Double? {
    for (_, group) in equations(d) {
      for eq in group where eq.lhs.unicode.trimmingCharacters(in: .whitespaces) == lhs {
        if let firstStep, eq.steps.first?.ascii != firstStep { continue }
        if let last = eq.steps.last, let x = Double(last.unicode) { return x }
      }
    }
    return nil
  }

  static let hiddenSoftmax = """
    {"layers":[2,3,3],"activations":["softmax","softmax"],"cost":"quadratic",
     "weights":[[[0.5,-0.3],[0.2,0.8],[-0.7,0.1]],[[0.3,-0.2,0.9],[-0.5,0.4,0.1],[0.6,0.7,-0.8]]],
     "biases":[[0.1,-0.2,0.05],[0.0,0.3,-0.1]],
     "samples":[{"input":[0.4,-0.9],"target":[0.2,0.5,0.3]}]}
    """

  static let kink = """
    {"layers":[2,2,1],"activations":["relu","identity"],"cost":"quadratic",
     "weights":[[[1,0],[0,1]],[[1,1]]],"biases":[[0,0],[0]],
     "samples":[{"input":[0,1],"target":[0]}]}
    """

  /// Every pre-activation of the relu layers is exactly 0 (all weights and biases 0).
  static let zeroRelu = """
    {"layers":[3,4,4,2],"activations":["relu","relu","sigmoid"],"cost":"quadratic",
     "weights":[[[0,0,0],[0,0,0],[0,0,0],[0,0,0]],[[0,0,0,0],[0,0,0,0],[0,0,0,0],[0,0,0,0]],
                [[0,0,0,0],[0,0,0,0]]],
     "biases":[[0,0,0,0],[0,0,0,0],[0,0]],
     "samples":[{"input":[1,2,3],"target":[0,1]},{"input":[0,-1,0.5],"target":[1,1]}]}
    """

  /// sigmoid(1002) rounds to 1 with target 0: ∂C/∂a¹[0] = inf and σ′(z¹[0]) = 0.
  static let saturated = """
    {"layers":[2,2],"activations":["sigmoid"],"cost":"cross-entropy",
     "weights":[[[1000,2],[3,4]]],"biases":[[0,0]],
     "samples":[{"input":[1,1],"target":[0,0]}]}
    """
}
