/// Evaluates the cost after perturbing one parameter, reusing a cached forward pass.
///
/// Perturbing W^l_jk by s changes only z^l_j, by s · a^(l−1)_k (perturbing b^l_j changes it
/// by s). The layers below l need not be recomputed; a^l changes in entry j only (all of a^l
/// for softmax), so z^(l+1) changes by column j of W^(l+1) times the change in a^l_j; only the
/// layers above l+1 need a full pass. All z^l and a^l of every sample live in one contiguous
/// buffer, and the scratch vectors are allocated once, so the inner loop allocates nothing.
///
/// The evaluator also reports whether a perturbation moved a pre-activation of a relu or
/// leaky-relu unit across its kink at 0, for any sample: the information kink detection
/// needs, gathered at no extra cost.
///
/// `T` is `Double`, `Float` (to show rounding) or `Complex` (complex step); branches use the
/// real part.
final class IncrementalEvaluator<T: NetworkScalar & Equatable> {
  let sizes: [Int]
  let depth: Int
  let sampleCount: Int
  let activations: [Activation]
  let cost: Cost
  /// Whether the cost is computed from z^L (`Cost.isFused(with:)`).
  let fusedCost: Bool
  /// What crossing 0 means in layer l (index l, 1…L): `.kink` for relu and leaky-relu,
  /// `.crease` for elu (whose f″ jumps at 0), none otherwise; index 0 is unused.
  let breaks: [Crossings]

  private let weightOffset: [Int]
  private let biasOffset: [Int]
  /// Offsets of layer l's block (sampleCount x n_l) in `z` and `a`; `unitOffset[0]` is 0 (the
  /// inputs).
  private let unitOffset: [Int]
  private let maxWidth: Int

  // Every buffer is allocated with at least one element (`max(_, 1)`, and maxWidth ≥ 1
  // because `Network.init` rejects a layer of size 0), so each `baseAddress` is non-nil and
  // `unsafelyUnwrapped` below is safe.
  private let w: UnsafeMutableBufferPointer<T>
  private let b: UnsafeMutableBufferPointer<T>
  private let z: UnsafeMutableBufferPointer<T>
  private let a: UnsafeMutableBufferPointer<T>
  private let targets: UnsafeMutableBufferPointer<Double>
  private let baseCosts: UnsafeMutableBufferPointer<T>
  private let scratchZ: UnsafeMutableBufferPointer<T>
  private let scratchA: UnsafeMutableBufferPointer<T>
  private let scratchB: UnsafeMutableBufferPointer<T>

  /// Caches the forward pass of `network` over `samples` in `T`.
  /// - Precondition: `samples` is not empty and each fits the network.
  /// - Complexity: O(m · Σ n_l n_(l−1)).
  init(network: Network, samples: [Sample]) {
    sizes = network.sizes
    depth = network.depth
    sampleCount = samples.count
    activations = network.activations
    cost = network.cost
    fusedCost = network.cost.isFused(with: network.activations[network.depth - 1])
    breaks = [[]] + network.activations.map { Crossings(at: $0) }
    var wo = [0]
    var bo = [0]
    var uo = [0]
    var wTotal = 0
    var bTotal = 0
    var uTotal = samples.count * sizes[0]
    for l in 1...depth {
      wo.append(wTotal)
      bo.append(bTotal)
      uo.append(uTotal)
      wTotal += sizes[l] * sizes[l - 1]
      bTotal += sizes[l]
      uTotal += samples.count * sizes[l]
    }
    weightOffset = wo
    biasOffset = bo
    unitOffset = uo
    maxWidth = sizes.max() ?? 1
    w = .allocate(capacity: max(wTotal, 1))
    b = .allocate(capacity: max(bTotal, 1))
    z = .allocate(capacity: max(uTotal, 1))
    a = .allocate(capacity: max(uTotal, 1))
    targets = .allocate(capacity: max(samples.count * sizes[depth], 1))
    baseCosts = .allocate(capacity: max(samples.count, 1))
    scratchZ = .allocate(capacity: maxWidth)
    scratchA = .allocate(capacity: maxWidth)
    scratchB = .allocate(capacity: maxWidth)
    // Trivial element types, but initialise every buffer before use all the same.
    for buffer in [w, b, z, a, baseCosts, scratchZ, scratchA, scratchB] {
      buffer.initialize(repeating: T(0))
    }
    targets.initialize(repeating: 0)
    for l in 1...depth {
      for (i, v) in network.weights[l - 1].storage.enumerated() { w[wo[l] + i] = T(v) }
      for (i, v) in network.biases[l - 1].enumerated() { b[bo[l] + i] = T(v) }
    }
    let outputs = sizes[depth]
    for (s, sample) in samples.enumerated() {
      for (i, v) in sample.input.enumerated() { a[s * sizes[0] + i] = T(v) }
      for (i, v) in sample.target.enumerated() { targets[s * outputs + i] = v }
    }
    refresh()
  }

