import XCTest

@testable import Backprop

final class TrialSpaceTests: XCTestCase {
  func testTrialsStayWithinTheRangesAndChoices() {
    let space = TrialSpace(
      layers: 2...3, sizes: 1...4, samples: 2...2, activations: [.relu, .tanh],
      costs: [.quadratic, .crossEntropy], seed: 11)
    for i in 0..<40 {
      guard let file = space.network(trial: i) else { return XCTFail("trial \(i) not built") }
      let n = file.network
      XCTAssertTrue((2...3).contains(n.depth))
      XCTAssertTrue(n.sizes.allSatisfy { (1...4).contains($0) })
      XCTAssertEqual(file.samples.count, 2)
      XCTAssertTrue([Cost.quadratic, .crossEntropy].contains(n.cost))
      for f in n.activations.dropLast() { XCTAssertTrue([Activation.relu, .tanh].contains(f)) }
      if n.cost == .crossEntropy {
        XCTAssertEqual(n.activations.last, .sigmoid, "the only output cross-entropy allows")
      }
    }
  }

  func testEveryActivationAndCostGivesValidNetworks() {
    let space = TrialSpace(
      layers: 1...2, sizes: 1...2, activations: Activation.allCases, costs: Cost.allCases)
    for i in 0..<200 {
      XCTAssertNotNil(space.network(trial: i), "trial \(i): \(space.spec(trial: i))")
    }
  }

  func testATrialDependsOnlyOnSeedAndIndex() {
    let space = TrialSpace(seed: 3)
    XCTAssertEqual(space.network(trial: 7), TrialSpace(seed: 3).network(trial: 7))
    XCTAssertNotEqual(space.network(trial: 7), space.network(trial: 8))
    XCTAssertNotEqual(space.network(trial: 7), TrialSpace(seed: 4).network(trial: 7))
  }
}
