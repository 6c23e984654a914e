import Backprop
import TestSupport
import XCTest

/// More layered networks' costs and gradients against JAX (float64 reverse mode through
/// JAX's own convolution and pooling), to 1e-12 relative: the networks of
/// Tests/Fixtures/layers_jax_stacks.py, three samples each (the cost is the mean).
final class LayerJAXStackFixturesTests: XCTestCase {
  func check(_ fixtures: [LayerJAXFixture]) throws {
    for f in fixtures {
      let (net, samples) = try f.checkAgainstJAX()
      XCTAssertEqual(samples.count, 3, f.architecture)
      // The oracle of LayerOracle.swift agrees with JAX too (three references, one answer).
      let (_, oracle) = plainValueWithGradient(
        f.parameters, PlainNetwork(net, samples: samples))
      assertClose(oracle, f.gradients, rtol: 1e-12, atol: 1e-12 * maxAbs(f.gradients), "oracle")
    }
  }

  /// Stacked convolutions, `same` with even and 4×4 kernels (uneven padding) and with
  /// strides, overlapping and uneven pools, leaky-relu, elu and softplus.
  func testConvolutionStacksMatchJAX() throws {
    try check(convolutionStackFixtures)
  }

  /// LSTMs and an RNN after activations, an LSTM as the output layer, deeper heads.
  func testRecurrentStacksMatchJAX() throws {
    try check(recurrentStackFixtures)
  }
}
