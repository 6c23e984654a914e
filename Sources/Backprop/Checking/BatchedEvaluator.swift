import Foundation

/// Cost changes of many perturbations at once, as columns pushed through the layers above in
/// difference form, in double precision.
///
/// Perturbing W^l[j,k] by s shifts z^l_j by s · a^(l−1)_k, and perturbing b^l[j] shifts it by
/// s: every step of every entry of neuron j's row is a scalar shift of z^l_j, one column per
/// (entry, step) for each sample. The columns go up together: Δa^l_j = f(z^l_j + Δz) − a^l_j,
/// then ΔZ^(l+1) = W^(l+1)[:, j] Δa^l_j (a rank-1 product), then per layer
/// ΔA = f(Z + ΔZ) − A and ΔZ = W ΔA (one matrix product per layer for all columns), and at
/// the output the cost change of each column in the closed form the cost declares
/// (`BatchedEvaluator+Cost`, `CostFunction.changeForm(after:)`). Where the cost has one, the
/// changes are never the difference of two full costs, so they carry less rounding than the
/// per-entry evaluator's C(θ + s) − C(θ).
///
/// Rows (layer, neuron) are independent tasks; `threads` workers take them in turn, each
/// writing only its own entries, so the result does not depend on the number of threads.
/// Softmax is supported at the output only (`supports(_:)`); other networks use
/// `IncrementalEvaluator`.
final class BatchedEvaluator: Sendable {
  let sizes: [Int]
  let depth: Int
  let sampleCount: Int
  let activations: [Activation]
  let cost: Cost
  /// The breaks of each layer (index l, 1…L; index 0 unused), as in `IncrementalEvaluator`.
  let breaks: [Crossings]

  /// Columns pushed through the layers together.
  static let blockWidth = 256

  /// Whether a sample's many columns may be interpolated from a few
  /// (`interpolate(row:layer:sample:count:workspace:output:)`); tests turn it off.
  let interpolates: Bool
  /// `smoothAbove[l]`: no layer above l has a break (kink or crease).
  let smoothAbove: [Bool]

  /// W^l row-major at `weights[l]` (index 0 unused), and in `ColumnKernels.paired` form.
  let weights: [[Double]]
  let pairedWeights: [[Double]]
  /// z^l and a^l of sample s at `[l][s * n_l + j]`; index 0 of `a` holds the inputs.
  let z: [[Double]]
  let a: [[Double]]
  /// Each unit's base point for `ColumnKernels.change(at:_:into:width:)`, indexed as `z`.
  let points: [[UnitPoint]]
  /// Targets of sample s at `s * n_L + i`.
  let targets: [Double]
  /// The cost of each sample at the base point, from the same `z^L` and `a^L`.
  let baseCosts: [Double]

  /// Whether the batched path computes this network's changes: softmax only at the output.
  static func supports(_ network: Network) -> Bool {
    network.activations.dropLast().allSatisfy(\.isElementwise)
  }

  /// Caches the forward pass with the activation kernels of `ColumnKernels`.
  /// - Precondition: `supports(network)`; `samples` is not empty and each fits the network.
  /// - Complexity: O(m · Σ n_l n_(l−1)).
  init(network: Network, samples: [Sample], interpolates: Bool = true) {
    self.interpolates = interpolates
    sizes = network.sizes
    depth = network.depth
    sampleCount = samples.count
    activations = network.activations
    cost = network.cost
    let breaks = [[]] + network.activations.map { Crossings(at: $0) }
    self.breaks = breaks
    smoothAbove = (0...network.depth).map { l in breaks[(l + 1)...].allSatisfy(\.isEmpty) }
    var weights: [[Double]] = [[]]
    for l in 1...network.depth { weights.append(network.weights[l - 1].storage) }
    var z: [[Double]] = [[]]
    var a: [[Double]] = [samples.flatMap(\.input)]
    for l in 1...network.depth {
      let (n, inner) = (sizes[l], sizes[l - 1])
      var zl = [Double](repeating: 0, count: samples.count * n)
      var al = zl
      for s in 0..<samples.count {
        for j in 0..<n {
          var sum = network.biases[l - 1][j]
          for k in 0..<inner { sum += weights[l][j * inner + k] * a[l - 1][s * inner + k] }
          zl[s * n + j] = sum
        }
        let act = activations[l - 1]
        zl.withUnsafeBufferPointer { zp in
          al.withUnsafeMutableBufferPointer { ap in
            let (source, target) = (
              zp.baseAddress.unsafelyUnwrapped, ap.baseAddress.unsafelyUnwrapped
            )
            if act.isElementwise {
              ColumnKernels.apply(act, source + s * n, into: target + s * n, count: n)
            } else {
              BatchedEvaluator.softmax(source + s * n, into: target + s * n, count: n)
            }
          }
        }
      }
      z.append(zl)
      a.append(al)
    }
    self.weights = weights
    pairedWeights = weights.map(ColumnKernels.paired)
    self.z = z
    self.a = a
    points =
      [[]]
      + (1...network.depth).map { l in
        zip(z[l], a[l]).map { UnitPoint(network.activations[l - 1], z: $0, a: $1) }
      }
    targets = samples.flatMap(\.target)
    let outputs = sizes[depth]
    baseCosts = (0..<samples.count).map { s in
      network.cost.value(
        z: z[network.depth][(s * outputs)..<((s + 1) * outputs)],
        a: a[network.depth][(s * outputs)..<((s + 1) * outputs)],
        outputActivation: network.activations[network.depth - 1],
        target: samples[s].target)
    }
  }

