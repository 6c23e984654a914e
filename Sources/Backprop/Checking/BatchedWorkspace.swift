import Foundation

/// The entries of one neuron's row (layer l, row j) to perturb: one task of
/// `BatchedEvaluator`.
struct RowTask: Sendable {
  /// One entry: its position in the caller's list, and its column k (−1 for the bias).
  struct Entry: Sendable {
    let position: Int
    let column: Int
  }

  let layer: Int
  let row: Int
  var entries: [Entry]

  /// The rows of `indices`, lowest layer first (the longest tasks first, for balance).
  static func group(_ indices: [ParameterIndex]) -> [RowTask] {
    var tasks: [RowTask] = []
    var slot: [Int: Int] = [:]
    for (position, index) in indices.enumerated() {
      let (row, column): (Int, Int)
      switch index.kind {
      case .weight(let j, let k): (row, column) = (j, k)
      case .bias(let j): (row, column) = (j, -1)
      }
      let key = index.layer << 32 | row
      if let t = slot[key] {
        tasks[t].entries.append(Entry(position: position, column: column))
      } else {
        slot[key] = tasks.count
        tasks.append(
          RowTask(
            layer: index.layer, row: row, entries: [Entry(position: position, column: column)]))
      }
    }
    return tasks.sorted { ($0.layer, $0.row) < ($1.layer, $1.row) }
  }
}

/// Hands out task numbers 0, 1, 2, … to workers, each once.
final class TaskQueue: @unchecked Sendable {
  private let lock = NSLock()
  private var nextTask = 0
  private let count: Int
  private var interpolated = 0

  init(count: Int) { self.count = count }

  /// The next task not yet taken, or `nil` when all are.
  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard nextTask < count else { return nil }
    nextTask += 1
    return nextTask - 1
  }

  /// Adds to the count of (row, sample) pairs whose columns were interpolated.
  func noteInterpolated(_ n: Int) {
    lock.lock()
    interpolated += n
    lock.unlock()
  }

  /// The (row, sample) pairs whose columns were interpolated, over all workers.
  var interpolatedCount: Int {
    lock.lock()
    defer { lock.unlock() }
    return interpolated
  }
}

/// Where workers write: each entry's slots belong to exactly one task.
struct BatchedOutput: @unchecked Sendable {
  let changes: UnsafeMutablePointer<Double>
  let crossings: UnsafeMutablePointer<Crossings>
}

/// One worker's scratch blocks, allocated once.
final class BatchedWorkspace {
  let stepCount: Int
  /// How many (row, sample) pairs this worker interpolated.
  var interpolated = 0
  /// Per column: the shift of z^l_j, the output slot, the breaks crossed, the cost change.
  let shift: UnsafeMutablePointer<Double>
  let slot: UnsafeMutablePointer<Int>
  let crossed: UnsafeMutablePointer<Crossings>
  let costChange: UnsafeMutablePointer<Double>
  /// Δa^l_j of the perturbed unit, per column.
  let unitChange: UnsafeMutablePointer<Double>
  /// ΔZ and ΔA of one layer: one row per unit, `BatchedEvaluator.blockWidth` columns.
  let dz: UnsafeMutablePointer<Double>
  let da: UnsafeMutablePointer<Double>
  /// Every column of one sample (shift and slot), before they are cut into blocks.
  let allShifts: UnsafeMutablePointer<Double>
  let allSlots: UnsafeMutablePointer<Int>
  /// The interpolation nodes and the cost changes there.
  let nodeShifts: UnsafeMutablePointer<Double>
  let nodeValues: UnsafeMutablePointer<Double>
  /// Per column sums at the output, and one output vector for the general cost.
  let sums: UnsafeMutablePointer<Double>
  let outputZ: UnsafeMutablePointer<Double>
  let outputA: UnsafeMutablePointer<Double>
  private let width = BatchedEvaluator.blockWidth

  init(evaluator: BatchedEvaluator, stepCount: Int) {
    self.stepCount = stepCount
    let rows = evaluator.sizes.dropFirst().max() ?? 1
    let outputs = evaluator.sizes[evaluator.depth]
    let columns = ((evaluator.sizes.dropLast().max() ?? 1) + 1) * stepCount
    allShifts = .allocate(capacity: columns)
    allSlots = .allocate(capacity: columns)
    allShifts.initialize(repeating: 0, count: columns)
    allSlots.initialize(repeating: 0, count: columns)
    let nodes = BatchedEvaluator.interpolationNodes
    nodeShifts = .allocate(capacity: nodes)
    nodeValues = .allocate(capacity: nodes)
    nodeShifts.initialize(repeating: 0, count: nodes)
    nodeValues.initialize(repeating: 0, count: nodes)
    shift = .allocate(capacity: width)
    slot = .allocate(capacity: width)
    crossed = .allocate(capacity: width)
    costChange = .allocate(capacity: width)
    unitChange = .allocate(capacity: width)
    dz = .allocate(capacity: rows * width)
    da = .allocate(capacity: rows * width)
    sums = .allocate(capacity: width)
    outputZ = .allocate(capacity: outputs)
    outputA = .allocate(capacity: outputs)
    for p in [shift, costChange, unitChange, sums] { p.initialize(repeating: 0, count: width) }
    slot.initialize(repeating: 0, count: width)
    crossed.initialize(repeating: [], count: width)
    dz.initialize(repeating: 0, count: rows * width)
    da.initialize(repeating: 0, count: rows * width)
    outputZ.initialize(repeating: 0, count: outputs)
    outputA.initialize(repeating: 0, count: outputs)
  }

  deinit {
    for p in [shift, costChange, unitChange, dz, da, sums, outputZ, outputA] { p.deallocate() }
    for p in [allShifts, nodeShifts, nodeValues] { p.deallocate() }
    allSlots.deallocate()
    slot.deallocate()
    crossed.deallocate()
  }
}
