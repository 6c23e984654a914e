import Foundation

/// The last hidden state h_T of a recurrent layer for many one-parameter perturbations at
/// once: each perturbation is a column of a (units × columns) state matrix carried through
/// the time steps, in double precision.
///
/// Per step the input term b + W x_t is the same for every column and is computed once; the
/// recurrent term is one matrix-matrix product of the gates' stacked recurrent matrices with
/// the columns' h_(t−1) (`ColumnKernels.multiply`); a column's own perturbation adds one
/// sparse term to one unit's gate: s x_t[k] for an input weight, s h_(t−1)[j] (the column's
/// own) for a recurrent weight, s for a bias. The gates' functions run eight columns at a
/// time (`VectorMath`). A recurrent weight has no effect at the first step (h_0 = 0), so a
/// block of such columns starts at the second step from the unperturbed state.
///
/// Every column takes the same operations whatever the block it sits in, so the outputs do
/// not depend on the blocks or on the number of threads; the unperturbed state the blocks
/// start from is itself one column run the same way.
struct RecurrentColumns: Sendable {
  /// The layer's cell.
  enum Cell: Sendable {
    /// h_t = tanh(Wx x_t + Wh h_(t−1) + b): one gate.
    case elman
    /// The four gates i, f, g, o and the cell state (`LSTMLayer`).
    case lstm
  }

  let cell: Cell
  let layout: RecurrentLayout
  /// T.
  let steps: Int

  /// Columns per block, a multiple of 8.
  static let blockWidth = 64

  /// The columns of `layer`, or `nil` when it is not a recurrent layer.
  init?(_ layer: any Layer) {
    if let rnn = layer as? RNNLayer {
      (cell, layout, steps) = (.elman, rnn.layout, rnn.steps)
    } else if let lstm = layer as? LSTMLayer {
      (cell, layout, steps) = (.lstm, lstm.layout, lstm.steps)
    } else {
      return nil
    }
  }

  /// One column: a local parameter and its step.
  struct Perturbation: Sendable {
    let parameter: Int
    let step: Double
  }

  /// h_T without a perturbation and h_T for each of `perturbations`, n numbers each.
  /// - Complexity: per column, T steps of one G n × n product column and G n gate
  ///   functions (G gates); the input terms once per step for all columns.
  func outputs(
    _ x: [Double], parameters p: [Double], perturbations: [Perturbation], threads: Int = 1
  ) -> (base: [Double], perturbed: [[Double]]) {
    let plan = Plan(columns: self, x: x, p: p)
    let base = plan.baseStates()
    let count = perturbations.count
    let blocks = (count + Self.blockWidth - 1) / Self.blockWidth
    let n = layout.units
    let hT = base.last?.h ?? [Double](repeating: 0, count: n)
    guard count > 0 && n > 0 else { return (hT, perturbations.map { _ in hT }) }
    var out = [Double](repeating: 0, count: count * n)
    out.withUnsafeMutableBufferPointer { buffer in
      let target = SendablePointer(address: buffer.baseAddress.unsafelyUnwrapped)
      let queue = TaskQueue(count: blocks)
      let body: @Sendable (Int) -> Void = { _ in
        let work = Workspace(plan: plan, width: Self.blockWidth)
        defer { work.release() }
        while let b = queue.next() {
          let range = (b * Self.blockWidth)..<min(count, (b + 1) * Self.blockWidth)
          plan.run(Array(perturbations[range]), from: base, workspace: work)
          for (c, column) in range.enumerated() {
            for i in 0..<n { target.address[column * n + i] = work.h[i * work.width + c] }
          }
        }
      }
      let workers = max(1, min(threads, blocks))
      if workers == 1 {
        body(0)
      } else {
        DispatchQueue.concurrentPerform(iterations: workers, execute: body)
      }
    }
    return (hT, (0..<count).map { Array(out[($0 * n)..<(($0 + 1) * n)]) })
  }
}

/// A pointer shared by the workers, each writing only its own columns.
private struct SendablePointer: @unchecked Sendable {
  let address: UnsafeMutablePointer<Double>
}

/// One worker's blocks: the pre-activations of every gate and the states.
private final class Workspace {
  let width: Int
  /// G n × width, row-major: gate q's unit i at row q n + i.
  let pre: UnsafeMutablePointer<Double>
  /// h and c, n × width.
  let h: UnsafeMutablePointer<Double>
  let c: UnsafeMutablePointer<Double>
  let preCount: Int, stateCount: Int

  init(plan: RecurrentColumns.Plan, width: Int) {
    self.width = width
    preCount = plan.rows * width
    stateCount = plan.columns.layout.units * width
    pre = .allocate(capacity: preCount)
    h = .allocate(capacity: stateCount)
    c = .allocate(capacity: stateCount)
  }

  func release() {
    pre.deallocate()
    h.deallocate()
    c.deallocate()
  }
}