  /// The stable softmax of `count` entries (shifted by the largest).
  static func softmax(
    _ z: UnsafePointer<Double>, into a: UnsafeMutablePointer<Double>, count: Int
  ) {
    var shift = z[0]
    for i in 1..<max(count, 1) where z[i] > shift { shift = z[i] }
    var total = 0.0
    for i in 0..<count {
      a[i] = Foundation.exp(z[i] - shift)
      total += a[i]
    }
    for i in 0..<count { a[i] /= total }
  }

  /// The mean cost changes ΔC(steps[i]) = C(θ + steps[i] e_p) − C(θ) of every entry
  /// p = indices[n], written to `changes[n * steps.count + i]`, and the breaks each entry's
  /// steps crossed to `crossings[n]`.
  ///
  /// - Parameters:
  ///   - indices: The entries to perturb.
  ///   - steps: The signed steps s, the same for every entry.
  ///   - changes: Room for `indices.count * steps.count` changes.
  ///   - crossings: Room for `indices.count` break sets.
  ///   - threads: Workers; the results are the same for any number.
  /// - Returns: How many (row, sample) pairs were interpolated rather than computed column
  ///   by column (`interpolate(row:layer:sample:count:workspace:output:)`).
  /// - Complexity: per row j of layer l and sample, O(P · (n_(l+1) + Σ_(k>l+1) n_k n_(k−1)))
  ///   with P = (entries of the row) · `steps.count` columns.
  func costChanges(
    at indices: [ParameterIndex], steps: [Double], into changes: UnsafeMutablePointer<Double>,
    crossings: UnsafeMutablePointer<Crossings>, threads: Int
  ) -> Int {
    let tasks = RowTask.group(indices)
    let output = BatchedOutput(changes: changes, crossings: crossings)
    let queue = TaskQueue(count: tasks.count)
    let workers = max(1, min(threads, tasks.count))
    let body: @Sendable (Int) -> Void = { _ in
      let workspace = BatchedWorkspace(evaluator: self, stepCount: steps.count)
      while let t = queue.next() {
        self.run(tasks[t], steps: steps, workspace: workspace, output: output)
      }
      queue.noteInterpolated(workspace.interpolated)
    }
    if workers == 1 {
      body(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: workers, execute: body)
    }
    return queue.interpolatedCount
  }

  /// One row's columns, sample by sample and block by block, accumulated in a fixed order.
  private func run(
    _ task: RowTask, steps: [Double], workspace w: BatchedWorkspace, output: BatchedOutput
  ) {
    let l = task.layer
    let inner = sizes[l - 1]
    let stepCount = steps.count
    for entry in task.entries {
      for i in 0..<stepCount { output.changes[entry.position * stepCount + i] = 0 }
      output.crossings[entry.position] = []
    }
    for s in 0..<sampleCount {
      var count = 0
      for entry in task.entries {
        let coefficient = entry.column < 0 ? 1 : a[l - 1][s * inner + entry.column]
        if coefficient == 0 { continue }  // z^l_j does not move for this sample
        for i in 0..<stepCount {
          w.allShifts[count] = steps[i] * coefficient
          w.allSlots[count] = entry.position * stepCount + i
          count += 1
        }
      }
      if interpolates && count > 2 * BatchedEvaluator.interpolationColumns
        && interpolate(
          row: task.row, layer: l, sample: s, count: count, workspace: w, output: output)
      {
        w.interpolated += 1
        continue
      }
      var start = 0
      while start < count {
        let width = min(BatchedEvaluator.blockWidth, count - start)
        for c in 0..<width {
          w.shift[c] = w.allShifts[start + c]
          w.slot[c] = w.allSlots[start + c]
        }
        let moved = evaluate(row: task.row, layer: l, sample: s, width: width, workspace: w)
        record(width: width, workspace: w, output: output, zero: !moved)
        start += width
      }
    }
    let m = Double(sampleCount)
    for entry in task.entries {
      for i in 0..<stepCount { output.changes[entry.position * stepCount + i] /= m }
    }
  }

