extension Diagnosis {
  /// The c minimising Σ (given − c · right)² over `members`, ⟨g, r⟩ / ⟨r, r⟩.
  ///
  /// Computed from vectors scaled to a largest entry of 1 so that no sum overflows; `nil`
  /// when every right value is 0 or c is not a finite number (a gradient of 1.7e308 against
  /// right values near 0.1 is no factor).
  /// - Complexity: O(members).
  static func leastSquaresFactor(given: [Double], right: [Double], in members: [Int])
    -> Double?
  {
    let sg = members.reduce(0) { max($0, abs(given[$1])) }
    let sr = members.reduce(0) { max($0, abs(right[$1])) }
    guard sg.isFinite && sr.isFinite && sr > 0 else { return nil }
    if sg == 0 { return 0 }
    var dotGR = 0.0
    var dotRR = 0.0
    for i in members {
      let r = right[i] / sr
      dotGR += given[i] / sg * r
      dotRR += r * r
    }
    let c = dotGR / dotRR * (sg / sr)
    return c.isFinite ? c : nil
  }

  /// Whether `c` equals `value` within `DiagnosisThreshold.factorRelativeTolerance`.
  static func isFactor(_ c: Double, near value: Double) -> Bool {
    abs(c - value) <= DiagnosisThreshold.factorRelativeTolerance * abs(value)
  }

  /// Whether `c` is a factor at all: not within round-off of 1.
  static func differsFromOne(_ c: Double) -> Bool {
    abs(c - 1) > DiagnosisThreshold.factorRelativeTolerance
  }

  /// The factor c by name where recognisable (`2`, `0.5`, `1/m`, `2/n`, …), else as a number.
  static func factorName(_ c: Double, network: Network, samples m: Int) -> FactorName {
    factorName(c, outputs: network.sizes[network.depth], samples: m)
  }

  /// The factor c by name for a network of `outputs` outputs and `m` samples.
  static func factorName(_ c: Double, outputs: Int, samples m: Int) -> FactorName {
    let n = Double(outputs)
    var known: [(Double, FactorName)] = [
      (0.5, .simple(0.5)), (2, .simple(2)), (-0.5, .simple(-0.5)), (-2, .simple(-2)),
      (1 / Double(m), .oneOverSamples(m)),
      (2 / n, .twoOverOutputs(outputs)), (n / 2, .outputsOverTwo(outputs)),
      (1 / n, .oneOverOutputs(outputs)), (n, .outputs(outputs)),
    ]
    if m > 1 { known.append((Double(m), .samples(m))) }
    for (value, name) in known where isFactor(c, near: value) { return name }
    return .number(c)
  }

  /// The blocks (W^l or b^l) holding the wrong entries, with one factor c each such that
  /// yours ≈ c × right across the whole block; `nil` unless every wrong entry lies in such
  /// a block of at least two entries.
  ///
  /// Indices in `wrong` point into `e.judged`.
  /// - Complexity: O(blocks · judged).
  static func blockFactors(_ e: Evidence, wrong: [Int]) -> [BlockFactor]? {
    guard wrong.count >= 2 else { return nil }
    let (judged, given, right) = (e.judged, e.given, e.right)
    let wrongBlocks = Set(
      wrong.map { ParameterBlock(layer: judged[$0].layer, isWeight: judged[$0].isWeight) })
    var out: [BlockFactor] = []
    for block in wrongBlocks.sorted(by: {
      ($0.layer, $0.isWeight ? 0 : 1) < ($1.layer, $1.isWeight ? 0 : 1)
    }) {
      let members = judged.indices.filter {
        judged[$0].layer == block.layer && judged[$0].isWeight == block.isWeight
      }
      guard members.count >= 2,
        let c = leastSquaresFactor(given: given, right: right, in: members)
      else { return nil }
      let fits = members.filter { e.match.accepts(given[$0], c * right[$0]) }.count
      guard differsFromOne(c),
        Double(fits) >= DiagnosisThreshold.factorFitShare * Double(members.count)
      else { return nil }
      out.append(
        BlockFactor(
          block: block, factor: c, name: factorName(c, network: e.network, samples: e.samples.count)
        ))
    }
    return out
  }
}
