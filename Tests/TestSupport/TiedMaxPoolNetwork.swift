import Backprop

/// A network with an exact 2×2 max-pool tie: two channels through a 1×1 convolution with
/// K = [1, 1], b = 0 give z = [3, 3, 0.75, −0.5] from the inputs (1, 2) and (2, 1); then
/// c = 1.5 m + 0.25 against the target 0.5, so δ at the pool's output is (4.75 − 0.5) · 1.5.
public struct TiedMaxPoolNetwork {
  /// The network: K = [1, 1], b = 0, W = [1.5], b = 0.25.
  public let network: LayeredNetwork
  /// The one sample whose two channels tie in the pool's window.
  public let sample: Sample
  /// ∂C/∂(pool output): (1.5 · 3 + 0.25 − 0.5) · 1.5.
  public let delta = (1.5 * 3 + 0.25 - 0.5) * 1.5

  /// Builds the network and its sample.
  public init() throws {
    network = try LayeredNetwork(
      architecture: Architecture.parse(
        "input 2x2x2, conv 1 1x1, maxpool 2, flatten, dense 1, identity"),
      cost: .quadratic, parameters: [1, 1, 0, 1.5, 0.25])
    sample = Sample(input: [1, 2, 0.5, -1, 2, 1, 0.25, 0.5], target: [0.5])
  }

  /// The gradient split evenly between the tied entries, as jnp.max's gradient and the
  /// central difference give it: ∂C/∂K = δ · ½ ((1, 2) + (2, 1)), between the one-sided
  /// derivatives.
  public var splitGradient: [Double] { [1.5 * delta, 1.5 * delta, delta, 4.25 * 3, 4.25] }
}
