import Backprop
import Foundation
import XCTest

/// Saturated outputs: sigmoid with cross-entropy and softmax with categorical
/// cross-entropy are computed from z^L, so cost and gradients keep their digits when
/// a^L rounds to 0 or 1.
final class FusedCostSaturationTests: XCTestCase {
  /// A 2-2-2 network whose output pre-activations are about ±31 for the one sample.
  func saturated(_ output: Activation, _ cost: Cost, target: [Double]) throws -> NetworkFile {
    let net = try Network(
      sizes: [2, 2, 2], activations: [.tanh, output], cost: cost,
      weights: [
        Matrix(rows: 2, columns: 2, storage: [0.5, -0.25, 0.75, 0.5]),
        Matrix(rows: 2, columns: 2, storage: [20, 10, -15, -20]),
      ],
      biases: [[0.1, -0.2], [15, -12]])
    return NetworkFile(network: net, samples: [Sample(input: [1, 0.5], target: target)])
  }

  /// Backprop against the complex step through the separate generic forward pass.
  func assertBackpropMatchesTheComplexStep(
    _ file: NetworkFile, file path: StaticString = #filePath, line: UInt = #line
  ) {
    let net = file.network
    let g = net.gradients(over: file.samples)
    for index in net.parameterIndices {
      var p = Parameters<Complex>(net)
      p[index] = Complex(net[index], 1e-20)
      let reference = net.cost(with: p, over: file.samples).im / 1e-20
      XCTAssertEqual(
        g[index], reference, accuracy: 1e-12 * max(abs(reference), 1e-3), "\(index)",
        file: path, line: line)
    }
  }

  func testSigmoidCrossEntropyCostAndGradientsStayAccurate() throws {
    let file = try saturated(.sigmoid, .crossEntropy, target: [0, 1])
    let net = file.network
    let trace = net.forward(file.samples[0].input)
    let z = trace.z[2]
    XCTAssertGreaterThan(z[0], 30, "output 0 must saturate at 1 while its target is 0")
    // Independent closed form: y ln(1 + e^−z) + (1 − y) ln(1 + e^z), written directly.
    let expected = log1p(exp(-z[1])) + (z[0] + log1p(exp(-z[0])))
    XCTAssertEqual(net.cost(over: file.samples), expected, accuracy: 1e-14 * expected)
    assertBackpropMatchesTheComplexStep(file)
  }

  func testSoftmaxCategoricalCrossEntropyStaysAccurate() throws {
    let file = try saturated(.softmax, .categoricalCrossEntropy, target: [0, 1])
    let net = file.network
    let z = net.forward(file.samples[0].input).z[2]
    XCTAssertGreaterThan(z[0] - z[1], 40, "softmax must put (almost) all mass on output 0")
    // −ln softmax(z)_1 = logsumexp(z) − z_1 = z_0 − z_1 + ln(1 + e^(z_1 − z_0)).
    let expected = z[0] - z[1] + log1p(exp(z[1] - z[0]))
    XCTAssertEqual(net.cost(over: file.samples), expected, accuracy: 1e-14 * expected)
    assertBackpropMatchesTheComplexStep(file)
  }

  /// A 1-2 softmax network with logits ±10: one output is 1 − 2e-9.
  func testSoftmaxBackwardKeepsItsDigitsNearOne() throws {
    let net = try Network(
      sizes: [1, 2], activations: [.softmax], cost: .quadratic,
      weights: [Matrix(rows: 2, columns: 1, storage: [10, -10])], biases: [[0, 0]])
    let samples = [Sample(input: [1], target: [0, 1])]
    let g = net.gradients(over: samples)
    // ±4.12230721938699022926e-09, computed with 60-digit arithmetic (mpmath).
    let reference = 4.12230721938699022926e-09
    XCTAssertEqual(g.biases[0][0], reference, accuracy: 1e-14 * reference)
    XCTAssertEqual(g.biases[0][1], -reference, accuracy: 1e-14 * reference)
    // The dense Jacobian's diagonal a(1 − a) keeps its digits too: the chain agrees.
    let trace = net.forward(samples[0].input)
    let chain = net.chainRule(forDeltaOf: 1, trace: trace, target: samples[0].target)
    XCTAssertEqual(chain.evaluate()[0], reference, accuracy: 1e-14 * reference)
  }

  func testSaturatedSoftmaxDeepNetworkMatchesHighPrecisionValues() throws {
    // elu → softmax with large weights: δ² is tiny (one output is 1 − 1e-22) and every
    // gradient of layer 1 depends on its exact value. Even the complex step (and JAX) lose
    // digits here, in the normalisation of the softmax.
    let net = try Network(
      sizes: [2, 3, 3], activations: [.elu, .softmax], cost: .mse,
      weights: [
        Matrix(rows: 3, columns: 2, storage: [3, -2, 1, 4, -5, 2]),
        Matrix(rows: 3, columns: 3, storage: [9, 1, -4, -8, 2, 3, 1, -9, 7]),
      ],
      biases: [[0.5, -0.5, 0.1], [2, -3, 1]])
    let g = net.gradients(over: [Sample(input: [1.5, -0.5], target: [0.2, 0.3, 0.5])])
    // Naive backprop in 80-digit arithmetic (mpmath), rounded to 20 digits.
    let w1: [Double] = [
      5.0781248724977088612e-23, -1.6927082908325696204e-23, 2.3351721753665736589e-23,
      -7.7839072512219121964e-24, -1.5701184838963454191e-26, 5.2337282796544847303e-27,
    ]
    let b1 = [3.3854165816651392408e-23, 1.5567814502443824393e-23, -1.0467456559308969461e-26]
    let b2 = [4.231770727081424051e-24, -1.207501361208934239e-50, -4.231770727081424051e-24]
    for (actual, expected) in zip(g.weights[0].storage + g.biases[0] + g.biases[1], w1 + b1 + b2) {
      XCTAssertEqual(actual, expected, accuracy: 1e-12 * abs(expected) + 1e-60)
    }
  }
}
