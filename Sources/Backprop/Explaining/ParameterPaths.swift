/// The paths from the cost down to one parameter of a network: the terms of the chain rule
/// that a parameter trace adds up.
///
/// A parameter of layer l enters the network only through one weighted input zˡⱼ. A path
/// goes up from there through one neuron of each layer above to the output: at each layer m
/// from l to L it passes a pre-activation zᵐ and an activation aᵐ, the same neuron for an
/// element-wise activation, any neuron of the layer for softmax (whose Jacobian is dense).
/// The derivative of the cost is the sum over the paths of the products of the local
/// derivatives along them.
public struct ParameterPaths: Sendable, Equatable {
  /// One path, top layer first: at each layer m from L down to l, `preActivationIndices`
  /// holds the neuron whose z the path passes and `activationIndices` the neuron whose a it
  /// passes (the same neuron unless layer m is softmax).
  public struct Path: Sendable, Equatable {
    /// The z neuron of each layer, from L down to l.
    public var preActivationIndices: [Int]
    /// The a neuron of each layer, from L down to l.
    public var activationIndices: [Int]

    /// Creates a path.
    public init(preActivationIndices: [Int], activationIndices: [Int]) {
      self.preActivationIndices = preActivationIndices
      self.activationIndices = activationIndices
    }
  }

  /// How many paths there are, or `Int.max` when that overflows a 64-bit integer.
  public var count: Int
  /// Every path, in order (outermost neuron varying slowest), or empty when `count` is
  /// above the limit the paths were enumerated with.
  public var paths: [Path]

  /// The paths from the cost to `parameter` of `network`, listed when there are at most
  /// `limit`, else only counted.
  ///
  /// Each layer above the parameter's chooses a z neuron, and every softmax layer from the
  /// parameter's up also an a neuron, so the count is the product of those layer sizes.
  /// - Precondition: `parameter` is a parameter of `network` (`Network.parameterIndices`).
  /// - Complexity: O(L) to count; O(count · L) to list.
  public init(to parameter: ParameterIndex, in network: Network, limit: Int) {
    let l = parameter.layer
    let depth = network.depth
    var count = 1
    for layer in l...depth {
      if layer > l { count = Self.saturatingProduct(count, network.sizes[layer]) }
      if !network.activation(layer).isElementwise {
        count = Self.saturatingProduct(count, network.sizes[layer])
      }
    }
    self.count = count
    guard count <= limit else {
      paths = []
      return
    }
    var result: [Path] = []
    // Walk up from layer l: partial paths are listed bottom-up, then reversed.
    func extend(
      _ layer: Int, _ zIndex: Int, _ preActivationIndices: [Int], _ activationIndices: [Int]
    ) {
      let choices =
        network.activation(layer).isElementwise ? [zIndex] : Array(0..<network.sizes[layer])
      for aIndex in choices {
        if layer == depth {
          result.append(
            Path(
              preActivationIndices: (preActivationIndices + [zIndex]).reversed(),
              activationIndices: (activationIndices + [aIndex]).reversed()))
        } else {
          for next in 0..<network.sizes[layer + 1] {
            extend(layer + 1, next, preActivationIndices + [zIndex], activationIndices + [aIndex])
          }
        }
      }
    }
    extend(l, parameter.indices[0], [], [])
    paths = result
  }

  /// `a · b`, or `Int.max` when that overflows.
  static func saturatingProduct(_ a: Int, _ b: Int) -> Int {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? Int.max : product
  }
}