  deinit {
    w.deallocate()
    b.deallocate()
    z.deallocate()
    a.deallocate()
    targets.deallocate()
    baseCosts.deallocate()
    scratchZ.deallocate()
    scratchA.deallocate()
    scratchB.deallocate()
  }

  /// Recomputes the cached forward pass and the per-sample base costs.
  private func refresh() {
    for s in 0..<sampleCount {
      for l in 1...depth {
        let n = sizes[l]
        let cols = sizes[l - 1]
        let zl = unitOffset[l] + s * n
        let prev = unitOffset[l - 1] + s * cols
        for j in 0..<n {
          var sum = b[biasOffset[l] + j]
          let row = weightOffset[l] + j * cols
          for k in 0..<cols { sum = sum + w[row + k] * a[prev + k] }
          z[zl + j] = sum
        }
        applyActivation(
          l, from: z.baseAddress.unsafelyUnwrapped + zl, to: a.baseAddress.unsafelyUnwrapped + zl)
      }
      let out = unitOffset[depth] + s * sizes[depth]
      baseCosts[s] = sampleCost(
        z: z.baseAddress.unsafelyUnwrapped + out, a: a.baseAddress.unsafelyUnwrapped + out,
        sample: s)
    }
  }

  /// The mean cost at the base point.
  var baseCost: T {
    var total = T(0)
    for s in 0..<sampleCount { total = total + baseCosts[s] }
    return total / T(Double(sampleCount))
  }

  /// The entry z^l_j of the cached weighted input for sample s (for tests and kink reports).
  func cachedZ(layer l: Int, sample s: Int, unit j: Int) -> T {
    z[unitOffset[l] + s * sizes[l] + j]
  }

  /// The mean cost changes ΔC(s_i) = C(θ + s_i e_p) − C(θ) for the parameter `index` and each
  /// step `s_i`, written to `changes`.
  ///
  /// - Returns: Which kinds of break any step moved a pre-activation across, for any sample:
  ///   `.kink` for relu and leaky-relu units, `.crease` for elu units.
  /// - Complexity: O(m · (n_(l+1) + Σ_{k>l+1} n_k n_(k−1))) per step, where l is the
  ///   parameter's layer: O(m · n_(l+1)) for the last two layers.
  @discardableResult
  func costChanges(
    at index: ParameterIndex, steps: UnsafeBufferPointer<T>,
    into changes: UnsafeMutableBufferPointer<T>
  ) -> Crossings {
    let l = index.layer
    let j: Int
    let k: Int
    switch index.kind {
    case .weight(let row, let column):
      j = row
      k = column
    case .bias(let row):
      j = row
      k = -1
    }
    for i in 0..<steps.count { changes[i] = T(0) }
    var crossed: Crossings = []
    let n = sizes[l]
    let cols = sizes[l - 1]
    let zero = T(0)
    for s in 0..<sampleCount {
      let coefficient: T
      if k >= 0 {
        coefficient = a[unitOffset[l - 1] + s * cols + k]
        if coefficient == zero { continue }  // z^l_j does not move for this sample
      } else {
        coefficient = T(1)
      }
      let zRow = unitOffset[l] + s * n
      let z0 = z[zRow + j]
      for i in 0..<steps.count {
        let zj = z0 + steps[i] * coefficient
        if !breaks[l].isEmpty { crossed.formUnion(crossing(from: z0, to: zj, layer: l)) }
        let perturbed = propagate(layer: l, unit: j, newZ: zj, sample: s, crossed: &crossed)
        changes[i] = changes[i] + (perturbed - baseCosts[s])
      }
    }
    let m = T(Double(sampleCount))
    for i in 0..<steps.count { changes[i] = changes[i] / m }
    return crossed
  }

