import Foundation
import TextSupport

/// A network together with its samples: the contents of a network file.
///
/// ```
/// {"layers": [2, 2, 2], "activations": ["sigmoid", "sigmoid"], "cost": "quadratic",
///  "weights": [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]],
///  "biases": [[0.35, 0.35], [0.6, 0.6]],
///  "samples": [{"input": [0.05, 0.1], "target": [0.01, 0.99]}]}
/// ```
/// `weights[i][j][k]` is W^(i+1)[j, k]; `biases[i][j]` is b^(i+1)[j].
public struct NetworkFile: Equatable, Sendable {
  /// The network.
  public var network: Network
  /// Its samples, at least one.
  public var samples: [Sample]

  /// Creates a file's contents.
  public init(network: Network, samples: [Sample]) {
    self.network = network
    self.samples = samples
  }

  /// Reads and validates a network file.
  /// - Parameters:
  ///   - text: The JSON text.
  ///   - maximumParameters: The most weights and biases accepted, checked from the layer
  ///     sizes before any matrix is read.
  /// - Throws: `NetworkError` for the first problem, with its JSON path; for too many
  ///   parameters, field `layers` and `parameterLimit` set.
  public init(
    json text: String, maximumParameters: Int = Network.maximumParameterCount
  ) throws(NetworkError) {
    let root = try FileReader.parse(text)
    let r = FileReader(root, "")
    try r.expectObject(
      keys: ["layers", "activations", "cost", "weights", "biases", "samples"],
      required: ["layers", "activations", "cost", "weights", "biases", "samples"])
    let layersField = try r.member("layers")
    let sizes = try layersField.array().enumerated().map { (i, v) throws(NetworkError) in
      try v.positiveInteger(at: layersField.path + "[\(i)]")
    }
    guard sizes.count >= 2 else {
      throw NetworkError(
        field: "layers",
        message: "expected at least 2 layer sizes (input and output), found \(sizes.count)")
    }
    let depth = sizes.count - 1
    let activationsField = try r.member("activations")
    let names = try activationsField.array(
      count: depth, what: "activation names (one per layer after the input)")
    var activations: [Activation] = []
    for (i, v) in names.enumerated() {
      let name = try v.string(at: "activations[\(i)]")
      guard let act = Activation(rawValue: name) else {
        throw NetworkError(
          field: "activations[\(i)]",
          message:
            "unknown activation \"\(name.excerpt())\"; expected one of \(Activation.allCases.map(\.name).joined(separator: ", "))"
        )
      }
      activations.append(act)
    }
    let costName = try r.member("cost").string(at: "cost")
    guard let cost = Cost(rawValue: costName) else {
      throw NetworkError(
        field: "cost",
        message:
          "unknown cost \"\(costName.excerpt())\"; expected one of \(Cost.allCases.map(\.name).joined(separator: ", "))"
      )
    }
    let (weights, biases) = try FileReader.parameters(
      r, sizes: sizes, maximumParameters: maximumParameters)
    let network: Network
    network = try Network(
      sizes: sizes, activations: activations, cost: cost, weights: weights, biases: biases)
    let samplesField = try r.member("samples")
    let items = try samplesField.array()
    guard !items.isEmpty else {
      throw NetworkError(field: "samples", message: "expected at least one sample, found none")
    }
    var samples: [Sample] = []
    for (s, item) in items.enumerated() {
      let f = item
      try f.expectObject(keys: ["input", "target"], required: ["input", "target"])
      let input = try f.member("input").numbers(
        count: sizes[0], what: "numbers (the input layer size)")
      let target = try f.member("target").numbers(
        count: sizes[depth], what: "numbers (the output layer size)")
      try cost.validateTarget(target, field: "samples[\(s)].target")
      samples.append(Sample(input: input, target: target))
    }
    self.init(network: network, samples: samples)
  }

  /// Reads and validates the network file at `path`.
  /// - Throws: `FileError.unreadable` when the file cannot be read, `.invalid` otherwise.
  public init(
    contentsOf path: String, maximumParameters: Int = Network.maximumParameterCount
  ) throws(FileError) {
    let text = try FileError.read(path)
    do {
      try self.init(json: text, maximumParameters: maximumParameters)
    } catch {
      throw .invalid(path: path, error)
    }
  }

  /// The file as JSON, numbers in shortest round-trip form.
  public var json: JSONValue {
    .object([
      ("layers", .array(network.sizes.map { .number(Double($0)) })),
      ("activations", .array(network.activations.map { .string($0.name) })),
      ("cost", .string(network.cost.name)),
      ("weights", GradientFile.matricesJSON(network.weights)),
      ("biases", .array(network.biases.map(GradientFile.numbersJSON))),
      (
        "samples",
        .array(
          samples.map {
            .object([
              ("input", GradientFile.numbersJSON($0.input)),
              ("target", GradientFile.numbersJSON($0.target)),
            ])
          })
      ),
    ])
  }
}

