/// The on/off pattern of every relu and leaky-relu unit for every sample: whether z > 0.
///
/// ReLU and leaky ReLU have a kink at z = 0. When a finite-difference step moves any such
/// pre-activation across 0, for any sample, the difference quotient mixes two slopes and
/// disagrees with the (correct) one-sided derivative. Comparing the pattern at the base point
/// with the pattern at each perturbed point detects exactly that. The fast checker gathers
/// the same information inside `IncrementalEvaluator`; this type is the plain reference.
struct ActivationPattern: Equatable, Sendable {
  /// One flag per (sample, kinked layer, unit), in that order: z > 0.
  var isOn: [Bool]

  /// The pattern of `network` with `parameters` in place of its own, over `samples`, for the
  /// layers whose activation satisfies `watched` (by default relu and leaky-relu).
  /// - Complexity: O(m · Σ n_l n_(l−1)).
  init<T: NetworkScalar>(
    network: Network, parameters: Parameters<T>, samples: [Sample],
    watching watched: (Activation) -> Bool = { !$0.kinks.isEmpty }
  ) {
    var flags: [Bool] = []
    for sample in samples {
      _ = network.plainForward(sample.input, parameters: parameters) { l, z in
        if watched(network.activations[l - 1]) {
          for v in z { flags.append(v.realPart > 0) }
        }
      }
    }
    isOn = flags
  }
}

extension Network {
  /// Whether moving the parameter `index` by any of `steps` changes the activation pattern
  /// of a relu or leaky-relu unit for any of `samples` (a full forward pass per step).
  /// - Complexity: O(`steps.count` · m · Σ n_l n_(l−1)).
  func crossesKink(
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
  func kinkMargin(over samples: [Sample]) -> Double? {
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
