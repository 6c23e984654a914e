import Backprop
import Foundation

/// An independent re-implementation of a network file's forward pass and mean cost, for
/// reference derivatives by central differences (shares no code with the library).
public struct ReferenceNetwork {
  /// Layer sizes, input first.
  public var sizes: [Int]
  /// The activation names, layer 1 first.
  public var activations: [String]
  /// The cost's name.
  public var cost: String
  /// (input, target) pairs.
  public var samples: [([Double], [Double])]
  /// The parameters in order: W¹ (row-major), b¹, W², b² and so on.
  public var theta: [Double]

  /// Reads a network file's JSON with the library's JSON parser only.
  public init(json: String) throws {
    let v = try JSONValue.parse(json)
    func nums(_ x: JSONValue?) -> [Double] {
      guard case .array(let a)? = x else { return [] }
      return a.compactMap { if case .number(let n) = $0 { return n } else { return nil } }
    }
    func arr(_ x: JSONValue?) -> [JSONValue] {
      guard case .array(let a)? = x else { return [] }
      return a
    }
    sizes = nums(v["layers"]).map { Int($0) }
    activations = arr(v["activations"]).compactMap {
      if case .string(let s) = $0 { return s } else { return nil }
    }
    if case .string(let c)? = v["cost"] { cost = c } else { cost = "" }
    samples = arr(v["samples"]).map { (nums($0["input"]), nums($0["target"])) }
    theta = []
    for (w, b) in zip(arr(v["weights"]), arr(v["biases"])) {
      for row in arr(w) { theta += nums(row) }
      theta += nums(b)
    }
  }

  /// The activation `name` applied to `z`, written here from its formula.
  public static func activate(_ name: String, _ z: [Double]) -> [Double] {
    switch name {
    case "sigmoid": return z.map { 1 / (1 + exp(-$0)) }
    case "tanh": return z.map { tanh($0) }
    case "relu": return z.map { $0 > 0 ? $0 : 0 }
    case "leaky-relu": return z.map { $0 > 0 ? $0 : 0.01 * $0 }
    case "elu": return z.map { $0 > 0 ? $0 : exp($0) - 1 }
    case "softplus": return z.map { log(1 + exp($0)) }
    case "identity": return z
    case "softmax":
      let m = z.max() ?? 0
      let e = z.map { exp($0 - m) }
      let s = e.reduce(0, +)
      return e.map { $0 / s }
    default: return z.map { _ in .nan }  // an unknown name makes every comparison fail
    }
  }

  /// The cost `name` of output `a` for target `y`, written here from its formula; a term
  /// whose weight y or 1 − y is 0 counts 0 (0 · ln 0 = 0).
  public static func cost(_ name: String, _ a: [Double], _ y: [Double]) -> Double {
    switch name {
    case "quadratic": return 0.5 * zip(a, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
    case "mse": return zip(a, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(a.count)
    case "cross-entropy":
      return -zip(a, y).map { a, y in
        (y == 0 ? 0 : y * log(a)) + (y == 1 ? 0 : (1 - y) * log(1 - a))
      }.reduce(0, +)
    case "categorical-cross-entropy":
      return -zip(a, y).map { a, y in y == 0 ? 0 : y * log(a) }.reduce(0, +)
    default: return .nan
    }
  }

  /// The offset of b^layer[j] in `theta`.
  public func flatIndex(layer: Int, bias j: Int) -> Int {
    var offset = 0
    for l in 1..<layer { offset += sizes[l] * (sizes[l - 1] + 1) }
    return offset + sizes[layer] * sizes[layer - 1] + j
  }

  /// The mean cost over the samples with parameters `p` (laid out as `theta`).
  public func cost(_ p: [Double]) -> Double {
    var total = 0.0
    for (x, y) in samples {
      var a = x
      var offset = 0
      for l in 1..<sizes.count {
        var z = [Double](repeating: 0, count: sizes[l])
        for j in 0..<sizes[l] {
          for k in 0..<sizes[l - 1] { z[j] += p[offset + j * sizes[l - 1] + k] * a[k] }
        }
        offset += sizes[l] * sizes[l - 1]
        for j in 0..<sizes[l] { z[j] += p[offset + j] }
        offset += sizes[l]
        a = Self.activate(activations[l - 1], z)
      }
      total += Self.cost(cost, a, y)
    }
    return total / Double(samples.count)
  }

  /// Central differences of the mean cost for every bias (h = 1e-6).
  public func centralDifferences() -> (biases: [[Double]], all: [Double]) {
    let h = 1e-6
    let all = theta.indices.map { i in
      (cost(theta.with(i, theta[i] + h)) - cost(theta.with(i, theta[i] - h))) / (2 * h)
    }
    let biases = (1..<sizes.count).map { l in
      (0..<sizes[l]).map { all[flatIndex(layer: l, bias: $0)] }
    }
    return (biases, all)
  }
}
