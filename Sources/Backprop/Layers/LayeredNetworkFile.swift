/// A layered network file: the typed form of the network file.
///
/// ```json
/// {"architecture": "input 1x4x4, conv 1 2x2, relu, flatten, dense 2, softmax",
///  "cost": "categorical-cross-entropy",
///  "parameters": {"K1": [[[[0.1, -0.2], [0.3, 0.4]]]], "b1": [0.05],
///                 "W3": [[…9 numbers…], […]], "b3": [0, 0]},
///  "samples": [{"input": [[[…4…], …]], "target": [1, 0]}]}
/// ```
/// Tensors are nested like their shapes (`K1` is F×C×kh×kw); an input is nested like the
/// input shape and a target like the output shape (either may be given flat). Every tensor of the architecture is
/// required; unknown or repeated fields are errors. A file is layered when it has an
/// `architecture` member; other files are the dense network files.
public struct LayeredNetworkFile: Sendable {
  /// The network with its parameters.
  public var network: LayeredNetwork
  /// Its samples, at least one.
  public var samples: [Sample]

  /// Creates a file's contents.
  public init(network: LayeredNetwork, samples: [Sample]) {
    self.network = network
    self.samples = samples
  }

  /// Whether the JSON text is a layered network file (it has an `architecture` member).
  public static func isLayered(json text: String) -> Bool {
    guard case .object(let members)? = try? JSONValue.parse(text) else { return false }
    return members.contains { $0.0 == "architecture" }
  }

  /// Reads and validates a layered network file.
  /// - Throws: `NetworkError` for the first problem, with its JSON path.
  public init(json text: String) throws(NetworkError) {
    let r = FileReader(try FileReader.parse(text), "")
    try r.expectObject(
      keys: ["architecture", "cost", "parameters", "samples"],
      required: ["architecture", "cost", "parameters", "samples"])
    let architecture: Architecture
    do {
      architecture = try Architecture.parse(
        try r.member("architecture").string(at: "architecture"))
    } catch let e as ArchitectureError {
      throw NetworkError(field: "architecture", message: e.description)
    } catch let e as NetworkError {
      throw e
    } catch {
      throw NetworkError(field: "architecture", message: "\(error)")
    }
    let costName = try r.member("cost").string(at: "cost")
    guard let cost = Cost(rawValue: costName) else {
      throw NetworkError(
        field: "cost",
        message: "unknown cost \"\(costName)\"; expected one of "
          + Cost.allCases.map(\.name).joined(separator: ", "))
    }
    var network: LayeredNetwork
    do {
      network = try LayeredNetwork(architecture: architecture, cost: cost)
    } catch {
      throw NetworkError(field: "architecture", message: error.description)
    }
    network.parameters = try LayeredNetworkFile.tensors(
      r.member("parameters"), of: network)
    let items = try r.member("samples").array()
    guard !items.isEmpty else {
      throw NetworkError(field: "samples", message: "expected at least one sample, found none")
    }
    var samples: [Sample] = []
    for (s, item) in items.enumerated() {
      try item.expectObject(keys: ["input", "target"], required: ["input", "target"])
      let input = try LayeredNetworkFile.nested(
        item.member("input"), shape: network.inputShape.dimensions, flatAllowed: true)
      let target = try LayeredNetworkFile.nested(
        item.member("target"), shape: network.outputShape.dimensions, flatAllowed: true)
      try cost.validateTarget(target, field: "samples[\(s)].target")
      samples.append(Sample(input: input, target: target))
    }
    self.init(network: network, samples: samples)
  }

  /// Reads and validates the layered network file at `path`.
  /// - Throws: `FileError.unreadable` when the file cannot be read, `.invalid` otherwise.
  public init(contentsOf path: String) throws(FileError) {
    let text = try FileError.read(path)
    do {
      try self.init(json: text)
    } catch {
      throw .invalid(path: path, error)
    }
  }

  /// The flat parameters from an object of named tensors, every tensor of `network`.
  static func tensors(_ r: FileReader, of network: LayeredNetwork) throws(NetworkError)
    -> [Double]
  {
    let slots = network.tensorSlots
    try r.expectObject(keys: slots.map(\.name), required: slots.map(\.name))
    var out = [Double](repeating: 0, count: network.parameterCount)
    for slot in slots {
      let values = try nested(r.member(slot.name), shape: slot.tensor.shape, flatAllowed: false)
      for (k, v) in values.enumerated() { out[slot.offset + k] = v }
    }
    return out
  }

