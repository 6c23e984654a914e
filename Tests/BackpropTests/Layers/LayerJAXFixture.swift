import Backprop
import TestSupport
import XCTest

/// One network of Tests/Fixtures/layers_jax.py or layers_jax_stacks.py: its parameters flat
/// in the toolkit's order, its samples, and JAX's mean cost and gradients.
struct LayerJAXFixture {
  var architecture: String
  var cost: Cost
  var parameters: [Double]
  var inputs: [[Double]]
  var targets: [[Double]]
  var meanCost: Double
  var gradients: [Double]

  /// Checks the toolkit's mean cost and gradients against JAX's, to 1e-12 relative (the
  /// gradients' absolute tolerance 1e-12 times their largest entry), and returns the network
  /// and its samples.
  @discardableResult
  func checkAgainstJAX() throws -> (network: LayeredNetwork, samples: [Sample]) {
    let net = try LayeredNetwork(
      architecture: Architecture.parse(architecture), cost: cost, parameters: parameters)
    let samples = zip(inputs, targets).map { Sample(input: $0, target: $1) }
    assertClose(net.cost(over: samples), meanCost, rtol: 1e-12, atol: 0, architecture)
    let g = net.gradients(over: samples)
    assertClose(g, gradients, rtol: 1e-12, atol: 1e-12 * maxAbs(gradients), architecture)
    return (net, samples)
  }
}
