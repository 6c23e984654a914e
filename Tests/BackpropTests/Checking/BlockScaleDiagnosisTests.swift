import Foundation
import XCTest

@testable import Backprop

/// A student who scales one layer's gradient (an extra ½, a learning rate folded in) gets
/// `scale` with the block and its factor named, not `unknown`.
final class BlockScaleDiagnosisTests: XCTestCase {
  func network() throws -> NetworkFile {
    try NetworkFile.random(
      RandomNetworkSpec(sizes: [3, 4, 3], hiddenActivation: .tanh, sampleCount: 3, seed: 11))
  }

  /// The library's gradients with the named blocks multiplied by their factors; the
  /// library's backprop itself is checked against independent references elsewhere.
  func diagnosis(scaling blocks: [(layer: Int, weights: Bool, factor: Double)]) throws
    -> [DiagnosisFinding]
  {
    let file = try network()
    var g = file.network.gradients(over: file.samples)
    for block in blocks {
      if block.weights {
        g.weights[block.layer - 1] = block.factor * g.weights[block.layer - 1]
      } else {
        g.biases[block.layer - 1] = g.biases[block.layer - 1].map { block.factor * $0 }
      }
    }
    let report = try GradientCheck.run(network: file.network, samples: file.samples, analytic: g)
    XCTAssertFalse(report.passed)
    return report.diagnosis
  }

  func testOneScaledWeightBlockIsNamedWithItsFactor() throws {
    let top = try XCTUnwrap(try diagnosis(scaling: [(1, true, 5)]).first)
    XCTAssertEqual(top.cause, .scale)
    XCTAssertEqual(try XCTUnwrap(top.factor), 5, accuracy: 1e-9)
    XCTAssertTrue(top.message().contains("W¹ by 5"), top.message())
  }

  func testTwoScaledBlocksAreBothNamed() throws {
    let top = try XCTUnwrap(try diagnosis(scaling: [(2, true, 0.5), (1, false, 0.5)]).first)
    XCTAssertEqual(top.cause, .scale)
    XCTAssertTrue(top.message().contains("b¹ by 0.5"), top.message())
    XCTAssertTrue(top.message().contains("W² by 0.5"), top.message())
  }

  func testAWholeNetworkFactorIsStillReportedAsSuch() throws {
    let blocks = (1...2).flatMap { [($0, true, 2.0), ($0, false, 2.0)] }
    let top = try XCTUnwrap(try diagnosis(scaling: blocks).first)
    XCTAssertEqual(top.cause, .scale)
    XCTAssertTrue(top.message().hasPrefix("Every gradient"), top.message())
  }
}
