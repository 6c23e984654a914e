/// The parameter layout shared by the recurrent layers: per gate an input matrix (n × F), a
/// recurrent matrix (n × n) and a bias (n), gate after gate.
///
/// An Elman layer has one gate (`Wx`, `Wh`, `b`); an LSTM four (`Wi`, `Ui`, `bi`, `Wf`, …).
struct RecurrentLayout: Sendable {
  /// The stems of one gate's three tensors.
  struct Stems: Sendable {
    /// The input matrix's, the recurrent matrix's and the bias's stem.
    let input: String, recurrent: String, bias: String
  }

  /// Which tensor of its gate a parameter belongs to, with its indices.
  enum Entry: Equatable {
    /// The input weight from feature `feature` to unit `unit`.
    case input(unit: Int, feature: Int)
    /// The recurrent weight from unit `from` of h_(t−1) to unit `unit`.
    case recurrent(unit: Int, from: Int)
    /// Unit `unit`'s bias.
    case bias(unit: Int)

    /// The unit whose pre-activation the entry moves.
    var unit: Int {
      switch self {
      case .input(let unit, _), .recurrent(let unit, _), .bias(let unit): return unit
      }
    }
  }

  /// F and n.
  let features: Int, units: Int
  /// Each gate's stems, in parameter order.
  let gates: [Stems]

  /// The parameters of one gate: n F + n n + n numbers.
  var gateSize: Int { units * features + units * units + units }
  /// All the parameters.
  var parameterCount: Int { gates.count * gateSize }

  /// The tensors, gate by gate.
  var tensors: [ParameterTensor] {
    gates.flatMap { g in
      [
        ParameterTensor(stem: g.input, shape: [units, features], indexNames: ["i", "k"]),
        ParameterTensor(stem: g.recurrent, shape: [units, units], indexNames: ["i", "j"]),
        ParameterTensor(stem: g.bias, shape: [units], indexNames: ["i"]),
      ]
    }
  }

  /// Where gate q's input matrix, recurrent matrix and bias start.
  func offsets(gate q: Int) -> (input: Int, recurrent: Int, bias: Int) {
    let base = q * gateSize
    return (base, base + units * features, base + units * features + units * units)
  }

  /// The gate and tensor entry of local parameter `k`, or `nil` when out of range.
  func entry(_ k: Int) -> (gate: Int, entry: Entry)? {
    guard k >= 0 && k < parameterCount else { return nil }
    let q = k / gateSize
    let (w, u, b) = offsets(gate: q)
    if k < u { return (q, .input(unit: (k - w) / features, feature: (k - w) % features)) }
    if k < b { return (q, .recurrent(unit: (k - u) / units, from: (k - u) % units)) }
    return (q, .bias(unit: k - b))
  }
}
