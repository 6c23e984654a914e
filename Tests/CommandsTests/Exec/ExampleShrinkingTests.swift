import Backprop
import BackpropExample
import XCTest

/// Shrinking failures of the example program's mistakes, run in-process (the same code as
/// the `backprop-example` binary, without starting a process per candidate).
final class ExampleShrinkingTests: XCTestCase {
  private func shrink(_ bug: ExampleBug, _ space: TrialSpace) throws -> ExecResult {
    let networks = (0..<3).compactMap { space.network(trial: $0) }
    return try shrink(bug, networks)
  }

  private func shrink(_ bug: ExampleBug, _ networks: [NetworkFile]) throws -> ExecResult {
    let result = ExecCheck.run(networks: networks, options: GradientCheckOptions(), jobs: 1) {
      file in
      if bug == .crashDeep && file.network.depth >= 3 {
        return .failure(.exit(code: 3, stderr: "Fatal error"))
      }
      guard let text = ExampleProgram.answer(file.json.compact, bug: bug) else {
        return .failure(.notJSON("no answer"))
      }
      return .output(Array(text.utf8))
    }
    XCTAssertNotNil(result.shrink, "\(bug) was not caught")
    return result
  }

  /// The mistakes that make gradients disagree (not crashes, hangs or bad output).
  private let gradientBugs: [ExampleBug] = [
    .sign, .scale, .sumInsteadOfMean, .missingOutputDerivative, .derivativeOfActivation,
    .previousActivation, .bias, .transpose, .deepOnly, .multiSample,
  ]

  func testShrinkingKeepsTheLeadingDiagnosisOfEveryMistake() throws {
    for bug in gradientBugs {
      let layers = bug == .deepOnly ? 3...4 : 1...4
      let space = TrialSpace(layers: layers, sizes: 1...6, samples: 1...5, seed: 7)
      let result = try shrink(bug, space)
      let original = try XCTUnwrap(result.originalReport?.diagnosis.first?.cause, "\(bug)")
      let minimal = try XCTUnwrap(result.minimalReport?.diagnosis.first?.cause, "\(bug)")
      XCTAssertEqual(minimal, original, "\(bug)")
      if let named = MistakeCause(rawValue: bug.rawValue), original == named {
        XCTAssertEqual(minimal, named, "\(bug)")
      }
      XCTAssertFalse(result.diagnosisChangedByShrinking, "\(bug)")
    }
  }

  func testTheMinimalNetworkNamesTheMistakesZerosWouldHide() throws {
    // Zero inputs make σ′(z) = ¼ look like a scale factor; zero weights erase the bias
    // gradients' evidence: the minimal network must still name these mistakes.
    let space = TrialSpace(layers: 1...4, sizes: 1...6, samples: 1...5, seed: 7)
    for bug in [ExampleBug.bias, .missingOutputDerivative, .derivativeOfActivation] {
      let report = try XCTUnwrap(try shrink(bug, space).minimalReport)
      XCTAssertEqual(report.diagnosis.first?.cause.rawValue, bug.rawValue)
      for layer in 1..<report.sizes.count {
        for isWeight in [true, false] {
          let block = report.entries.filter {
            $0.index.layer == layer && $0.index.isWeight == isWeight
          }
          XCTAssertTrue(
            block.contains { $0.analytic != 0 || $0.numeric != 0 },
            "\(bug): every gradient of layer \(layer) is exactly zero")
        }
      }
    }
  }

  func testAMultiSampleMistakeKeepsTwoDifferentSamples() throws {
    let space = TrialSpace(layers: 1...4, sizes: 1...6, samples: 1...5, seed: 7)
    let minimal = try XCTUnwrap(try shrink(.multiSample, space).shrink?.minimal)
    XCTAssertEqual(minimal.samples.count, 2)
    XCTAssertNotEqual(minimal.samples[0].input, minimal.samples[1].input)
  }

  func testAnEarlierCrashDoesNotStopTheShrinkingOfALaterWrongGradient() throws {
    let deep = try XCTUnwrap(
      TrialSpace(layers: 3...3, sizes: 2...3, samples: 1...2, seed: 1).network(trial: 0))
    let shallow = try XCTUnwrap(
      TrialSpace(layers: 1...2, sizes: 2...3, samples: 1...2, seed: 1).network(trial: 0))
    let result = try shrink(.crashDeep, [deep, shallow])
    XCTAssertEqual(result.firstFailure?.index, 0)
    XCTAssertEqual(result.shownFailure?.index, 1, "the first trial whose gradients disagree")
    XCTAssertEqual(result.minimalReport?.diagnosis.first?.cause, .sign)
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
