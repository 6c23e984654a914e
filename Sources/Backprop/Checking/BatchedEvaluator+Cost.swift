import Foundation

extension BatchedEvaluator {
  /// The largest |Δz^L| for which the softmax closed forms are used; beyond it a column's
  /// cost is computed in full (e^Δz would overflow long before rounding mattered).
  static let closedFormLimit = 30.0

  /// The cost change of each column from ΔZ^L in `dz`, written to `costChange`.
  ///
  /// Closed forms, with r = a − y and Δa = f(z + Δz) − a:
  /// - quadratic: Σ Δa (r + ½ Δa); mean squared error: Σ Δa (2r + Δa) / n;
  /// - softmax with categorical cross-entropy: −Σ y Δz + (Σ y) ln(1 + s) with
  ///   s = Σ p (e^Δz − 1) and p the base softmax (so Σ p e^Δz = 1 + s);
  /// - softmax with a squared cost: Δa = p (e^Δz − 1 − s) / (1 + s), then as above.
  /// Other pairs (cross-entropy) take C(z + Δz) − C(z) per column, from the same functions
  /// that gave the base cost.
  /// - Complexity: O(n_L · width).
  func outputChanges(sample s: Int, width: Int, workspace w: BatchedWorkspace) {
    let n = sizes[depth]
    let stride = BatchedEvaluator.blockWidth
    let f = activations[depth - 1]
    let first = s * n
    if !breaks[depth].isEmpty {
      for i in 0..<n {
        noteCrossings(
          from: z[depth][first + i], changes: w.dz + i * stride, layer: depth, width: width,
          workspace: w)
      }
    }
    let cc = w.costChange
    for c in 0..<width { cc[c] = 0 }
    if f.isElementwise {
      guard cost == .quadratic || cost == .mse else {
        return generalChanges(sample: s, width: width, workspace: w)
      }
      for i in 0..<n {
        ColumnKernels.change(
          at: points[depth][first + i], w.dz + i * stride, into: w.da + i * stride, width: width)
      }
      squaredChanges(sample: s, width: width, workspace: w)
      return
    }
    // Softmax output.
    guard cost != .crossEntropy else {
      return generalChanges(sample: s, width: width, workspace: w)
    }
    let sums = w.sums
    for c in 0..<width { sums[c] = 0 }
    var fits = true
    for i in 0..<n {
      let p = a[depth][first + i]
      let (dzRow, eRow) = (w.dz + i * stride, w.da + i * stride)
      fits = exponentialChanges(dzRow, into: eRow, width: width) && fits
      for c in 0..<width { sums[c] += p * eRow[c] }
    }
    guard fits else { return generalChanges(sample: s, width: width, workspace: w) }
    if cost == .categoricalCrossEntropy {
      var total = 0.0
      for i in 0..<n {
        let y = targets[first + i]
        total += y
        if y == 0 { continue }
        let dzRow = w.dz + i * stride
        for c in 0..<width { cc[c] -= y * dzRow[c] }
      }
      for c in 0..<width { cc[c] += total * Foundation.log1p(sums[c]) }
      return
    }
    for i in 0..<n {
      let p = a[depth][first + i]
      let eRow = w.da + i * stride
      for c in 0..<width { eRow[c] = p * (eRow[c] - sums[c]) / (1 + sums[c]) }
    }
    squaredChanges(sample: s, width: width, workspace: w)
  }

  /// Σ Δa (r + ½ Δa) or Σ Δa (2r + Δa) / n from Δa in `da`.
  private func squaredChanges(sample s: Int, width: Int, workspace w: BatchedWorkspace) {
    let n = sizes[depth]
    let stride = BatchedEvaluator.blockWidth
    let cc = w.costChange
    let first = s * n
    let (scale, half) = cost == .quadratic ? (1.0, 0.5) : (2.0, 1.0)
    for i in 0..<n {
      let r = scale * (a[depth][first + i] - targets[first + i])
      let da = w.da + i * stride
      for c in 0..<width { cc[c] += da[c] * (r + half * da[c]) }
    }
    if cost == .mse {
      let count = Double(n)
      for c in 0..<width { cc[c] /= count }
    }
  }

  /// e^Δz − 1 for `width` columns (a multiple of 8).
  /// - Returns: Whether every |Δz| is within `closedFormLimit` (false for NaN).
  private func exponentialChanges(
    _ dz: UnsafePointer<Double>, into e: UnsafeMutablePointer<Double>, width: Int
  ) -> Bool {
    typealias Lanes = VectorMath.Lanes
    let source = UnsafeRawPointer(dz)
    let target = UnsafeMutableRawPointer(e)
    let size = MemoryLayout<Double>.stride
    var outside = Lanes()
    var c = 0
    while c < width {
      let x = source.loadUnaligned(fromByteOffset: c * size, as: Lanes.self)
      let magnitude = x.replacing(with: -x, where: x .< 0)
      outside.replace(with: 1, where: .!(magnitude .<= BatchedEvaluator.closedFormLimit))
      target.storeBytes(of: VectorMath.expm1(x), toByteOffset: c * size, as: Lanes.self)
      c += 8
    }
    let four = outside.lowHalf + outside.highHalf
    let two = four.lowHalf + four.highHalf
    return two[0] + two[1] == 0
  }

  /// C(z + Δz) − C(z) per column, each cost in full.
  private func generalChanges(sample s: Int, width: Int, workspace w: BatchedWorkspace) {
    let n = sizes[depth]
    let stride = BatchedEvaluator.blockWidth
    let f = activations[depth - 1]
    let first = s * n
    let zOut = UnsafeMutableBufferPointer(start: w.outputZ, count: n)
    let aOut = UnsafeMutableBufferPointer(start: w.outputA, count: n)
    targets.withUnsafeBufferPointer { all in
      let y = UnsafeBufferPointer(rebasing: all[first..<(first + n)])
      for c in 0..<width {
        for i in 0..<n { zOut[i] = z[depth][first + i] + w.dz[i * stride + c] }
        if f.isElementwise {
          ColumnKernels.apply(f, w.outputZ, into: w.outputA, count: n)
        } else {
          BatchedEvaluator.softmax(w.outputZ, into: w.outputA, count: n)
        }
        let perturbed = cost.value(
          z: UnsafeBufferPointer(zOut), a: UnsafeBufferPointer(aOut), outputActivation: f,
          target: y)
        w.costChange[c] = perturbed - baseCosts[s]
      }
    }
  }
}
