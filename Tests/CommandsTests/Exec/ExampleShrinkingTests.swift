import Backprop
import BackpropExample
import XCTest

/// Shrinking failures of the example program's mistakes, run in-process (the same code as
/// the `backprop-example` binary, without starting a process per candidate).
final class ExampleShrinkingTests: XCTestCase {
  private func shrink(_ bug: ExampleBug, _ space: TrialSpace) throws -> ExecResult {
    let networks = (0..<3).compactMap { space.network(trial: $0) }
    let result = ExecCheck.run(networks: networks, options: GradientCheckOptions(), jobs: 1) {
      file in
      guard let text = ExampleProgram.answer(file.json.compact, bug: bug) else {
        return .failure(.notJSON("no answer"))
      }
      return .output(Array(text.utf8))
    }
    XCTAssertNotNil(result.shrink, "\(bug) was not caught")
    return result
  }

  func testADeepOnlyMistakeShrinksToExactlyThreeWeightLayers() throws {
    let space = TrialSpace(
      layers: 3...6, sizes: 2...5, samples: 1...4, activations: [.sigmoid, .tanh], seed: 4)
    let minimal = try XCTUnwrap(try shrink(.deepOnly, space).shrink?.minimal)
    XCTAssertEqual(minimal.network.depth, 3, "\(minimal.network.sizes)")
    for hidden in minimal.network.sizes.dropFirst().dropLast() {
      XCTAssertTrue((1...2).contains(hidden), "\(minimal.network.sizes)")
    }
  }

  func testAMultiSampleMistakeShrinksToTwoSamples() throws {
    let space = TrialSpace(layers: 1...3, sizes: 1...4, samples: 2...5, seed: 8)
    let result = try shrink(.multiSample, space)
    let minimal = try XCTUnwrap(result.shrink?.minimal)
    XCTAssertEqual(minimal.samples.count, 2)
    XCTAssertEqual(minimal.network.sizes, [1, 1], "nothing else is needed to show it")
  }

  func testTheMinimalNetworkKeepsTheDiagnosis() throws {
    let space = TrialSpace(layers: 2...3, sizes: 2...4, samples: 2...3, seed: 2)
    let report = try XCTUnwrap(try shrink(.sumInsteadOfMean, space).minimalReport)
    XCTAssertEqual(report.diagnosis.first?.cause, .sumInsteadOfMean)
    XCTAssertEqual(report.sampleCount, 2)
  }
}