  /// The cost of sample `s` when z^l_j is replaced by `newZ`.
  private func propagate(
    layer l: Int, unit j: Int, newZ: T, sample s: Int, crossed: inout Crossings
  )
    -> T
  {
    let n = sizes[l]
    let zRow = unitOffset[l] + s * n
    let zBase = z.baseAddress.unsafelyUnwrapped
    let aBase = a.baseAddress.unsafelyUnwrapped
    let sz = scratchZ.baseAddress.unsafelyUnwrapped
    let sa = scratchA.baseAddress.unsafelyUnwrapped
    let sb = scratchB.baseAddress.unsafelyUnwrapped
    let act = activations[l - 1]
    if act.isElementwise {
      let newA = act.value(newZ)
      let dA = newA - aBase[zRow + j]
      // A saturated unit's a does not move, but a fused cost reads z^L, which does.
      if dA == T(0) && !(l == depth && fusedCost) { return baseCosts[s] }
      if l == depth {
        for i in 0..<n {
          sa[i] = aBase[zRow + i]
          sb[i] = zBase[zRow + i]
        }
        sa[j] = newA
        sb[j] = newZ
        return sampleCost(z: sb, a: sa, sample: s)
      }
      // z^(l+1) = cached z^(l+1) + W^(l+1)[:, j] · Δa^l_j
      let up = sizes[l + 1]
      let zUp = unitOffset[l + 1] + s * up
      let wUp = weightOffset[l + 1]
      for i in 0..<up { sz[i] = zBase[zUp + i] + w[wUp + i * n + j] * dA }
    } else {
      // Softmax: all of a^l changes.
      for i in 0..<n { sb[i] = zBase[zRow + i] }
      sb[j] = newZ
      applyActivation(l, from: sb, to: sa)
      if l == depth { return sampleCost(z: sb, a: sa, sample: s) }
      let up = sizes[l + 1]
      let zUp = unitOffset[l + 1] + s * up
      let wUp = weightOffset[l + 1]
      for i in 0..<n { sb[i] = sa[i] - aBase[zRow + i] }
      for i in 0..<up {
        var sum = zBase[zUp + i]
        for c in 0..<n { sum = sum + w[wUp + i * n + c] * sb[c] }
        sz[i] = sum
      }
    }
    // Now scratchZ holds z^(l+1); run the remaining layers in full.
    var m = l + 1
    while true {
      let width = sizes[m]
      if !breaks[m].isEmpty {
        let zm = unitOffset[m] + s * width
        for i in 0..<width {
          crossed.formUnion(crossing(from: zBase[zm + i], to: sz[i], layer: m))
        }
      }
      applyActivation(m, from: sz, to: sa)
      if m == depth { return sampleCost(z: sz, a: sa, sample: s) }
      let up = sizes[m + 1]
      let wUp = weightOffset[m + 1]
      for i in 0..<up {
        var sum = b[biasOffset[m + 1] + i]
        for c in 0..<width { sum = sum + w[wUp + i * width + c] * sa[c] }
        sb[i] = sum
      }
      for i in 0..<up { sz[i] = sb[i] }
      m += 1
    }
  }

  /// The breaks of layer l crossed when a pre-activation moves from `z0` to `z1`.
  ///
  /// The layer's breaks when the sign changes strictly; for a kink, `.kinkEdge` when one end
  /// sits exactly at 0 (a one-sided step from exactly 0 measures a one-sided derivative; a
  /// central one mixes the two).
  @inline(__always)
  private func crossing(from z0: T, to z1: T, layer l: Int) -> Crossings {
    let (p0, p1) = (z0.realPart, z1.realPart)
    if (p0 > 0) == (p1 > 0) { return [] }
    if breaks[l].contains(.kink) && (p0 == 0 || p1 == 0) {
      return breaks[l].subtracting(.kink).union(.kinkEdge)
    }
    return breaks[l]
  }

  /// a = f_l(z) for one sample's layer l, from `source` to `target` (n_l entries each).
  private func applyActivation(
    _ l: Int, from source: UnsafeMutablePointer<T>, to target: UnsafeMutablePointer<T>
  ) {
    let n = sizes[l]
    activations[l - 1].apply(
      UnsafeBufferPointer(start: source, count: n),
      into: UnsafeMutableBufferPointer(start: target, count: n))
  }

  /// The cost of sample `s` with output-layer weighted input `z` and output `a` (n_L entries
  /// each), as in `Cost.value(z:a:outputActivation:target:)`: from z in the stable fused form
  /// for sigmoid + cross-entropy and softmax + categorical cross-entropy.
  private func sampleCost(
    z zOut: UnsafeMutablePointer<T>, a output: UnsafeMutablePointer<T>, sample s: Int
  ) -> T {
    let n = sizes[depth]
    let y = UnsafeBufferPointer(start: targets.baseAddress.unsafelyUnwrapped + s * n, count: n)
    return cost.value(
      z: UnsafeBufferPointer(start: zOut, count: n),
      a: UnsafeBufferPointer(start: output, count: n),
      outputActivation: activations[depth - 1], target: y)
  }
}

/// The breaks in smoothness a perturbation can cross: where an activation's derivative jumps
/// (`.kink`: relu, leaky-relu) or its second derivative jumps (`.crease`: elu with α = 1).
struct Crossings: OptionSet, Sendable {
  let rawValue: UInt8

  /// f′ jumps at 0: finite differences across it mix two slopes.
  static let kink = Crossings(rawValue: 1)
  /// f″ jumps at 0: the error terms of five-point and Richardson differences do not exist.
  static let crease = Crossings(rawValue: 2)
  /// A kinked pre-activation starts or ends exactly at 0 without changing strict sign: a
  /// one-sided step measures a one-sided derivative, a central step mixes the two.
  static let kinkEdge = Crossings(rawValue: 4)

  /// The breaks of `activation` at 0.
  init(at activation: Activation) {
    self = []
    for point in activation.breaks where point.at == 0 {
      formUnion(point.kind == .kink ? .kink : .crease)
    }
  }

  init(rawValue: UInt8) { self.rawValue = rawValue }
}
