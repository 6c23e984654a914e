/// The on/off pattern of every relu and leaky-relu unit for every sample: whether z > 0.
///
/// ReLU and leaky ReLU have a kink at z = 0. When a finite-difference step moves any such
/// pre-activation across 0, for any sample, the difference quotient mixes two slopes and
/// disagrees with the (correct) one-sided derivative. Comparing the pattern at the base point
/// with the pattern at each perturbed point detects exactly that. The fast checker gathers
/// the same information inside `IncrementalEvaluator`; this type is the plain reference.
public struct ActivationPattern: Equatable, Sendable {
  /// One flag per (sample, kinked layer, unit), in that order: z > 0.
  public var isOn: [Bool]

  /// The pattern of `network` with `parameters` in place of its own, over `samples`, for the
  /// layers whose activation satisfies `watched` (by default relu and leaky-relu).
  /// - Complexity: O(m · Σ n_l n_(l−1)).
  public init<T: NetworkScalar>(
    network: Network, parameters: Parameters<T>, samples: [Sample],
    watching watched: (Activation) -> Bool = { !$0.kinks.isEmpty }
  ) {
    var flags: [Bool] = []
    for sample in samples {
      var a = sample.input.map(T.init)
      for l in 1...network.depth {
        let rows = network.sizes[l]
        let columns = network.sizes[l - 1]
        let w = parameters.weights[l - 1]
        var z = parameters.biases[l - 1]
        for j in 0..<rows {
          var sum = z[j]
          for k in 0..<columns { sum = sum + w[j * columns + k] * a[k] }
          z[j] = sum
        }
        if watched(network.activations[l - 1]) {
          for v in z { flags.append(v.realPart > 0) }
        }
        a = network.activations[l - 1].apply(z)
      }
    }
    isOn = flags
  }
}

extension Network {
  /// Whether moving the parameter `index` by any of `steps` changes the activation pattern
  /// of a relu or leaky-relu unit for any of `samples` (a full forward pass per step).
  /// - Complexity: O(`steps.count` · m · Σ n_l n_(l−1)).
  public func crossesKink(
    perturbing index: ParameterIndex, by steps: [Double], over samples: [Sample]
  )
    -> Bool
  {
    guard activations.contains(where: { !$0.kinks.isEmpty }) else { return false }
    let base = Parameters<Double>(self)
    let pattern = ActivationPattern(network: self, parameters: base, samples: samples)
    for s in steps {
      var p = base
      p[index] = p[index] + s
      if ActivationPattern(network: self, parameters: p, samples: samples) != pattern {
        return true
      }
    }
    return false
  }

  /// The smallest |z| over every relu and leaky-relu unit and sample, or `nil` when the
  /// network has no kinked activation: how close the base point is to a kink.
  /// - Complexity: O(m · Σ n_l n_(l−1)).
  public func kinkMargin(over samples: [Sample]) -> Double? {
    guard activations.contains(where: { !$0.kinks.isEmpty }) else { return nil }
    var smallest = Double.infinity
    for sample in samples {
      let trace = forward(sample.input)
      for l in 1...depth where !activations[l - 1].kinks.isEmpty {
        for v in trace.z[l] { smallest = min(smallest, abs(v)) }
      }
    }
    return smallest
  }
}

/// A second look at a parameter whose finite difference crossed a kink.
///
/// The checker retries with central, forward and backward differences at smaller and
/// smaller steps, using only estimates whose steps stay on one side of every kink. When one
/// agrees, the parameter is counted as a kink (re-check ok); when every such estimate
/// disagrees, it is a failure (kink, re-check failed): a wrong gradient cannot hide behind a
/// kink. With no clear step it stays a kink, not judged.
public struct KinkRecheck: Equatable, Sendable {
  /// The re-check method: `central`, `forward` or `backward`.
  public var method: FiniteDifferenceMethod
  /// The step used.
  public var epsilon: Double
  /// The estimate.
  public var numeric: Double
  /// Whether it agrees with the analytic value (tolerances widened for the smaller step).
  public var agrees: Bool

  /// Creates a re-check result.
  public init(method: FiniteDifferenceMethod, epsilon: Double, numeric: Double, agrees: Bool) {
    self.method = method
    self.epsilon = epsilon
    self.numeric = numeric
    self.agrees = agrees
  }
}
