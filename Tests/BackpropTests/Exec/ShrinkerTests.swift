import XCTest

@testable import Backprop

final class ShrinkerTests: XCTestCase {
  private func network(_ sizes: [Int], samples: Int = 3, activation: Activation = .sigmoid)
    throws -> NetworkFile
  {
    try NetworkFile.random(
      RandomNetworkSpec(sizes: sizes, hiddenActivation: activation, sampleCount: samples, seed: 9))
  }

  func testDepthOnlyFailureShrinksToThreeLayersOfOneNeuron() throws {
    let start = try network([4, 5, 3, 6, 2, 3], samples: 4)
    let result = Shrinker.shrink(start) { $0.network.depth >= 3 }
    XCTAssertEqual(result.minimal.network.sizes, [1, 1, 1, 1])
    XCTAssertEqual(result.minimal.samples.count, 1)
    XCTAssertTrue(
      result.steps.contains(.removedLayer(4)) || result.steps.contains(.removedLayer(3)))
    // Every number ends at 0: nothing in the predicate needs anything else.
    XCTAssertTrue(result.minimal.numberLocations.allSatisfy { result.minimal[$0] == 0 })
  }

  func testSampleOnlyFailureShrinksToTwoSamples() throws {
    let start = try network([3, 4, 2], samples: 5)
    let result = Shrinker.shrink(start) { $0.samples.count >= 2 }
    XCTAssertEqual(result.minimal.samples.count, 2)
    XCTAssertEqual(result.minimal.network.sizes, [1, 1])
  }

  func testFixpointKeepsWhatThePredicateNeeds() throws {
    // Fails while W¹[0,0] stays above 0.25 and layer 1 keeps 2 neurons.
    var start = try network([2, 3, 2])
    start.network.weights[0].storage[0] = 0.7361
    let result = Shrinker.shrink(start) {
      $0.network.sizes[1] >= 2 && $0.network.weight(1)[0, 0] > 0.25
    }
    XCTAssertEqual(result.minimal.network.sizes, [1, 2, 1])
    XCTAssertEqual(result.minimal.network.weight(1)[0, 0], 1, "1 is the simplest value > 0.25")
    XCTAssertLessThanOrEqual(result.attempts, Shrinker.maximumAttempts)
  }

  func testNothingFailsLeavesTheNetwork() throws {
    let start = try network([2, 2, 1])
    let result = Shrinker.shrink(start) { _ in false }
    XCTAssertEqual(result.minimal, start)
    XCTAssertEqual(result.steps, [])
  }

  func testRemovingAnIdentityLayerKeepsTheFunction() throws {
    // With an identity hidden layer, W³(W² a + b²) + b³ is one affine map: merging is exact.
    let file = try network([2, 3, 4, 2], activation: .identity)
    let merged = try XCTUnwrap(file.removingLayer(2))
    XCTAssertEqual(merged.network.sizes, [2, 3, 2])
    for sample in file.samples {
      let before = file.network.forward(sample.input).output
      let after = merged.network.forward(sample.input).output
      for (x, y) in zip(before, after) { XCTAssertEqual(x, y, accuracy: 1e-12) }
    }
  }

  func testRemovingANeuronDropsItsRowColumnAndData() throws {
    let file = try network([3, 2, 2])
    let input = try XCTUnwrap(file.removingNeuron(layer: 0, index: 1))
    XCTAssertEqual(
      input.network.weight(1).row(0), [file.network.weight(1)[0, 0], file.network.weight(1)[0, 2]])
    XCTAssertEqual(input.samples[0].input, [file.samples[0].input[0], file.samples[0].input[2]])
    let hidden = try XCTUnwrap(file.removingNeuron(layer: 1, index: 0))
    XCTAssertEqual(hidden.network.bias(1), [file.network.bias(1)[1]])
    XCTAssertEqual(hidden.network.weight(2).column(0), file.network.weight(2).column(1))
    let output = try XCTUnwrap(file.removingNeuron(layer: 2, index: 1))
    XCTAssertEqual(output.samples[1].target, [file.samples[1].target[0]])
    XCTAssertNil(output.removingNeuron(layer: 2, index: 0), "a layer keeps one neuron")
  }

  func testSimplerValuesAreStrictlySimplerAndKeepTargetsInRange() {
    XCTAssertEqual(
      Shrinker.simplerValues(than: 0.437, at: .bias(layer: 1, row: 0), cost: .quadratic),
      [0, 1, -1, 0.4])
    XCTAssertEqual(
      Shrinker.simplerValues(than: 1, at: .bias(layer: 1, row: 0), cost: .quadratic), [0])
    XCTAssertEqual(
      Shrinker.simplerValues(than: 0, at: .bias(layer: 1, row: 0), cost: .quadratic), [])
    XCTAssertEqual(
      Shrinker.simplerValues(than: 0.7, at: .target(sample: 0, index: 0), cost: .crossEntropy),
      [0, 1])
    XCTAssertEqual(
      Shrinker.simplerValues(than: -2.6, at: .input(sample: 0, index: 0), cost: .mse),
      [0, 1, -1, -3])
  }
}
