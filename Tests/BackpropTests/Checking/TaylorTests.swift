@testable import Backprop
import XCTest

/// The Taylor test's verdict against the theory of Taylor remainders: order 3 (central) or
/// 2 (forward) for a right gradient, 1 for a wrong one, whatever the size of the error.
final class TaylorTests: XCTestCase {
  func network(_ activation: Activation, cost: Cost = .quadratic, samples: Int = 3) throws
    -> NetworkFile
  {
    try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 4, 2], hiddenActivation: activation, outputActivation: .sigmoid, cost: cost,
        sampleCount: samples, seed: 5))
  }

  func testScratch() throws {
    for act in [Activation.sigmoid, .tanh, .relu, .elu] {
      let file = try network(act)
      let g = file.network.gradients(over: file.samples)
      for form in TaylorForm.allCases {
        for factor in [1.0, 1.001] {
          let r = try TaylorTest.run(
            network: file.network, samples: file.samples, analytic: g.scaled(by: factor),
            options: TaylorOptions(form: form, perEntry: true))
          print(act, form, factor, r.layers.map { "\($0.series.order ?? -1) \($0.series.status) \($0.series.used) \($0.series.steps.count)" },
            r.entries.map { $0.series.order ?? -1 }.min() ?? 0, r.entries.map { $0.series.order ?? -1 }.max() ?? 0, r.entries.map(\.series.status.rawValue).reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 })
        }
      }
    }
  }
}
