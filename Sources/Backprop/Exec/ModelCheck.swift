/// What a protocol-2 check compares and how.
public struct ModelCheckOptions: Equatable, Sendable {
  /// The finite-difference method (a real-step one: the program evaluates real losses).
  public var method: FiniteDifferenceMethod
  /// The step, or `nil` for the method's default.
  public var epsilon: Double?
  /// The relative tolerance, or `nil` for the method's default.
  public var rtol: Double?
  /// The absolute tolerance, or `nil` for the method's default times max(1, |loss|).
  public var atol: Double?
  /// Check only this many randomly chosen entries of each tensor.
  public var entriesPerTensor: Int?
  /// Screen with this many sparse random directions, then check the entries of failing ones.
  public var directions: Int?
  /// The seed of the chosen entries.
  public var seed: UInt64

  /// Creates options; the defaults are gradcheck's.
  public init(
    method: FiniteDifferenceMethod = .central, epsilon: Double? = nil, rtol: Double? = nil,
    atol: Double? = nil, entriesPerTensor: Int? = nil, directions: Int? = nil, seed: UInt64 = 0
  ) {
    self.directions = directions
    self.method = method
    self.epsilon = epsilon
    self.rtol = rtol
    self.atol = atol
    self.entriesPerTensor = entriesPerTensor
    self.seed = seed
  }
}

/// Checks a model that speaks protocol 2: one JSON request a line, one JSON answer a line.
///
/// 1. `{"op": "parameters"}` → `{"parameters": {"<name>": nested arrays, …}}`
/// 2. `{"op": "gradient"}` → `{"loss": x, "gradient": {"<name>": nested arrays, …}}`
/// 3. `{"op": "loss", "tensor": "<name>", "index": [i, j, …], "value": v}` →
///    `{"loss": x}`: the loss with that one entry set to v; the program restores it.
/// 4. Only for a directional screen: `{"op": "loss", "changes": [{"tensor": …, "index": …,
///    "value": …}, …]}` → `{"loss": x}`, a few entries set at once.
///
/// Any answer may instead be `{"error": "message"}`.
public enum ModelCheck {
  /// The most entries one direction of the directional screen moves.
  public static var entriesPerDirection: Int { ModelDirectionalScreen.entriesPerDirection }

  /// Sends one request and returns the answer.
  public typealias Send = (JSONValue) throws(ProgramFailure) -> JSONValue

  /// Runs the check over `send`.
  /// - Parameters:
  ///   - options: What to compare and how.
  ///   - send: Sends one request to the program and returns its answer.
  ///   - progress: Called now and then with (entries done, entries in all).
  /// - Returns: One report per tensor.
  /// - Throws: `ProgramFailure` when the program fails or answers out of protocol.
  /// - Complexity: one request per offset of the method per checked entry, plus two.
  public static func run(
    options: ModelCheckOptions, send: Send, progress: ((Int, Int) -> Void)? = nil
  ) throws(ProgramFailure) -> ModelReport {
    let parameters = try ModelTensor.tensors(
      in: ask(["op": "parameters"], send)["parameters"], at: "parameters")
    let answer = try ask(["op": "gradient"], send)
    let loss = try number(answer["loss"], at: "loss")
    let gradient = try ModelTensor.tensors(in: answer["gradient"], at: "gradient")
    for p in parameters {
      guard let g = gradient.first(where: { $0.name == p.name }) else {
        throw .wrongShape(path: "gradient.\(p.name)", message: "missing required field")
      }
      guard g.shape == p.shape else {
        throw .wrongShape(
          path: "gradient.\(p.name)", message: "expected shape \(p.shape), found \(g.shape)")
      }
    }
    if let extra = gradient.first(where: { g in !parameters.contains { $0.name == g.name } }) {
      throw .wrongShape(path: "gradient.\(extra.name)", message: "no parameter of this name")
    }
    let method = options.method
    let h = options.epsilon ?? method.defaultEpsilon
    let d = method.defaultTolerances(precision: .double)
    let tolerance = Tolerance(
      rtol: options.rtol ?? d.rtol, atol: options.atol ?? d.atol * max(1, abs(loss)))
    var rng = SplitMix64(seed: options.seed)
    var requests = 2
    var directional: DirectionalSummary?
    let chosen: [[Int]]
    if let count = options.directions {
      let screen = try ModelDirectionalScreen.run(
        parameters: parameters, gradient: gradient, loss: loss, method: method, step: h,
        tolerance: tolerance, count: count, rng: &rng, send: send)
      directional = screen.summary
      requests += screen.requests
      chosen = screen.suspects
    } else {
      chosen = parameters.map { p in
        chosenEntries(count: p.values.count, k: options.entriesPerTensor, rng: &rng)
      }
    }
    let total = chosen.reduce(0) { $0 + $1.count }
    var done = 0
    var reports: [TensorReport] = []
    for (p, entries) in zip(parameters, chosen) {
      let g = gradient.first { $0.name == p.name } ?? p
      var checks: [ModelEntryCheck] = []
      for flat in entries {
        let index = p.index(ofFlat: flat)
        var changes: [Double] = []
        for s in method.offsets {
          let request = JSONValue.object([
            ("op", .string("loss")), ("tensor", .string(p.name)),
            ("index", .array(index.map { .number(Double($0)) })),
            ("value", .number(p.values[flat] + s * h)),
          ])
          changes.append(try number(try ask(request, send)["loss"], at: "loss") - loss)
          requests += 1
        }
        let numeric = method.combine(changes, step: h)
        let analytic = g.values[flat]
        checks.append(
          ModelEntryCheck(
            index: index, analytic: analytic, numeric: numeric,
            passed: tolerance.accepts(analytic, numeric)))
        done += 1
        progress?(done, total)
      }
      var report = TensorReport(name: p.name, shape: p.shape, entries: checks, diagnosis: nil)
      if report.failures > 0 { report.diagnosis = TensorDiagnoser.diagnose(report, tolerance) }
      reports.append(report)
    }
    return ModelReport(
      method: method, epsilon: h, tolerance: tolerance, loss: loss, tensors: reports,
      requests: requests, directional: directional)
  }

