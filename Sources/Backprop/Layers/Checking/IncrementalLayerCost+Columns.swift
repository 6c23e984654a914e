import Foundation

extension IncrementalLayerCost where T == Double {
  /// The mean cost changes C(θ + s e_i) − C(θ) of many entries i of one recurrent layer and
  /// every step s, all at once (`RecurrentColumns`), with the kinks each crossed; `nil` when
  /// the entries are not all in one recurrent layer.
  ///
  /// Result `[n][m]` is entry `indices[n]` moved by `steps[m]`. The layers after the
  /// recurrent one run per column, and their branches are compared with those of the
  /// unperturbed column, so kinks after it are detected as in `cost(perturbing:by:)`.
  /// - Complexity: per sample, `RecurrentColumns.outputs` for indices × steps columns, then
  ///   the layers after it per column.
  func columnChanges(_ indices: [Int], steps: [Double], threads: Int)
    -> [[(change: Double, crossing: KinkCrossing)]]?
  {
    guard let first = indices.first,
      let k = network.offsets.lastIndex(where: { $0 <= first }), k < network.layers.count,
      let columns = RecurrentColumns(network.layers[k])
    else { return nil }
    let range = network.offsets[k]..<(network.offsets[k] + network.layers[k].parameterCount)
    guard indices.allSatisfy(range.contains) else { return nil }
    let perturbations = indices.flatMap { i in
      steps.map { RecurrentColumns.Perturbation(parameter: i - range.lowerBound, step: $0) }
    }
    var changes = [Double](repeating: 0, count: perturbations.count)
    var crossings = [KinkCrossing](repeating: .none, count: perturbations.count)
    for (s, sample) in samples.enumerated() {
      let x = values[s][k]
      let (base, outputs) = columns.outputs(
        x, parameters: parameters[k], perturbations: perturbations, threads: threads)
      var baseRecord = KinkRecord()
      let baseCost = network.cost(
        from: k, input: x, output: base, sample: sample, parameters: { parameters[$0] },
        kinks: &baseRecord)
      let tied = Set(baseRecord.onKink)
      for (c, output) in outputs.enumerated() {
        var record = KinkRecord()
        let cost = network.cost(
          from: k, input: x, output: output, sample: sample, parameters: { parameters[$0] },
          kinks: &record)
        changes[c] += cost - baseCost
        crossings[c] = crossings[c].combined(
          with: KinkCrossing(record.branches, base: baseRecord.branches, onKink: tied))
      }
    }
    let m = Double(samples.count)
    return indices.indices.map { n in
      steps.indices.map { j in
        (changes[n * steps.count + j] / m, crossings[n * steps.count + j])
      }
    }
  }
}
