import Backprop
import TestSupport
import XCTest

/// `nn-explain --update η [--update-order …] [--freeze-biases]`.
final class ExplainUpdateTests: ExplainCommandTestCase {
  func testUpdateOptions() throws {
    let r = run(["--layers", "2,2", "--update", "0.5", "--update-order", "sequential"])
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssertTrue(r.out.contains("7. Update"), r.out)
    XCTAssertTrue(r.out.contains("Sequential order"))
    for bad in [
      ["--layers", "2,2", "--update", "0"], ["--layers", "2,2", "--update", "x"],
      ["--layers", "2,2", "--freeze-biases"], ["--layers", "2,2", "--update-order", "parallel"],
      ["--layers", "2,2", "--update", "1", "--update-order", "random"],
    ] {
      let r = run(bad)
      XCTAssertEqual(r.status, 64, "\(bad)")
      XCTAssertTrue(r.err.contains("--update"), "\(bad): \(r.err)")
    }
  }

  func testJSONUpdateIsTheTrainedNetworkAfterOneEpoch() throws {
    let r = run(["--layers", "2,3,2", "--samples", "3", "--update", "0.25", "--format", "json"])
    XCTAssertEqual(r.status, 0, r.err)
    let json = try JSONValue.parse(r.out)
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 2], sampleCount: 3))
    let trained = Trainer.train(
      file.network, on: file.samples, options: TrainingOptions(epochs: 1, learningRate: 0.25))
    XCTAssertEqual(json["update"]?["weights"], GradientFile.matricesJSON(trained.network.weights))
    XCTAssertEqual(
      json["update"]?["biases"], .array(trained.network.biases.map(GradientFile.numbersJSON)))
    XCTAssertEqual(json["update"]?["cost"], .number(trained.finalCost))
  }
}