  /// The flat entries to check: all, or `k` distinct ones chosen with `rng`, in order.
  static func chosenEntries(count: Int, k: Int?, rng: inout SplitMix64) -> [Int] {
    guard let k, k < count else { return Array(0..<count) }
    var pool = Array(0..<count)
    for i in 0..<k {
      let j = i + rng.nextInt(below: count - i)
      pool.swapAt(i, j)
    }
    return pool[0..<k].sorted()
  }

  /// Sends `request` and returns the answer, or throws the error the program reported.
  static func ask(_ request: JSONValue, _ send: Send) throws(ProgramFailure) -> JSONValue {
    let answer = try send(request)
    guard case .object = answer else {
      throw .wrongShape(path: "(root)", message: "expected an object, found \(answer.typeName)")
    }
    if case .string(let message) = answer["error"] { throw .reportedError(message) }
    return answer
  }

  private static func ask(_ request: [String: String], _ send: Send) throws(ProgramFailure)
    -> JSONValue
  {
    try ask(.object(request.map { ($0.key, .string($0.value)) }), send)
  }

  static func number(_ v: JSONValue?, at path: String) throws(ProgramFailure) -> Double {
    guard case .number(let x) = v else {
      throw .wrongShape(
        path: path,
        message: v.map { "expected a number, found \($0.typeName)" } ?? "missing required field")
    }
    guard x.isFinite else { throw .nonFinite(path: path) }
    return x
  }
}

/// Names the likely mistake in a failing tensor from its own numbers.
enum TensorDiagnoser {
  /// The share of compared entries a pattern must explain.
  static let coverage = 0.95
  /// At most this share of entries failing counts as isolated.
  static let isolatedShare = 0.25

  /// The diagnosis of `report`, whose entries were compared with `tolerance`.
  static func diagnose(_ report: TensorReport, _ tolerance: Tolerance) -> TensorDiagnosis {
    let e = report.entries
    let match = Tolerance(rtol: max(tolerance.rtol * 10, 1e-4), atol: tolerance.atol * 10)
    let nn = e.reduce(0) { $0 + $1.numeric * $1.numeric }
    if nn > 0 {
      let c = e.reduce(0) { $0 + $1.analytic * $1.numeric } / nn
      let fits = e.filter { match.accepts($0.analytic, c * $0.numeric) }.count
      if Double(fits) >= coverage * Double(e.count) && abs(c - 1) > 1e-3 {
        return abs(c + 1) < 1e-3 ? .sign : .scale(factor: c)
      }
    }
    if let t = transposeFit(report, match), t { return .transpose }
    let failing = e.filter { !$0.passed }
    if Double(failing.count) <= isolatedShare * Double(e.count) {
      return .isolatedEntries(failing.map(\.index))
    }
    return .unknown
  }

  /// Whether analytic[…, i, j] ≈ numeric[…, j, i] at the compared pairs of a tensor whose
  /// last two axes are equal, the numeric gradient not being symmetric; `nil` when no pair
  /// was compared.
  static func transposeFit(_ report: TensorReport, _ match: Tolerance) -> Bool? {
    let s = report.shape
    guard s.count >= 2, s[s.count - 1] == s[s.count - 2] else { return nil }
    var byIndex: [[Int]: ModelEntryCheck] = [:]
    for entry in report.entries { byIndex[entry.index] = entry }
    var pairs = 0
    var fits = 0
    var asymmetric = false
    for entry in report.entries {
      var swapped = entry.index
      swapped.swapAt(s.count - 1, s.count - 2)
      guard swapped != entry.index, let other = byIndex[swapped] else { continue }
      pairs += 1
      if match.accepts(entry.analytic, other.numeric) { fits += 1 }
      if !match.accepts(entry.numeric, other.numeric) { asymmetric = true }
    }
    guard pairs > 0 else { return nil }
    return asymmetric && Double(fits) >= coverage * Double(pairs)
  }
}
