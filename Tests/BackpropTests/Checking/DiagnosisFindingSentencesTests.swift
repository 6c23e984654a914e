import Foundation
import XCTest

@testable import Backprop

/// The sentences the renderers write for a finding: worded for the network's activations
/// and cost, and naming the suggested settings as asked.
final class DiagnosisFindingSentencesTests: XCTestCase {
  func testAdviceForCorrectGradientsAtDefaultStepSuggestsComplexStep() throws {
    let file = try mediumSigmoidNetwork()
    let g = file.network.gradients(over: file.samples)
    // An impossibly tight tolerance makes correct gradients fail.
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g,
      options: GradientCheckOptions(rtol: 0, atol: 1e-300))
    XCTAssertFalse(report.passed)
    let top = try XCTUnwrap(report.diagnosis.first)
    XCTAssertEqual(top.detail, .finiteDifferencesInaccurate(.useMethod(.complexStep)))
    let message = top.message()
    XCTAssertTrue(message.contains("complex-step"), message)
    XCTAssertFalse(message.contains("Try the default"), message)
  }

  func testMissingOutputDerivativeMessageForSoftmaxUsesJacobian() throws {
    let file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [4, 5, 3], hiddenActivation: .tanh, outputActivation: .softmax,
        cost: .quadratic, sampleCount: 2, seed: 8))
    let g = try XCTUnwrap(
      file.network.gradients(over: file.samples, making: .missingOutputDerivative))
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g)
    let finding = try XCTUnwrap(
      report.diagnosis.first { $0.cause == .missingOutputDerivative }, "\(report.diagnosis)")
    XCTAssertTrue(finding.message().contains("diag("), finding.message())
    XCTAssertFalse(finding.message().contains("⊙ f′"), finding.message())
  }

  func testDerivativeOfActivationNamesTheNetworksActivation() throws {
    let file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 5, 2], hiddenActivation: .tanh, outputActivation: .identity,
        cost: .quadratic, sampleCount: 3, seed: 3))
    let g = try XCTUnwrap(
      file.network.gradients(over: file.samples, making: .derivativeOfActivation))
    let report = try GradientCheck.run(network: file.network, samples: file.samples, analytic: g)
    let top = try XCTUnwrap(report.diagnosis.first)
    XCTAssertEqual(top.cause, .derivativeOfActivation)
    XCTAssertTrue(top.message().contains("tanh′(z) = 1 − tanh²(z) = 1 − a²"), top.message())
    XCTAssertFalse(top.message().contains("σ"), top.message())
  }

  func testScaleMessageCitesTheNetworksCost() throws {
    for (cost, output, expected, absent) in [
      (Cost.quadratic, Activation.identity, "½ of the quadratic cost", "cross-entropy"),
      (.mse, .identity, "2/n of the mean squared error", "½"),
      (.categoricalCrossEntropy, .softmax, "categorical-cross-entropy, δᴸ = a − y", "½"),
    ] {
      let file = try NetworkFile.random(
        RandomNetworkSpec(
          sizes: [3, 4, 3], hiddenActivation: .sigmoid, outputActivation: output, cost: cost,
          sampleCount: 3, seed: 9))
      var g = file.network.gradients(over: file.samples)
      for l in 0..<2 {
        g.weights[l] = Matrix(
          rows: g.weights[l].rows, columns: g.weights[l].columns,
          storage: g.weights[l].storage.map { $0 * 1.7 })
        g.biases[l] = g.biases[l].map { $0 * 1.7 }
      }
      let report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: g)
      let top = try XCTUnwrap(report.diagnosis.first)
      XCTAssertEqual(top.cause, .scale, "\(cost)")
      XCTAssertTrue(top.message().contains(expected), "\(cost): \(top.message())")
      XCTAssertFalse(top.message().contains(absent), "\(cost): \(top.message())")
    }
  }

  /// The sentence for a typed finding, written out by hand.
  func testATypedScaleFindingIsWorded() {
    let index = ParameterIndex(layer: 2, kind: .weight(row: 1, column: 0), columns: 3)
    let finding = DiagnosisFinding(
      cause: .scale, confidence: 1,
      detail: .scale(
        factor: 2, name: .simple(2),
        constant: Cost.quadratic.function.lostConstant(
          outputs: 1, outputActivation: .identity)),
      example: .farthest(index, given: 0.5, right: 0.25), factor: 2, entries: [index])
    XCTAssertEqual(
      finding.message(),
      "Every gradient is off by the same factor 2: yours = 2 × the right one. Look for a "
        + "missing or extra constant, such as the ½ of the quadratic cost (∂C/∂a = a − y, not "
        + "2(a − y)). Farthest entry W²[1,0]: yours 5e-1, backprop 2.5e-1.")
  }

  /// The missing output derivative is named by the output activation, sentences by hand.
  ///
  /// With a softmax output it is softmax's Jacobian in terms of a^L; with an element-wise
  /// output it is f′(z^L).
  func testMissingOutputDerivativeNamesTheOutputsDerivative() {
    let index = ParameterIndex(layer: 2, kind: .weight(row: 1, column: 0), columns: 3)
    func finding(_ output: Activation) -> DiagnosisFinding {
      DiagnosisFinding(
        cause: .missingOutputDerivative, confidence: 1,
        detail: .backpropMistake(
          .missingOutputDerivative, network: NetworkFacts(depth: 2, activations: [.tanh, output])),
        example: .farthest(index, given: 0.5, right: 0.25), entries: [index])
    }
    XCTAssertEqual(
      finding(.softmax).message(),
      "The output error δ² leaves out the derivative of the output activation: it should be "
        + "∂C/∂a² times softmax's Jacobian, (diag(a²) − a²(a²)ᵀ) ∂C/∂a², not ∂C/∂a² alone. "
        + "Farthest entry W²[1,0]: yours 5e-1, backprop 2.5e-1.")
    XCTAssertEqual(
      finding(.sigmoid).message(),
      "The output error δ² leaves out the derivative of the output activation: it should be "
        + "∂C/∂a² ⊙ f′(z²) (sigmoid here), not ∂C/∂a² alone. "
        + "Farthest entry W²[1,0]: yours 5e-1, backprop 2.5e-1.")
  }

  /// The suggested settings are named by the spelling the caller passes: plain words by
  /// default, a command's flags when it passes them.
  func testSuggestedSettingsUseTheGivenSpelling() {
    let finding = DiagnosisFinding(
      cause: .unknown, confidence: 0.5,
      detail: .finiteDifferencesInaccurate(.useDefaultStepOrMethod(.complexStep)))
    XCTAssertTrue(
      finding.message().hasSuffix(
        "Try the default step in double precision, or the complex-step method. "),
      finding.message())
    XCTAssertFalse(finding.message().contains("--"), finding.message())
    let flags = CheckSettingSpelling(method: { "<\($0.name)>" }, defaultStep: "<step>")
    XCTAssertTrue(
      finding.message(spelling: flags).hasSuffix(
        "Try <step> in double precision, or <complex-step>. "),
      finding.message(spelling: flags))
  }

  /// Under ASCII notation the sentences use no Unicode symbol: written out by hand.
  func testASCIINotationSpellsTheSentencesInASCII() {
    let index = ParameterIndex(layer: 2, kind: .weight(row: 0, column: 1), columns: 3)
    let finding = DiagnosisFinding(
      cause: .missingOutputDerivative, confidence: 1,
      detail: .backpropMistake(
        .missingOutputDerivative, network: NetworkFacts(depth: 2, activations: [.tanh, .sigmoid])),
      example: .worstFailure(index, analytic: 0.25, numeric: -0.5), entries: [index])
    XCTAssertEqual(
      finding.message(),
      "The output error δ² leaves out the derivative of the output activation: it should be "
        + "∂C/∂a² ⊙ f′(z²) (sigmoid here), not ∂C/∂a² alone. Worst entry W²[0,1]: analytic "
        + "2.5e-1, numeric -5e-1.")
    XCTAssertEqual(
      finding.message(notation: .ascii),
      "The output error delta^2 leaves out the derivative of the output activation: it should be "
        + "dC/da^2 (.) f'(z^2) (sigmoid here), not dC/da^2 alone. Worst entry W^2[0,1]: "
        + "analytic 2.5e-1, numeric -5e-1.")
  }

  /// Every finding of several mistaken gradients, and the report's diagnosis section in all
  /// three formats, is plain ASCII under ASCII notation; the sigmoid's note reads as written
  /// here.
  func testASCIIReportsSpellTheDiagnosisInASCII() throws {
    let file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 3, 3, 2], hiddenActivation: .sigmoid, outputActivation: .sigmoid,
        cost: .quadratic, sampleCount: 3, seed: 5))
    var sawSigmoidNote = false
    for mistake in BackpropMistake.allCases {
      guard let g = file.network.gradients(over: file.samples, making: mistake) else { continue }
      let report = try GradientCheck.run(
        network: file.network, samples: file.samples, analytic: g)
      XCTAssertFalse(report.diagnosis.isEmpty, "\(mistake)")
      for finding in report.diagnosis {
        let text = finding.message(notation: .ascii)
        XCTAssertTrue(text.allSatisfy(\.isASCII), "\(mistake): \(text)")
        if text.contains(
          "For the sigmoid, sigma'(z) = sigma(z)(1 - sigma(z)) = a(1 - a); computing "
            + "sigma'(a) applies sigma twice.")
        {
          sawSigmoidNote = true
        }
      }
      let diagnosis = try XCTUnwrap(
        report.text(notation: .ascii).components(separatedBy: "Diagnosis").last)
      XCTAssertTrue(diagnosis.allSatisfy(\.isASCII), diagnosis)
      let markdown = try XCTUnwrap(
        report.markdown(notation: .ascii).components(separatedBy: "## Diagnosis").last)
      XCTAssertTrue(markdown.allSatisfy(\.isASCII), markdown)
      guard case .array(let items)? = report.json(notation: .ascii)["diagnosis"] else {
        return XCTFail("diagnosis")
      }
      for item in items {
        guard case .string(let message)? = item["message"] else { return XCTFail("message") }
        XCTAssertTrue(message.allSatisfy(\.isASCII), message)
      }
    }
    XCTAssertTrue(sawSigmoidNote)
  }

  /// A factor equal to the number of samples m fits two mistakes, a sum over the samples
  /// and a constant from elsewhere; m samples cannot tell them apart, so the sentence says
  /// both and asks for m + 1 samples, where a sum gives m + 1 and a constant stays.
  func testAFactorEqualToTheSampleCountGivesBothReadings() throws {
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 2, 2], sampleCount: 2))
    let right = file.network.gradients(over: file.samples)
    // The ½ dropped from the quadratic cost: every gradient doubled, and m = 2.
    var doubled = right
    for i in doubled.weights.indices {
      doubled.weights[i].storage = doubled.weights[i].storage.map { 2 * $0 }
    }
    doubled.biases = doubled.biases.map { $0.map { 2 * $0 } }
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: doubled)
    let top = try XCTUnwrap(report.diagnosis.first)
    XCTAssertEqual(top.cause, .sumInsteadOfMean)
    let message = top.message().replacingOccurrences(of: "\n", with: " ")
    for part in [
      "summed over the samples instead of averaged", "or the same factor 2 from elsewhere",
      "½ of the quadratic cost", "With m = 2 the two cannot be told apart",
      "check again with 3 samples",
    ] {
      XCTAssertTrue(message.contains(part), "'\(part)' not in: \(message)")
    }
    let flags = CheckSettingSpelling(
      method: { $0.name }, defaultStep: "", sampleCount: { "--samples \($0)" })
    XCTAssertTrue(
      top.message(spelling: flags).contains("check again with --samples 3"),
      top.message(spelling: flags))
    // gradcheck's text report carries the same sentence under its first cause.
    let text = report.text().replacingOccurrences(of: "\n  ", with: " ")
    XCTAssertTrue(text.contains("With m = 2 the two cannot be told apart"), text)
  }
}