/// A file that cannot be read or does not hold valid data.
public enum FileError: Error, Equatable, CustomStringConvertible {
  /// The file cannot be opened or read.
  case unreadable(path: String, reason: String)
  /// The file's contents are invalid.
  case invalid(path: String, NetworkError)

  /// `net.json: weights[1][0]: expected 2 numbers, found 3`.
  public var description: String {
    switch self {
    case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
    case .invalid(let path, let error): return "\(path): \(error)"
    }
  }

  /// Reads a whole UTF-8 file (a regular file, or a device or pipe such as /dev/stdin).
  static func read(_ path: String) throws(FileError) -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw .unreadable(path: path, reason: "no such file")
    }
    guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a directory") }
    guard FileManager.default.isReadableFile(atPath: path),
      let handle = FileHandle(forReadingAtPath: path)
    else {
      throw .unreadable(path: path, reason: "permission denied")
    }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.readToEnd() ?? Data()
    } catch {
      throw .unreadable(path: path, reason: "read error")
    }
    guard !data.isEmpty else {
      throw .invalid(path: path, NetworkError(field: "(root)", message: "the file is empty"))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw .invalid(
        path: path, NetworkError(field: "(root)", message: "the file is not UTF-8 text"))
    }
    return text
  }
}

/// Gradients in a file: `{"weights": …, "biases": …}` nested like a network file, holding
/// ∂C/∂W and ∂C/∂b of the mean cost, with an optional `"cost"` number.
public enum GradientFile {
  /// Reads gradients and checks their shapes against `network`.
  ///
  /// Also accepts the JSON output of `nn-explain`, whose `gradients` member is a gradient
  /// file; errors then name paths such as `gradients.weights[0]`.
  /// - Throws: `NetworkError` with the JSON path of the first problem.
  public static func read(json text: String, for network: Network) throws(NetworkError)
    -> Gradients
  {
    let root = try FileReader.parse(text)
    var r = FileReader(root, "")
    if root["weights"] == nil, let inner = root["gradients"] { r = FileReader(inner, "gradients") }
    try r.expectObject(keys: ["weights", "biases", "cost"], required: ["weights", "biases"])
    let (weights, biases) = try FileReader.parameters(r, sizes: network.sizes)
    var cost: Double?
    if let c = r.optionalMember("cost") { cost = try c.number(at: c.path) }
    return Gradients(weights: weights, biases: biases, cost: cost)
  }

  /// Reads the gradient file at `path` for `network`.
  public static func read(contentsOf path: String, for network: Network) throws(FileError)
    -> Gradients
  {
    let text = try FileError.read(path)
    do {
      return try read(json: text, for: network)
    } catch {
      throw .invalid(path: path, error)
    }
  }

  /// The gradient file as JSON.
  public static func json(_ g: Gradients) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("weights", matricesJSON(g.weights)), ("biases", .array(g.biases.map(numbersJSON))),
    ]
    if let c = g.cost, c.isFinite { members.append(("cost", .number(c))) }
    return .object(members)
  }

  /// `[[…], …]` for each matrix, row by row.
  public static func matricesJSON(_ ms: [Matrix]) -> JSONValue {
    .array(ms.map { m in .array(m.rowArrays.map(numbersJSON)) })
  }

  /// A flat array of numbers.
  public static func numbersJSON(_ v: [Double]) -> JSONValue { .array(v.map { .number($0) }) }
}

/// Walks a JSON document, keeping the path for error messages.
struct FileReader {
  let value: JSONValue
  let path: String

  init(_ value: JSONValue, _ path: String) {
    self.value = value
    self.path = path
  }

  var shownPath: String { path.isEmpty ? "(root)" : path }

  static func parse(_ text: String) throws(NetworkError) -> JSONValue {
    do {
      return try JSONValue.parse(text)
    } catch {
      throw NetworkError(field: "(root)", message: "invalid JSON at \(error)")
    }
  }

  func expectObject(keys: [String], required: [String]) throws(NetworkError) {
    guard case .object(let members) = value else {
      throw NetworkError(field: shownPath, message: "expected an object, found \(value.typeName)")
    }
    for (k, _) in members where !keys.contains(k) {
      throw NetworkError(
        field: child(k), message: "unknown field; expected \(keys.joined(separator: ", "))")
    }
    var seen: Set<String> = []
    for (k, _) in members where !seen.insert(k).inserted {
      throw NetworkError(field: child(k), message: "field appears more than once")
    }
    for k in required where value[k] == nil {
      throw NetworkError(field: child(k), message: "missing required field")
    }
  }

