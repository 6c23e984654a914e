/// Why an `--arch` text cannot be read, naming the token at fault.
public enum ArchitectureError: Error, Equatable, CustomStringConvertible {
  /// The text has no layers, or does not start with `input`.
  case missingInput(found: String)
  /// An input shape that is not 1 to 3 sizes ≥ 1 joined by `x`.
  case badShape(token: String)
  /// A layer kind that does not exist.
  case unknownLayer(token: String, known: [String])
  /// A number that is missing, not a whole number, or out of range.
  case badNumber(token: String, layer: String, expected: String)
  /// Words after a layer that it does not take.
  case unexpected(token: String, layer: String)
  /// Only an input, no layers.
  case noLayers
  /// An option (`stride`, `padding`) given twice in one layer.
  case repeated(option: String, layer: String)

  /// A sentence naming the token.
  public var description: String {
    switch self {
    case .missingInput(let t):
      return "the architecture must start with 'input <shape>', found '\(t)'"
    case .badShape(let t):
      return "'\(t)': a shape is 1 to 3 whole numbers ≥ 1 joined by x (6, 4x3 or 1x28x28)"
    case .unknownLayer(let t, let known):
      return "unknown layer '\(t)'; expected one of " + known.joined(separator: ", ")
    case .badNumber(let t, let layer, let expected):
      return "'\(layer)': expected \(expected), found '\(t)'"
    case .unexpected(let t, let layer):
      return "'\(layer)': unexpected '\(t)'"
    case .noLayers:
      return "the architecture needs at least one layer after the input"
    case .repeated(let option, let layer):
      return "'\(layer)': \(option) is given more than once"
    }
  }
}

extension Architecture {
  /// The largest size any number in an architecture may have.
  public static let maximumSize = 100_000

  /// The layer kinds `parse` knows, besides the activations.
  public static let layerKinds = ["dense", "conv", "maxpool", "avgpool", "flatten", "rnn", "lstm"]

  /// Reads an architecture such as `input 1x6x6, conv 2 3x3, relu, maxpool 2, flatten,
  /// dense 3, softmax`.
  ///
  /// Layers, comma-separated: `input S` (S = n, TxF or CxHxW), `dense n`, `conv F KHxKW`
  /// or `conv F K` with optional `stride s` and `valid`/`same` (or `padding valid`),
  /// `maxpool k` and `avgpool k` with optional `stride s`, `flatten`, `rnn n`, `lstm n`, and
  /// any activation name (`relu`, `sigmoid`, `tanh`, `softmax`, …).
  /// - Throws: `ArchitectureError` naming the token at fault.
  public static func parse(_ text: String) throws(ArchitectureError) -> Architecture {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }
    guard let first = parts.first, first.first?.lowercased() == "input" else {
      throw .missingInput(found: parts.first?.joined(separator: " ") ?? "")
    }
    guard first.count == 2 else {
      throw first.count < 2
        ? .badShape(token: "") : .unexpected(token: first[2], layer: first.joined(separator: " "))
    }
    let shape = try parseShape(first[1])
    var layers: [LayerSpec] = []
    for words in parts.dropFirst() {
      layers.append(try parseLayer(words))
    }
    guard !layers.isEmpty else { throw .noLayers }
    return Architecture(inputShape: shape, layers: layers)
  }

  /// `1x6x6` → [1, 6, 6].
  static func parseShape(_ token: String) throws(ArchitectureError) -> TensorShape {
    let sizes = wholeNumbers(token)
    guard let sizes, (1...3).contains(sizes.count) else { throw .badShape(token: token) }
    return TensorShape(sizes)
  }

  /// `4x3` → [4, 3]: sizes from 1 to `maximumSize` joined by `x`, or `nil`.
  static func wholeNumbers(_ token: String) -> [Int]? {
    let parts = token.lowercased().split(separator: "x", omittingEmptySubsequences: false)
    let sizes = parts.compactMap { Int($0) }.filter { (1...maximumSize).contains($0) }
    return sizes.count == parts.count ? sizes : nil
  }

  /// One comma-separated layer, split into words.
  static func parseLayer(_ words: [String]) throws(ArchitectureError) -> LayerSpec {
    let layer = words.joined(separator: " ")
    guard let kind = words.first?.lowercased() else {
      throw .unknownLayer(token: "", known: knownNames)
    }
    var rest = Array(words.dropFirst())
    func number(_ what: String) throws(ArchitectureError) -> Int {
      guard let t = rest.first else { throw .badNumber(token: "", layer: layer, expected: what) }
      guard let n = Int(t), n >= 1, n <= maximumSize else {
        throw .badNumber(token: t, layer: layer, expected: what)
      }
      rest.removeFirst()
      return n
    }
    var given: Set<String> = []
    func once(_ option: String) throws(ArchitectureError) {
      guard given.insert(option).inserted else { throw .repeated(option: option, layer: layer) }
    }
    func stride(default d: Int) throws(ArchitectureError) -> Int {
      guard rest.first?.lowercased() == "stride" else { return d }
      try once("stride")
      rest.removeFirst()
      return try number("a stride ≥ 1 after 'stride'")
    }
    let spec: LayerSpec
    switch kind {
    case "dense": spec = .dense(units: try number("a number of units ≥ 1"))
    case "rnn": spec = .rnn(units: try number("a number of units ≥ 1"))
    case "lstm": spec = .lstm(units: try number("a number of units ≥ 1"))
    case "flatten": spec = .flatten
    case "maxpool", "avgpool":
      let k = try number("a window size ≥ 1")
      let s = try stride(default: k)
      if rest.first?.lowercased() == "stride" { try once("stride") }
      spec = kind == "maxpool" ? .maxPool(size: k, stride: s) : .avgPool(size: k, stride: s)
    case "conv":
      let f = try number("a number of filters ≥ 1")
      guard let t = rest.first else {
        throw .badNumber(token: "", layer: layer, expected: "a kernel size such as 3x3")
      }
      guard let kernel = wholeNumbers(t), (1...2).contains(kernel.count) else {
        throw .badNumber(token: t, layer: layer, expected: "a kernel size such as 3x3")
      }
      rest.removeFirst()
      let (h, w) = (kernel[0], kernel[kernel.count - 1])
      var s = 1
      var padding = LayerSpec.Padding.valid
      while let word = rest.first?.lowercased() {
        if word == "stride" {
          s = try stride(default: 1)
        } else if word == "padding" {
          try once("padding")
          rest.removeFirst()
          guard let p = rest.first.flatMap({ LayerSpec.Padding(rawValue: $0.lowercased()) })
          else {
            throw .badNumber(
              token: rest.first ?? "", layer: layer, expected: "valid or same after 'padding'")
          }
          padding = p
          rest.removeFirst()
        } else if let p = LayerSpec.Padding(rawValue: word) {
          try once("padding")
          padding = p
          rest.removeFirst()
        } else {
          break
        }
      }
      spec = .conv(filters: f, height: h, width: w, stride: s, padding: padding)
    default:
      guard let f = Activation(rawValue: kind) else {
        throw .unknownLayer(token: words[0], known: knownNames)
      }
      spec = .activation(f)
    }
    if let extra = rest.first { throw .unexpected(token: extra, layer: layer) }
    return spec
  }

  static var knownNames: [String] { layerKinds + Activation.allCases.map(\.name) }
}
