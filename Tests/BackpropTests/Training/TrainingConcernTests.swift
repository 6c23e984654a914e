import Backprop
import XCTest

final class TrainingConcernTests: XCTestCase {
  private let xor = [
    Sample(input: [0, 0], target: [0]), Sample(input: [0, 1], target: [1]),
    Sample(input: [1, 0], target: [1]), Sample(input: [1, 1], target: [0]),
  ]

  private func network() throws -> Network {
    // A fixed 2-2-1 sigmoid network (weights chosen by hand, not by the library).
    try Network(
      sizes: [2, 2, 1], activations: [.sigmoid, .sigmoid], cost: .quadratic,
      weights: [
        Matrix(rows: 2, columns: 2, storage: [0.5, -0.4, 0.3, 0.8]),
        Matrix(rows: 1, columns: 2, storage: [0.7, -0.6]),
      ], biases: [[0.1, -0.2], [0.05]])
  }

  func testAHugeLearningRateSaturatesAndIsNamed() throws {
    let run = Trainer.train(
      try network(), on: xor, options: TrainingOptions(epochs: 50, learningRate: 1e300))
    XCTAssertEqual(run.outcome, .finished)
    let bound = run.concerns.contains {
      if case .parametersBeyondBound(let largest, let limit) = $0 {
        return largest > 1e200 && limit == TrainingConcern.parameterBound
      }
      return false
    }
    XCTAssertTrue(bound, "\(run.concerns)")
    let stalled = run.concerns.contains {
      if case .stalled(let cost, let gradient, _) = $0 { return cost > 0.1 && gradient < 1e-12 }
      return false
    }
    XCTAssertTrue(stalled, "\(run.concerns)")
  }

  func testAnOrdinaryRunHasNoConcerns() throws {
    let run = Trainer.train(
      try network(), on: xor, options: TrainingOptions(epochs: 50, learningRate: 0.5))
    XCTAssertEqual(run.concerns, [])
  }

  func testEveryEpochsCostIsKeptAndEveryRecordIsHandedOverAtOnce() throws {
    let net = try network()
    var handed: [TrainingRecord] = []
    let run = Trainer.train(
      net, on: xor, options: TrainingOptions(epochs: 12, learningRate: 0.5, recordEvery: 5),
      onRecord: { handed.append($0) })
    XCTAssertEqual(handed, run.history)
    XCTAssertEqual(run.costs.count, 13)
    // costs[k] is the cost of the network trained for k epochs, run separately.
    for k in [0, 1, 7, 12] {
      let shorter = Trainer.train(
        net, on: xor, options: TrainingOptions(epochs: k, learningRate: 0.5))
      XCTAssertEqual(run.costs[k], shorter.network.cost(over: xor), "epoch \(k)")
    }
    for r in run.history { XCTAssertEqual(run.costs[r.epoch], r.cost) }
  }
}