  /// Pushes `width` columns of shifts of z^l_j for sample `s` (in `shift`) to the cost,
  /// leaving each column's cost change in `costChange` and its breaks in `crossed`.
  /// - Returns: Whether anything above z^l_j moved (when not, every change is 0).
  func evaluate(
    row j: Int, layer l: Int, sample s: Int, width: Int, workspace w: BatchedWorkspace
  ) -> Bool {
    let padded = (width + 7) & ~7
    for c in width..<padded { w.shift[c] = 0 }
    for c in 0..<padded { w.crossed[c] = [] }
    let n = sizes[l]
    let z0 = z[l][s * n + j]
    if !breaks[l].isEmpty {
      for c in 0..<width {
        w.crossed[c].formUnion(crossing(from: z0, to: z0 + w.shift[c], layer: l))
      }
    }
    if l == depth {
      // The output unit itself moves: ΔZ^L is the shift in row j, zero elsewhere.
      for i in 0..<n {
        let row = w.dz + i * BatchedEvaluator.blockWidth
        if i == j {
          for c in 0..<padded { row[c] = w.shift[c] }
        } else {
          for c in 0..<padded { row[c] = 0 }
        }
      }
    } else {
      ColumnKernels.change(at: points[l][s * n + j], w.shift, into: w.unitChange, width: padded)
      var moved = false
      for c in 0..<padded where w.unitChange[c] != 0 {
        moved = true
        break
      }
      if !moved {
        // A saturated or dead unit: nothing above moves, every change is 0.
        for c in 0..<padded { w.costChange[c] = 0 }
        return false
      }
      let up = sizes[l + 1]
      weights[l + 1].withUnsafeBufferPointer { wp in
        let base = wp.baseAddress.unsafelyUnwrapped
        ColumnKernels.outer(
          { base[$0 * n + j] }, rows: up, w.unitChange, into: w.dz, width: padded,
          stride: BatchedEvaluator.blockWidth)
      }
      var m = l + 1
      while m < depth {
        changeRows(layer: m, sample: s, width: padded, workspace: w)
        let (rows, inner) = (sizes[m + 1], sizes[m])
        pairedWeights[m + 1].withUnsafeBufferPointer { wp in
          ColumnKernels.multiply(
            paired: wp.baseAddress.unsafelyUnwrapped, rows: rows, inner: inner, w.da, into: w.dz,
            width: padded, stride: BatchedEvaluator.blockWidth)
        }
        m += 1
      }
    }
    outputChanges(sample: s, width: padded, workspace: w)
    return true
  }

  /// ΔA = f(Z + ΔZ) − A for hidden layer m, from `dz` to `da`, noting breaks crossed.
  private func changeRows(layer m: Int, sample s: Int, width: Int, workspace w: BatchedWorkspace) {
    let n = sizes[m]
    let stride = BatchedEvaluator.blockWidth
    for i in 0..<n {
      let zi = z[m][s * n + i]
      let dzRow = w.dz + i * stride
      ColumnKernels.change(at: points[m][s * n + i], dzRow, into: w.da + i * stride, width: width)
      if !breaks[m].isEmpty {
        noteCrossings(from: zi, changes: dzRow, layer: m, width: width, workspace: w)
      }
    }
  }

  /// Adds the breaks crossed when z moves to z + dz[c] to each column's record.
  func noteCrossings(
    from z0: Double, changes dz: UnsafePointer<Double>, layer m: Int, width: Int,
    workspace w: BatchedWorkspace
  ) {
    for c in 0..<width where dz[c] != 0 {
      w.crossed[c].formUnion(crossing(from: z0, to: z0 + dz[c], layer: m))
    }
  }

  /// Adds the block's cost changes (or zeros) and breaks to their entries.
  private func record(width: Int, workspace w: BatchedWorkspace, output: BatchedOutput, zero: Bool)
  {
    let stepCount = w.stepCount
    for c in 0..<width {
      let slot = w.slot[c]
      if !zero { output.changes[slot] += w.costChange[c] }
      output.crossings[slot / stepCount].formUnion(w.crossed[c])
    }
  }

  /// As `IncrementalEvaluator.crossing(from:to:layer:)`.
  @inline(__always)
  func crossing(from z0: Double, to z1: Double, layer l: Int) -> Crossings {
    if (z0 > 0) == (z1 > 0) { return [] }
    if breaks[l].contains(.kink) && (z0 == 0 || z1 == 0) {
      return breaks[l].subtracting(.kink).union(.kinkEdge)
    }
    return breaks[l]
  }
}
