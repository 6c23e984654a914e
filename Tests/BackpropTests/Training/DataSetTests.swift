import Backprop
import XCTest

final class DataSetTests: XCTestCase {
  func testHalfAdderTargetsAreSumAndCarry() {
    let s = DataSet.halfAdder.samples(seed: 0)
    XCTAssertEqual(s.map(\.input), [[0, 0], [0, 1], [1, 0], [1, 1]])
    XCTAssertEqual(s.map(\.target), [[0, 0], [1, 0], [1, 0], [0, 1]])
  }

  func testXorTargets() {
    XCTAssertEqual(DataSet.xor.samples(seed: 0).map(\.target), [[0], [1], [1], [0]])
  }

  func testMoonsAreSeededBalancedAndNearTheirArcs() {
    let a = DataSet.moons(count: 101).samples(seed: 5)
    XCTAssertEqual(a.count, 101)
    XCTAssertEqual(a.filter { $0.target == [0] }.count, 51)
    XCTAssertEqual(a, DataSet.moons(count: 101).samples(seed: 5))
    XCTAssertNotEqual(a, DataSet.moons(count: 101).samples(seed: 6))
    for s in a {
      // Distance to the moon's centre is 1 up to the noise (σ = 0.1 per coordinate).
      let (cx, cy) = s.target == [0] ? (0.0, 0.0) : (1.0, 0.5)
      let r = ((s.input[0] - cx) * (s.input[0] - cx) + (s.input[1] - cy) * (s.input[1] - cy))
        .squareRoot()
      XCTAssertEqual(r, 1, accuracy: 0.6)
    }
  }

  func testSizesThatDoNotFitAreNamed() throws {
    let network = try Network(
      sizes: [2, 3, 1], activations: [.sigmoid, .sigmoid], cost: .crossEntropy,
      weights: [Matrix(rows: 3, columns: 2), Matrix(rows: 1, columns: 3)],
      biases: [[0, 0, 0], [0]])
    XCTAssertThrowsError(try network.checkTrainingData(DataSet.halfAdder.samples(seed: 0))) {
      XCTAssertEqual(
        $0 as? TrainingDataError,
        .sizeMismatch(inputs: 2, targets: 2, networkInputs: 2, networkOutputs: 1))
    }
    XCTAssertNoThrow(try network.checkTrainingData(DataSet.xor.samples(seed: 0)))
    XCTAssertThrowsError(try network.checkTrainingData([Sample(input: [0, 0], target: [2])])) {
      XCTAssertEqual(
        $0 as? TrainingDataError,
        .targetOutOfRange(sample: 0, entry: 0, value: 2, cost: .crossEntropy))
    }
    XCTAssertThrowsError(try network.checkTrainingData([]))
  }
}
