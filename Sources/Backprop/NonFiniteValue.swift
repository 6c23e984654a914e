/// The first value of a network's forward or backward pass that is not finite: where an
/// overflow (or a 0 · ∞, ∞ − ∞) first appeared.
///
/// Once one value is `inf` or `nan`, every value computed from it is too, so the first one
/// is the only one worth reporting: a check or an explanation of such a network would only
/// judge `nan` against `nan`. The library returns it typed; the commands word it.
public struct NonFiniteValue: Error, Equatable, Sendable, CustomStringConvertible {
  /// Which quantity of the pass was not finite.
  public enum Quantity: String, Sendable {
    /// z^l_j = (W^l a^(l−1) + b^l)_j.
    case weightedInput
    /// a^l_j = f_l(z^l)_j.
    case activation
    /// The cost of one sample.
    case cost
    /// δ^l_j = ∂C/∂z^l_j, in the backward pass.
    case delta
    /// An entry of the mean gradient ∂C/∂W^l or ∂C/∂b^l (the sum over samples overflowed).
    case gradient
  }

  /// The quantity.
  public let quantity: Quantity
  /// The layer l (1…L); L for the cost.
  public let layer: Int
  /// The sample, 0-based; `nil` for a mean gradient, which sums every sample.
  public let sample: Int?
  /// The entry j of z^l, a^l or δ^l; the parameter for a gradient; `nil` for the cost.
  public let entry: Entry?
  /// The value: `inf`, `-inf` or `nan`.
  public let value: Double

  /// Which entry of a vector or of the parameters.
  public enum Entry: Equatable, Sendable {
    /// Entry j of a layer's vector.
    case unit(Int)
    /// A weight or bias.
    case parameter(ParameterIndex)
  }

  /// Creates a report of a non-finite value.
  public init(quantity: Quantity, layer: Int, sample: Int?, entry: Entry?, value: Double) {
    self.quantity = quantity
    self.layer = layer
    self.sample = sample
    self.entry = entry
    self.value = value
  }

  /// `weightedInput, layer 2, sample 0, unit 1: inf`: the fields, for logs; the commands
  /// word it for people.
  public var description: String {
    var parts = [quantity.rawValue, "layer \(layer)"]
    if let sample { parts.append("sample \(sample)") }
    switch entry {
    case .unit(let j): parts.append("unit \(j)")
    case .parameter(let index): parts.append(index.description)
    case nil: break
    }
    return parts.joined(separator: ", ") + ": \(value)"
  }

  /// The first index of `values` that is not finite, or `nil`.
  static func firstIndex(in values: [Double]) -> Int? {
    values.firstIndex { !$0.isFinite }
  }
}

extension Network {
  /// The first value of the forward pass that is not finite, sample by sample, and within a
  /// sample layer by layer (z^l before a^l), then the sample's cost; `nil` when all are
  /// finite.
  /// - Precondition: every sample fits the network.
  /// - Complexity: O(m · Σ n_l n_(l−1)), one forward pass per sample.
  public func firstNonFiniteValue(over samples: [Sample]) -> NonFiniteValue? {
    for (s, sample) in samples.enumerated() {
      if let bad = firstNonFiniteForward(sample, s).bad { return bad }
    }
    return nil
  }

  /// The first value of backpropagation that is not finite: for each sample in turn its
  /// forward pass and cost as in `firstNonFiniteValue(over:)`, then δ^L down to δ¹; then
  /// the entries of the mean gradients in canonical order; `nil` when all are finite.
  /// - Precondition: every sample fits the network.
  /// - Complexity: O(m · Σ n_l n_(l−1)), like `gradients(over:)`.
  public func firstNonFiniteValueOfBackprop(over samples: [Sample]) -> NonFiniteValue? {
    var total = Gradients(zerosLike: self)
    let scale = 1 / Double(max(samples.count, 1))
    for (s, sample) in samples.enumerated() {
      let (trace, bad) = firstNonFiniteForward(sample, s)
      if let bad { return bad }
      let back = backward(trace, target: sample.target)
      for l in stride(from: depth, through: 1, by: -1) {
        if let j = NonFiniteValue.firstIndex(in: back.delta[l]) {
          return NonFiniteValue(
            quantity: .delta, layer: l, sample: s, entry: .unit(j), value: back.delta[l][j])
        }
      }
      for step in weightGradients(trace, back) {
        step.accumulate(
          into: &total.weights[step.layer - 1], biases: &total.biases[step.layer - 1],
          scale: scale)
      }
    }
    for index in parameterIndices where !total[index].isFinite {
      return NonFiniteValue(
        quantity: .gradient, layer: index.layer, sample: nil, entry: .parameter(index),
        value: total[index])
    }
    return nil
  }

  /// The forward trace of `sample` (number `s`) and its first value that is not finite.
  private func firstNonFiniteForward(_ sample: Sample, _ s: Int)
    -> (trace: ForwardTrace, bad: NonFiniteValue?)
  {
    let trace = forward(sample.input)
    if let bad = firstNonFinite(in: trace, sample: s) { return (trace, bad) }
    let c = cost.value(
      z: trace.z[depth], a: trace.output, outputActivation: activations[depth - 1],
      target: sample.target)
    guard c.isFinite else {
      return (trace, NonFiniteValue(quantity: .cost, layer: depth, sample: s, entry: nil, value: c))
    }
    return (trace, nil)
  }

  private func firstNonFinite(in trace: ForwardTrace, sample s: Int) -> NonFiniteValue? {
    for l in 1...depth {
      if let j = NonFiniteValue.firstIndex(in: trace.z[l]) {
        return NonFiniteValue(
          quantity: .weightedInput, layer: l, sample: s, entry: .unit(j), value: trace.z[l][j])
      }
      if let j = NonFiniteValue.firstIndex(in: trace.a[l]) {
        return NonFiniteValue(
          quantity: .activation, layer: l, sample: s, entry: .unit(j), value: trace.a[l][j])
      }
    }
    return nil
  }
}
