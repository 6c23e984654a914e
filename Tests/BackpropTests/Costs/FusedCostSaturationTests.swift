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
}
