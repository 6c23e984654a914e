extension StepSweep {
  /// Sweeps flat parameter `index` of a layered network over `samples`, against `analytic`,
  /// noting the steps whose differences span a kink (a relu unit or a max-pool winner that
  /// switches between θ and θ ± ε).
  /// - Complexity: 97 evaluations of the mean cost, one forward pass per sample each.
  public init(network: LayeredNetwork, samples: [Sample], parameter index: Int, analytic: Double) {
    let theta = network.parameters
    let complexTheta = theta.map { Complex($0) }
    func record(_ shift: Double) -> KinkRecord {
      var p = theta
      p[index] += shift
      var kinks = KinkRecord()
      _ = network.cost(parameters: p, over: samples, kinks: &kinks)
      return kinks
    }
    let base = record(0)
    let onKink = Set(base.onKink)
    func crossing(_ shift: Double) -> KinkCrossing {
      KinkCrossing(record(shift).branches, base: base.branches, onKink: onKink)
    }
    self.init(
      analytic: analytic,
      cost: { shift in
        var p = theta
        p[index] += shift
        var kinks = KinkRecord()
        return network.cost(parameters: p, over: samples, kinks: &kinks)
      },
      imaginaryCost: { h in
        var p = complexTheta
        p[index].im += h
        var kinks = KinkRecord()
        return network.cost(parameters: p, over: samples, kinks: &kinks).im
      },
      kinkCrossing: { h in
        let up = crossing(h)
        return (
          !up.isClear(for: .forward), !up.combined(with: crossing(-h)).isClear(for: .central)
        )
      })
  }
}
