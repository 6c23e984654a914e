import TestSupport
import XCTest

@testable import Backprop

/// ELU is smooth once but its second derivative jumps at 0, so five-point and Richardson
/// stencils that straddle 0 lose their error order; they fall back to central differences.
final class CreaseTests: XCTestCase {
  func testHigherOrderMethodsPassAcrossEluCrease() throws {
    for offset in [3e-4, -5e-4, 2e-3] {
      var file = try NetworkFile.random(
        RandomNetworkSpec(
          sizes: [4, 5, 3], hiddenActivation: .elu, outputActivation: .identity,
          cost: .quadratic, sampleCount: 2, seed: 9))
      let z = file.network.forward(file.samples[0].input).z[1]
      for j in 0..<z.count { file.network.biases[0][j] += offset - z[j] }
      let g = file.network.gradients(over: file.samples)
      for method in [FiniteDifferenceMethod.fivePoint, .richardson, .central] {
        let report = try GradientCheck.run(
          network: file.network, samples: file.samples, analytic: g,
          options: GradientCheckOptions(method: method))
        XCTAssertTrue(report.passed, "\(method) \(offset): \(report.failedEntries.prefix(2))")
        XCTAssertEqual(report.kinks, 0)
      }
    }
  }
}
