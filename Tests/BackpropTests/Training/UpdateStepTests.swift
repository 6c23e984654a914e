import Backprop
import XCTest

final class UpdateStepTests: XCTestCase {
  private func classic() throws -> (Network, [Sample]) {
    let network = try Network(
      sizes: [2, 2, 2], activations: [.sigmoid, .sigmoid], cost: .quadratic,
      weights: [
        Matrix(rows: 2, columns: 2, storage: [0.15, 0.2, 0.25, 0.3]),
        Matrix(rows: 2, columns: 2, storage: [0.4, 0.45, 0.5, 0.55]),
      ], biases: [[0.35, 0.35], [0.6, 0.6]])
    return (network, [Sample(input: [0.05, 0.1], target: [0.01, 0.99])])
  }

  func testTheClassicStepWithItsPublishedNumbers() throws {
    let (network, samples) = try classic()
    let step = UpdateStep(
      network: network, samples: samples, learningRate: 0.5, order: .parallel, freezeBiases: true)
    // Published: ∂E/∂w5 = 0.082167041, w5⁺ = 0.35891648, w1⁺ = 0.149780716, E = 0.298371109.
    XCTAssertEqual(step.gradients.weights[1][0, 0], 0.082167041, accuracy: 5e-10)
    XCTAssertEqual(step.after.weights[1][0, 0], 0.35891648, accuracy: 5e-9)
    XCTAssertEqual(step.after.weights[0][0, 0], 0.149780716, accuracy: 5e-10)
    XCTAssertEqual(step.costBefore, 0.298371109, accuracy: 5e-10)
    XCTAssertEqual(step.after.biases, network.biases)
    // θ⁺ = θ − η g entry by entry.
    for l in 0..<2 {
      for (i, w) in step.after.weights[l].storage.enumerated() {
        XCTAssertEqual(
          w, network.weights[l].storage[i] - 0.5 * step.gradients.weights[l].storage[i])
      }
    }
  }

  func testTheSequentialStepShowsTheGradientThroughTheNewWeights() throws {
    let (network, samples) = try classic()
    let step = UpdateStep(
      network: network, samples: samples, learningRate: 0.5, order: .sequential,
      freezeBiases: true)
    XCTAssertEqual(step.costAfter, 0.291027924, accuracy: 5e-10)
    // w1⁺ = 0.149817639 (numpy): g = (0.15 − w1⁺) / 0.5.
    XCTAssertEqual(
      step.gradients.weights[0][0, 0], (0.15 - 0.14981763856120295) / 0.5, accuracy: 1e-12)
    let exact = network.gradients(over: samples)
    XCTAssertEqual(step.gradients.weights[1], exact.weights[1])
    XCTAssertNotEqual(step.gradients.weights[0], exact.weights[0])
  }

  func testBiasesMoveUnlessFrozen() throws {
    let (network, samples) = try classic()
    let step = UpdateStep(
      network: network, samples: samples, learningRate: 0.5, order: .parallel, freezeBiases: false)
    let g = network.gradients(over: samples)
    for l in 0..<2 {
      for j in 0..<2 {
        XCTAssertEqual(step.after.biases[l][j], network.biases[l][j] - 0.5 * g.biases[l][j])
      }
    }
  }
}
