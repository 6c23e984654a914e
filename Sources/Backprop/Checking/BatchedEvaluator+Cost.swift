import Foundation

extension BatchedEvaluator {
  /// The largest |Δz^L| for which the softmax closed forms are used; beyond it a column's
  /// cost is computed in full (e^Δz would overflow long before rounding mattered).
  static let closedFormLimit = 30.0

  /// The cost change of each column from ΔZ^L in `dz`, written to `costChange`.
  ///
  /// The cost, opened once through `Cost.visit(_:)`, says which closed form it has after
  /// the output activation (`CostFunction.changeForm(after:)`) and computes it in its own
  /// file:
  /// - `.fromOutputChanges`: from Δa = f(z + Δz) − a, by the activation's own
  ///   `change(at:_:into:width:)` for an element-wise output, and for softmax as
  ///   Δa = p (e^Δz − 1 − s) / (1 + s) with s = Σ p (e^Δz − 1) and p the base softmax;
  /// - `.fromSoftmaxShifts`: from Δz, e^Δz − 1 and s after a softmax output;
  /// - `.inFull`, or a softmax shift beyond `closedFormLimit`: C(z + Δz) − C(z) per column,
  ///   from the same functions that gave the base cost.
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
    switch cost.visit(ChangeFormAfter(outputActivation: f)) {
    case .inFull:
      return generalChanges(sample: s, width: width, workspace: w)
    case .fromOutputChanges:
      if f.isElementwise {
        for i in 0..<n {
          ColumnKernels.change(
            at: points[depth][first + i], w.dz + i * stride, into: w.da + i * stride, width: width)
        }
      } else {
        guard softmaxShifts(sample: s, width: width, workspace: w) else {
          return generalChanges(sample: s, width: width, workspace: w)
        }
        let sums = w.sums
        for i in 0..<n {
          let p = a[depth][first + i]
          let eRow = w.da + i * stride
          for c in 0..<width { eRow[c] = p * (eRow[c] - sums[c]) / (1 + sums[c]) }
        }
      }
      withOutputs(sample: s) { output, target in
        cost.visit(
          OutputChange(
            output: output, target: target, count: n, changes: w.da, stride: stride,
            change: w.costChange, width: width))
      }
    case .fromSoftmaxShifts:
      guard !f.isElementwise, softmaxShifts(sample: s, width: width, workspace: w) else {
        return generalChanges(sample: s, width: width, workspace: w)
      }
      withOutputs(sample: s) { output, target in
        cost.visit(
          SoftmaxChange(
            output: output, target: target, count: n, shifts: w.dz, exponentials: w.da,
            stride: stride, sums: w.sums, change: w.costChange, width: width))
      }
    }
  }

  /// Calls `body` with sample `s`'s output a^L and target y.
  private func withOutputs(
    sample s: Int, _ body: (UnsafePointer<Double>, UnsafePointer<Double>) -> Void
  ) {
    let first = s * sizes[depth]
    a[depth].withUnsafeBufferPointer { output in
      targets.withUnsafeBufferPointer { target in
        body(
          output.baseAddress.unsafelyUnwrapped + first,
          target.baseAddress.unsafelyUnwrapped + first)
      }
    }
  }

  /// e^Δz − 1 of each softmax output into `da` and s = Σ p (e^Δz − 1) per column into `sums`.
  /// - Returns: Whether every |Δz| is within `closedFormLimit`.
  private func softmaxShifts(sample s: Int, width: Int, workspace w: BatchedWorkspace) -> Bool {
    let n = sizes[depth]
    let stride = BatchedEvaluator.blockWidth
    let first = s * n
    let sums = w.sums
    for c in 0..<width { sums[c] = 0 }
    var fits = true
    for i in 0..<n {
      let p = a[depth][first + i]
      let (dzRow, eRow) = (w.dz + i * stride, w.da + i * stride)
      fits = exponentialChanges(dzRow, into: eRow, width: width) && fits
      for c in 0..<width { sums[c] += p * eRow[c] }
    }
    return fits
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

  /// C(z + Δz) − C(z) per column, each cost in full: the path of a cost without a closed
  /// form.
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

/// `CostFunction.changeForm(after:)` of the cost.
private struct ChangeFormAfter: CostVisitor {
  let outputActivation: Activation
  func visit<F: CostFunction>(_ function: F) -> CostChangeForm {
    function.changeForm(after: outputActivation)
  }
}

/// `CostFunction.outputChange(output:target:count:changes:stride:into:width:)` for the cost,
/// specialised.
private struct OutputChange: CostVisitor {
  let output: UnsafePointer<Double>
  let target: UnsafePointer<Double>
  let count: Int
  let changes: UnsafePointer<Double>
  let stride: Int
  let change: UnsafeMutablePointer<Double>
  let width: Int
  func visit<F: CostFunction>(_ function: F) {
    function.outputChange(
      output: output, target: target, count: count, changes: changes, stride: stride,
      into: change, width: width)
  }
}

/// `CostFunction.softmaxChange(output:target:count:shifts:exponentials:stride:sums:into:width:)`
/// for the cost, specialised.
private struct SoftmaxChange: CostVisitor {
  let output: UnsafePointer<Double>
  let target: UnsafePointer<Double>
  let count: Int
  let shifts: UnsafePointer<Double>
  let exponentials: UnsafePointer<Double>
  let stride: Int
  let sums: UnsafePointer<Double>
  let change: UnsafeMutablePointer<Double>
  let width: Int
  func visit<F: CostFunction>(_ function: F) {
    function.softmaxChange(
      output: output, target: target, count: count, shifts: shifts, exponentials: exponentials,
      stride: stride, sums: sums, into: change, width: width)
  }
}
