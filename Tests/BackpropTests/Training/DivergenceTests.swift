import Backprop
import XCTest

final class DivergenceTests: XCTestCase {
  func testACostThatOverflowsStopsTrainingAtItsEpoch() throws {
    // 1-1 identity, x = 10, y = 0, bias frozen: C = ½ (10 w)², so each step is
    // w ← w − η · 100 w = −999 w for η = 10. Count by hand when ½ (10 w)² overflows.
    let network = try Network(
      sizes: [1, 1], activations: [.identity], cost: .quadratic,
      weights: [Matrix(rows: 1, columns: 1, storage: [1])], biases: [[0]])
    var w = 1.0
    var expectedEpoch = 0
    while (0.5 * (10 * w) * (10 * w)).isFinite {
      w = -999 * w
      expectedEpoch += 1
    }
    let run = Trainer.train(
      network, on: [Sample(input: [10], target: [0])],
      options: TrainingOptions(epochs: 1000, learningRate: 10, freezeBiases: true, recordEvery: 500)
    )
    guard case .diverged(let epoch, let cost) = run.outcome else {
      return XCTFail("expected divergence, got \(run.outcome)")
    }
    XCTAssertEqual(epoch, expectedEpoch)
    XCTAssertFalse(cost.isFinite)
    XCTAssertEqual(run.history.last?.epoch, epoch)
  }

  func testAFiniteRunFinishes() throws {
    let network = try Network(
      sizes: [1, 1], activations: [.identity], cost: .quadratic,
      weights: [Matrix(rows: 1, columns: 1, storage: [1])], biases: [[0]])
    let run = Trainer.train(
      network, on: [Sample(input: [1], target: [0])],
      options: TrainingOptions(epochs: 10, learningRate: 0.5, freezeBiases: true, recordEvery: 5))
    XCTAssertEqual(run.outcome, .finished)
    // w halves each step: C = ½ (2⁻¹⁰)².
    XCTAssertEqual(run.finalCost, 0.5 * pow(0.5, 20), accuracy: 1e-20)
    XCTAssertEqual(run.history.map(\.epoch), [0, 5, 10])
  }
}
