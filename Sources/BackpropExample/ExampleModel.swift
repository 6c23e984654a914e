import Backprop
import Foundation

/// A 3×3 convolution layer with C channels in and out that speaks protocol 2: it owns the
/// tensors `kernel` [C, C, 3, 3] and `bias` [C], a fixed input X [C, 4, 4] and target
/// T [C, 2, 2], and the loss ½ Σ (Y − T)² of Y = K ⋆ X + b (valid cross-correlation).
public final class ExampleModel {
  let channels: Int
  let bug: ModelExampleBug?
  /// kernel[((o · C + c) · 3 + p) · 3 + q].
  var kernel: [Double]
  var bias: [Double]
  let input: [Double]
  let target: [Double]
  static let side = 4
  static let outSide = 2

  /// Creates the model with fixed, deterministic numbers.
  public init(channels: Int, bug: ModelExampleBug?) {
    self.channels = channels
    self.bug = bug
    let scale = 1 / Double(9 * channels).squareRoot()
    kernel = (0..<(channels * channels * 9)).map { sin(Double($0) * 1.7 + 0.3) * scale }
    bias = (0..<channels).map { cos(Double($0) * 0.9) * 0.1 }
    input = (0..<(channels * 16)).map { sin(Double($0) * 0.77 + 1) }
    target = (0..<(channels * 4)).map { cos(Double($0) * 1.3) * 0.5 }
  }

  /// Y − T.
  func residual() -> [Double] {
    let c = channels
    var r = [Double](repeating: 0, count: c * 4)
    for o in 0..<c {
      for i in 0..<2 {
        for j in 0..<2 {
          var y = bias[o]
          for ch in 0..<c {
            for p in 0..<3 {
              for q in 0..<3 {
                y += kernel[((o * c + ch) * 3 + p) * 3 + q] * input[(ch * 4 + i + p) * 4 + j + q]
              }
            }
          }
          r[(o * 2 + i) * 2 + j] = y - target[(o * 2 + i) * 2 + j]
        }
      }
    }
    return r
  }

  /// ½ Σ (Y − T)².
  public func loss() -> Double { residual().reduce(0) { $0 + $1 * $1 } / 2 }

  /// ∂loss/∂kernel and ∂loss/∂bias, with the bug if any.
  public func backward() -> (kernel: [Double], bias: [Double]) {
    let c = channels
    let r = residual()
    var dk = [Double](repeating: 0, count: kernel.count)
    var db = [Double](repeating: 0, count: c)
    for o in 0..<c {
      for i in 0..<2 {
        for j in 0..<2 {
          let g = r[(o * 2 + i) * 2 + j]
          db[o] += g
          for ch in 0..<c {
            for p in 0..<3 {
              for q in 0..<3 {
                let (pp, qq) = bug == .entry && p == 2 && q == 2 ? (2, 1) : (p, q)
                dk[((o * c + ch) * 3 + p) * 3 + q] += g * input[(ch * 4 + i + pp) * 4 + j + qq]
              }
            }
          }
        }
      }
    }
    switch bug {
    case .sign: dk = dk.map { -$0 }
    case .scale: dk = dk.map { 2 * $0 }
    case .transpose:
      let copy = dk
      for block in 0..<(c * c) {
        for p in 0..<3 {
          for q in 0..<3 { dk[block * 9 + p * 3 + q] = copy[block * 9 + q * 3 + p] }
        }
      }
    default: break
    }
    return (dk, db)
  }

  /// The tensors as nested JSON arrays.
  func tensors(kernel k: [Double], bias b: [Double]) -> JSONValue {
    let c = channels
    let nestedKernel = JSONValue.array(
      (0..<c).map { o in
        .array(
          (0..<c).map { ch in
            .array(
              (0..<3).map { p in
                .array((0..<3).map { q in .number(k[((o * c + ch) * 3 + p) * 3 + q]) })
              })
          })
      })
    return .object([("kernel", nestedKernel), ("bias", .array(b.map { .number($0) }))])
  }

  /// The answer to one request line of protocol 2.
  public func answer(_ line: String) -> String {
    guard let request = try? JSONValue.parse(line), case .string(let op) = request["op"] else {
      return error("expected {\"op\": …}")
    }
    switch op {
    case "parameters":
      return JSONValue.object([("parameters", tensors(kernel: kernel, bias: bias))]).compact
    case "gradient":
      let (dk, db) = backward()
      return JSONValue.object([
        ("loss", .number(loss())), ("gradient", tensors(kernel: dk, bias: db)),
      ]).compact
    case "loss":
      if case .array(let changes) = request["changes"] {
        return changedLoss(changes)
      }
      guard case .string(let name) = request["tensor"],
        case .array(let indexValues) = request["index"],
        case .number(let value) = request["value"]
      else { return error("loss needs tensor, index and value") }
      let index = indexValues.compactMap { v -> Int? in
        if case .number(let x) = v { return Int(x) }
        return nil
      }
      let c = channels
      let flat: Int
      if name == "kernel", index.count == 4, index[0] < c, index[1] < c, index[2] < 3,
        index[3] < 3, index.allSatisfy({ $0 >= 0 })
      {
        flat = ((index[0] * c + index[1]) * 3 + index[2]) * 3 + index[3]
        let old = kernel[flat]
        kernel[flat] = value
        defer { kernel[flat] = old }
        return JSONValue.object([("loss", .number(loss()))]).compact
      }
      if name == "bias", index.count == 1, index[0] >= 0, index[0] < c {
        let old = bias[index[0]]
        bias[index[0]] = value
        defer { bias[index[0]] = old }
        return JSONValue.object([("loss", .number(loss()))]).compact
      }
      return error("no entry \(name)\(index)")
    default:
      return error("unknown op \(op)")
    }
  }

  /// The loss with several entries set at once (a direction of the screen), all restored.
  private func changedLoss(_ changes: [JSONValue]) -> String {
    let (savedKernel, savedBias) = (kernel, bias)
    defer { (kernel, bias) = (savedKernel, savedBias) }
    for change in changes {
      guard case .string(let name) = change["tensor"], case .array(let i) = change["index"],
        case .number(let value) = change["value"], let flat = position(name, i)
      else { return error("bad change \(change.compact)") }
      if name == "kernel" { kernel[flat] = value } else { bias[flat] = value }
    }
    return JSONValue.object([("loss", .number(loss()))]).compact
  }

  /// The flat position of an entry of `kernel` or `bias`, or `nil`.
  private func position(_ name: String, _ indexValues: [JSONValue]) -> Int? {
    let index = indexValues.compactMap { v -> Int? in
      if case .number(let x) = v { return Int(x) }
      return nil
    }
    let c = channels
    guard index.count == indexValues.count, index.allSatisfy({ $0 >= 0 }) else { return nil }
    if name == "kernel", index.count == 4, index[0] < c, index[1] < c, index[2] < 3, index[3] < 3 {
      return ((index[0] * c + index[1]) * 3 + index[2]) * 3 + index[3]
    }
    if name == "bias", index.count == 1, index[0] < c { return index[0] }
    return nil
  }

  private func error(_ message: String) -> String {
    JSONValue.object([("error", .string(message))]).compact
  }

  /// Answers requests from stdin until it closes.
  public func serve() {
    while let line = readLine() {
      FileHandle.standardOutput.write(Data((answer(line) + "\n").utf8))
    }
  }
}