  /// The numbers of an array nested like `shape`, row-major; or a flat array of all of them
  /// when `flatAllowed`.
  static func nested(_ r: FileReader, shape: [Int], flatAllowed: Bool)
    throws(NetworkError) -> [Double]
  {
    let count = shape.reduce(1, *)
    if shape.count <= 1 || (flatAllowed && isFlat(r)) {
      let what =
        shape.count <= 1
        ? "numbers" : "numbers (shape \(TensorShape(shape)), given flat or nested like it)"
      return try r.numbers(count: count, what: what)
    }
    let rows = try r.array(count: shape[0], what: "arrays (shape \(TensorShape(shape)))")
    var out: [Double] = []
    for row in rows {
      out += try nested(row, shape: Array(shape.dropFirst()), flatAllowed: false)
    }
    return out
  }

  /// Whether `r` is an array whose first element is a number.
  static func isFlat(_ r: FileReader) -> Bool {
    guard let items = try? r.array(), let first = items.first else { return false }
    return (try? first.number(at: first.path)) != nil
  }

  /// The file as JSON.
  public var json: JSONValue {
    .object([
      ("architecture", .string(network.architecture.description)),
      ("cost", .string(network.cost.name)),
      ("parameters", LayeredNetworkFile.tensorsJSON(network.parameters, of: network)),
      (
        "samples",
        .array(
          samples.map {
            .object([
              ("input", .array($0.input.map { .number($0) })),
              ("target", .array($0.target.map { .number($0) })),
            ])
          })
      ),
    ])
  }

  /// Flat values (parameters or their gradients) as an object of nested named tensors.
  public static func tensorsJSON(_ flat: [Double], of network: LayeredNetwork) -> JSONValue {
    .object(
      network.tensorSlots.map { slot in
        (slot.name, nestedJSON(Array(flat[slot.range]), shape: slot.tensor.shape))
      })
  }

  static func nestedJSON(_ v: [Double], shape: [Int]) -> JSONValue {
    guard shape.count > 1 else { return .array(v.map { .number($0) }) }
    let inner = v.count / max(shape[0], 1)
    return .array(
      (0..<shape[0]).map {
        nestedJSON(Array(v[($0 * inner)..<(($0 + 1) * inner)]), shape: Array(shape.dropFirst()))
      })
  }
}

/// Gradients of a layered network in a file: `{"gradients": {"K1": …, "b1": …}, "cost": C}`,
/// each tensor nested like its shape, holding ∂C/∂θ of the mean cost; `cost` is optional.
public enum LayeredGradientFile {
  /// Reads gradients and checks their shapes against `network`.
  /// - Returns: The flat gradients and the stated cost.
  /// - Throws: `NetworkError` with the JSON path of the first problem.
  public static func read(json text: String, for network: LayeredNetwork)
    throws(NetworkError) -> (gradients: [Double], cost: Double?)
  {
    let r = FileReader(try FileReader.parse(text), "")
    try r.expectObject(keys: ["gradients", "cost"], required: ["gradients"])
    let g = try LayeredNetworkFile.tensors(r.member("gradients"), of: network)
    let cost = try r.optionalMember("cost").map { (c) throws(NetworkError) in
      try c.number(at: "cost")
    }
    return (g, cost)
  }

  /// Reads the gradient file at `path`.
  /// - Throws: `FileError`.
  public static func read(contentsOf path: String, for network: LayeredNetwork)
    throws(FileError) -> (gradients: [Double], cost: Double?)
  {
    let text = try FileError.read(path)
    do {
      return try read(json: text, for: network)
    } catch {
      throw .invalid(path: path, error)
    }
  }

  /// Gradients as a gradient file.
  public static func json(_ g: [Double], cost: Double?, of network: LayeredNetwork)
    -> JSONValue
  {
    var members: [(String, JSONValue)] = [
      ("gradients", LayeredNetworkFile.tensorsJSON(g, of: network))
    ]
    if let cost { members.append(("cost", .number(cost))) }
    return .object(members)
  }
}

extension FileError {
  /// Reads a whole UTF-8 file, as the network files are read.
  /// - Throws: `FileError.unreadable`, or `.invalid` for text that is not UTF-8.
  public static func readText(_ path: String) throws(FileError) -> String { try read(path) }
}