extension RecurrentColumns {
  /// The per-input set-up shared by every block: the input terms and the stacked recurrent
  /// matrices.
  fileprivate struct Plan: Sendable {
    let columns: RecurrentColumns
    let x: [Double]
    let p: [Double]
    /// G n: one row per gate unit.
    let rows: Int
    /// b + W x_t of every gate unit at `[t * rows + row]`.
    let inputTerms: [Double]
    /// The recurrent matrices stacked (rows × n), in `ColumnKernels.paired` form.
    let recurrent: [Double]

    init(columns: RecurrentColumns, x: [Double], p: [Double]) {
      self.columns = columns
      self.x = x
      self.p = p
      let layout = columns.layout
      let (n, f) = (layout.units, layout.features)
      rows = layout.gates.count * n
      var terms = [Double](repeating: 0, count: columns.steps * rows)
      var stacked: [Double] = []
      for q in layout.gates.indices {
        let (w, u, b) = layout.offsets(gate: q)
        stacked += p[u..<(u + n * n)]
        for t in 0..<columns.steps {
          for i in 0..<n {
            var s = p[b + i]
            for k in 0..<f { s += p[w + i * f + k] * x[t * f + k] }
            terms[t * rows + q * n + i] = s
          }
        }
      }
      inputTerms = terms
      recurrent = ColumnKernels.paired(stacked)
    }

    /// The unperturbed h_t and c_t after each step, as the columns compute them.
    func baseStates() -> [(h: [Double], c: [Double])] {
      let n = columns.layout.units
      let work = Workspace(plan: self, width: 8)
      defer { work.release() }
      var states: [(h: [Double], c: [Double])] = []
      clear(work)
      for t in 0..<columns.steps {
        step(t, [], work)
        states.append(
          ((0..<n).map { work.h[$0 * work.width] }, (0..<n).map { work.c[$0 * work.width] }))
      }
      return states
    }

    /// Runs `block` (at most `work.width` columns) to h_T, left in `work.h`.
    func run(
      _ block: [Perturbation], from base: [(h: [Double], c: [Double])], workspace work: Workspace
    ) {
      let layout = columns.layout
      let start =
        block.map { p -> Int in
          if case .recurrent = layout.entry(p.parameter)?.entry { return 1 }
          return 0
        }.min().map { min($0, columns.steps) } ?? 0
      if start == 0 {
        clear(work)
      } else {
        for i in 0..<layout.units {
          for col in 0..<work.width {
            work.h[i * work.width + col] = base[start - 1].h[i]
            work.c[i * work.width + col] = base[start - 1].c[i]
          }
        }
      }
      let entries = block.map { p in (layout.entry(p.parameter), p.step) }
      for t in start..<columns.steps { step(t, entries, work) }
    }

    private func clear(_ work: Workspace) {
      work.h.update(repeating: 0, count: work.stateCount)
      work.c.update(repeating: 0, count: work.stateCount)
    }

    /// One time step of every column: pre-activations, their perturbations, the gates, and
    /// the new states.
    private func step(
      _ t: Int, _ entries: [((gate: Int, entry: RecurrentLayout.Entry)?, Double)],
      _ work: Workspace
    ) {
      let layout = columns.layout
      let (n, f, width) = (layout.units, layout.features, work.width)
      if t == 0 {
        // h_0 = 0: the recurrent term is zero, and the sum is the input term exactly.
        work.pre.update(repeating: 0, count: rows * width)
      } else {
        recurrent.withUnsafeBufferPointer { u in
          ColumnKernels.multiply(
            paired: u.baseAddress.unsafelyUnwrapped, rows: rows, inner: n, work.h,
            into: work.pre, width: width, stride: width)
        }
      }
      for r in 0..<rows {
        let term = inputTerms[t * rows + r]
        let row = work.pre + r * width
        for col in 0..<width { row[col] += term }
      }
      for (col, (entry, s)) in entries.enumerated() {
        guard let (q, e) = entry else { continue }
        let target = work.pre + (q * n + e.unit) * width + col
        switch e {
        case .input(_, let k): target.pointee += s * x[t * f + k]
        case .recurrent(_, let j): target.pointee += s * work.h[j * width + col]
        case .bias: target.pointee += s
        }
      }
      switch columns.cell {
      case .elman:
        apply(.tanh, work.pre, into: work.h, count: n * width)
      case .lstm:
        let size = n * width
        apply(.sigmoid, work.pre, into: work.pre, count: 2 * size)
        apply(.tanh, work.pre + 2 * size, into: work.pre + 2 * size, count: size)
        apply(.sigmoid, work.pre + 3 * size, into: work.pre + 3 * size, count: size)
        let (i, fg, g) = (work.pre, work.pre + size, work.pre + 2 * size)
        for e in 0..<size { work.c[e] = fg[e] * work.c[e] + i[e] * g[e] }
        apply(.tanh, work.c, into: work.h, count: size)
        let o = work.pre + 3 * size
        for e in 0..<size { work.h[e] = o[e] * work.h[e] }
      }
    }

    /// The gate functions, by name so that the vector code is inlined into its loop.
    private enum Function { case sigmoid, tanh }

    /// a = f(z) for `count` entries (a multiple of 8), eight at a time.
    private func apply(
      _ function: Function, _ z: UnsafeMutablePointer<Double>,
      into a: UnsafeMutablePointer<Double>, count: Int
    ) {
      let size = MemoryLayout<Double>.stride
      let (source, target) = (UnsafeRawPointer(z), UnsafeMutableRawPointer(a))
      var offset = 0
      switch function {
      case .sigmoid:
        while offset < count * size {
          let v = source.loadUnaligned(fromByteOffset: offset, as: VectorMath.Lanes.self)
          target.storeBytes(
            of: VectorMath.sigmoid(v), toByteOffset: offset, as: VectorMath.Lanes.self)
          offset += 8 * size
        }
      case .tanh:
        while offset < count * size {
          let v = source.loadUnaligned(fromByteOffset: offset, as: VectorMath.Lanes.self)
          target.storeBytes(of: VectorMath.tanh(v), toByteOffset: offset, as: VectorMath.Lanes.self)
          offset += 8 * size
        }
      }
    }
  }
}
