/// The directional screen of protocol 2: sparse random directions, each moving a few entries
/// at once, so that a large model is screened with two requests per direction; the entries
/// of failing directions are then checked one by one.
enum ModelDirectionalScreen {
  /// Entries moved by one direction (fewer when the model has fewer).
  static let entriesPerDirection = 8

  /// What the screen found: its summary, the entries to check one by one (per tensor, flat
  /// positions in order), and the requests it sent.
  struct Outcome {
    var summary: DirectionalSummary
    var suspects: [[Int]]
    var requests: Int
  }

  /// Screens `parameters` against `gradient` with `count` directions.
  /// - Complexity: `count` · (offsets of the method) requests, each naming at most
  ///   `entriesPerDirection` entries.
  static func run(
    parameters: [ModelTensor], gradient: [ModelTensor], loss: Double,
    method: FiniteDifferenceMethod, step h: Double, tolerance: Tolerance, count: Int,
    rng: inout SplitMix64, send: ModelCheck.Send
  ) throws(ProgramFailure) -> Outcome {
    let sizes = parameters.map(\.values.count)
    let total = sizes.reduce(0, +)
    let k = min(entriesPerDirection, total)
    var suspects = parameters.map { _ in Set<Int>() }
    var failed = 0
    var worst = 0.0
    var requests = 0
    for _ in 0..<count {
      // k distinct entries of the whole model, with random signs, scaled to unit length.
      var picked = Set<Int>()
      while picked.count < k { picked.insert(rng.nextInt(below: total)) }
      let moves = picked.sorted().map { global -> (tensor: Int, flat: Int, weight: Double) in
        var rest = global
        var t = 0
        while rest >= sizes[t] {
          rest -= sizes[t]
          t += 1
        }
        let sign: Double = rng.nextUniform() < 0.5 ? -1 : 1
        return (t, rest, sign / Double(k).squareRoot())
      }
      var changes: [Double] = []
      for s in method.offsets {
        let list = moves.map { m -> JSONValue in
          let p = parameters[m.tensor]
          return .object([
            ("tensor", .string(p.name)),
            ("index", .array(p.index(ofFlat: m.flat).map { .number(Double($0)) })),
            ("value", .number(p.values[m.flat] + s * h * m.weight)),
          ])
        }
        let answer = try ModelCheck.ask(
          .object([("op", .string("loss")), ("changes", .array(list))]), send)
        changes.append(try ModelCheck.number(answer["loss"], at: "loss") - loss)
        requests += 1
      }
      let numeric = method.combine(changes, step: h)
      let analytic = moves.reduce(0) { $0 + gradient[$1.tensor].values[$1.flat] * $1.weight }
      worst = max(worst, Tolerance.relativeError(analytic, numeric))
      if !tolerance.accepts(analytic, numeric) {
        failed += 1
        for m in moves { suspects[m.tensor].insert(m.flat) }
      }
    }
    return Outcome(
      summary: DirectionalSummary(
        directions: count, failedDirections: failed, maxRelativeError: worst, bisectionSteps: 0),
      suspects: suspects.map { $0.sorted() }, requests: requests)
  }
}
