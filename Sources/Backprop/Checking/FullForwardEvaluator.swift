/// The naive baseline (`GradientCheckOptions.Strategy.fullForward`): a full forward pass
/// (`Network.cost(with:over:)`) per perturbation and full activation patterns for kink and
/// crease detection.
final class FullForwardEvaluator<T: NetworkScalar & Equatable> {
  let network: Network
  let samples: [Sample]
  let base: Parameters<T>
  let baseCost: T
  private var basePatterns: (kinks: ActivationPattern, creases: ActivationPattern)?

  init(network: Network, samples: [Sample]) {
    self.network = network
    self.samples = samples
    base = Parameters<T>(network)
    baseCost = network.cost(with: base, over: samples)
  }

  private func patterns(_ p: Parameters<T>) -> (
    kinks: ActivationPattern, creases: ActivationPattern
  ) {
    (
      ActivationPattern(network: network, parameters: p, samples: samples),
      ActivationPattern(
        network: network, parameters: p, samples: samples,
        watching: { Crossings(at: $0).contains(.crease) })
    )
  }

  /// ΔC for each step, and which activation patterns changed.
  func costChanges(
    at index: ParameterIndex, steps: UnsafeBufferPointer<T>,
    into changes: UnsafeMutableBufferPointer<T>
  ) -> Crossings {
    let watched = network.activations.contains { !Crossings(at: $0).isEmpty }
    if watched && basePatterns == nil { basePatterns = patterns(base) }
    var crossed: Crossings = []
    var p = base
    let original = base[index]
    for i in 0..<steps.count {
      p[index] = original + steps[i]
      changes[i] = network.cost(with: p, over: samples) - baseCost
      if watched, let reference = basePatterns {
        let moved = patterns(p)
        if moved.kinks != reference.kinks { crossed.insert(.kink) }
        if moved.creases != reference.creases { crossed.insert(.crease) }
      }
    }
    return crossed
  }
}