  func child(_ key: String) -> String {
    let shown = key.excerpt()
    return path.isEmpty ? shown : path + "." + shown
  }

  func member(_ key: String) throws(NetworkError) -> FileReader {
    guard let v = value[key] else {
      throw NetworkError(field: child(key), message: "missing required field")
    }
    return FileReader(v, child(key))
  }

  func optionalMember(_ key: String) -> FileReader? {
    value[key].map { FileReader($0, child(key)) }
  }

  func array() throws(NetworkError) -> [FileReader] {
    guard case .array(let items) = value else {
      throw NetworkError(field: shownPath, message: "expected an array, found \(value.typeName)")
    }
    return items.enumerated().map { FileReader($1, "\(path)[\($0)]") }
  }

  /// `numbers (the …)` → `number (the …)`: the noun of `what` for one item.
  private func singular(_ what: String) -> String {
    let noun = what.prefix { $0 != " " }
    guard noun.hasSuffix("s") else { return what }
    return String(noun.dropLast()) + what.dropFirst(noun.count)
  }

  func array(count: Int, what: String) throws(NetworkError) -> [FileReader] {
    let items = try array()
    guard items.count == count else {
      throw NetworkError(
        field: shownPath,
        message: "expected \(count) \(count == 1 ? singular(what) : what), found \(items.count)")
    }
    return items
  }

  func number(at p: String) throws(NetworkError) -> Double {
    guard case .number(let x) = value else {
      throw NetworkError(field: p, message: "expected a number, found \(value.typeName)")
    }
    guard x.isFinite else {
      throw NetworkError(field: p, message: "number is too large to be finite")
    }
    return x
  }

  func positiveInteger(at p: String) throws(NetworkError) -> Int {
    let x = try number(at: p)
    guard x == x.rounded(), x >= 1, x <= 1_000_000 else {
      throw NetworkError(
        field: p,
        message: "expected a positive whole number (at most 1000000), found \(JSONValue.format(x))")
    }
    return Int(x)
  }

  func string(at p: String) throws(NetworkError) -> String {
    guard case .string(let s) = value else {
      throw NetworkError(field: p, message: "expected a string, found \(value.typeName)")
    }
    return s
  }

  /// An array of `count` finite numbers.
  ///
  /// Each entry's path is written only for an error, so that reading a large weight
  /// matrix builds no strings.
  func numbers(count: Int, what: String) throws(NetworkError) -> [Double] {
    guard case .array(let items) = value, items.count == count else {
      // The same messages as for any array: not an array, or the wrong count.
      _ = try array(count: count, what: what)
      return []
    }
    var out: [Double] = []
    out.reserveCapacity(count)
    for (i, item) in items.enumerated() {
      if case .number(let x) = item, x.isFinite {
        out.append(x)
      } else {
        let entry = FileReader(item, "\(path)[\(i)]")
        out.append(try entry.number(at: entry.path))
      }
    }
    return out
  }

  /// Reads `weights` and `biases` shaped for `sizes`, refusing more than
  /// `maximumParameters` of them before reserving any memory.
  static func parameters(
    _ r: FileReader, sizes: [Int], maximumParameters: Int = Network.maximumParameterCount
  ) throws(NetworkError) -> ([Matrix], [[Double]]) {
    let depth = sizes.count - 1
    // Refuse networks too large to hold before reserving any memory for them.
    let count = Network.parameterCount(sizes: sizes)
    guard count <= maximumParameters else {
      var error = NetworkError(
        field: "layers",
        message: "the network would have "
          + (count == Int.max ? "more than \(Int.max)" : "\(count)")
          + " parameters; at most \(maximumParameters) are supported")
      error.parameterLimit = maximumParameters
      throw error
    }
    let wField = try r.member("weights")
    let wItems = try wField.array(
      count: depth, what: "weight matrices (one per layer after the input)")
    var weights: [Matrix] = []
    for (i, m) in wItems.enumerated() {
      let rows = try m.array(count: sizes[i + 1], what: "rows (the size of layer \(i + 1))")
      var storage: [Double] = []
      storage.reserveCapacity(sizes[i + 1] * sizes[i])
      for row in rows {
        storage += try row.numbers(count: sizes[i], what: "numbers (the size of layer \(i))")
      }
      weights.append(Matrix(rows: sizes[i + 1], columns: sizes[i], storage: storage))
    }
    let bField = try r.member("biases")
    let bItems = try bField.array(
      count: depth, what: "bias vectors (one per layer after the input)")
    var biases: [[Double]] = []
    for (i, b) in bItems.enumerated() {
      biases.append(
        try b.numbers(count: sizes[i + 1], what: "numbers (the size of layer \(i + 1))"))
    }
    return (weights, biases)
  }
}
