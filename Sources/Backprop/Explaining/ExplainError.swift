/// Why a derivation cannot be built: what was asked for does not fit the network or its
/// samples.
///
/// Typed, so that a command can name its own option and word its own message.
public enum ExplainError: Error, Equatable, Sendable {
  /// No samples were given.
  case noSamples
  /// A sample does not fit the network (wrong input or target length, a target out of the
  /// cost's range…): the network's own error, whose field names the sample.
  case invalidSample(NetworkError)
  /// The traced sample `index` is not one of the `count` samples (0-based).
  case sampleOutOfRange(index: Int, count: Int)
  /// `layer` is not one of the network's layers 1…`depth`.
  case layerOutOfRange(layer: Int, depth: Int)
  /// `name` (e.g. `W2[1,0]`) does not name a parameter of the network.
  case unknownParameter(name: String)
  /// The parameter index does not fit the network's shapes.
  case parameterOutOfRange(ParameterIndex)
  /// The mistake cannot happen in this network, or changes nothing in it, for the reason
  /// given.
  case mistakeImpossible(InjectedMistake, MistakeObstacle)
}

extension ExplainError: CustomStringConvertible {
  /// A plain sentence, for callers that do not word the error themselves.
  public var description: String {
    switch self {
    case .noSamples: return "expected at least one sample, found none"
    case .invalidSample(let error): return error.description
    case .sampleOutOfRange(let index, let count):
      return "expected a sample from 0 to \(count - 1), found \(index)"
    case .layerOutOfRange(let layer, let depth):
      return "expected a layer from 1 to \(depth), found \(layer)"
    case .unknownParameter(let name): return "'\(name)' is not a parameter of this network"
    case .parameterOutOfRange(let p): return "\(p) is not a parameter of this network"
    case .mistakeImpossible(let m, let why):
      return "the mistake \(m.rawValue) "
        + (why.isImpossible ? "cannot happen here" : "changes nothing here") + " (\(why))"
    }
  }
}

extension Derivation {
  /// Checks that sample `index` (0-based) is one of `count` samples.
  /// - Throws: `ExplainError.sampleOutOfRange` otherwise.
  public static func validateTracedSample(_ index: Int, count: Int) throws(ExplainError) {
    guard (0..<count).contains(index) else {
      throw .sampleOutOfRange(index: index, count: count)
    }
  }

  /// Checks that `layer` is one of `network`'s layers 1…L.
  /// - Throws: `ExplainError.layerOutOfRange` otherwise.
  public static func validateLayer(_ layer: Int, of network: Network) throws(ExplainError) {
    guard (1...network.depth).contains(layer) else {
      throw .layerOutOfRange(layer: layer, depth: network.depth)
    }
  }

  /// The parameter of `network` that `name` names, for example `W2[1,0]` or `b2[1]`
  /// (0-based indices).
  ///
  /// A 2-2-2 network also takes the classic example's `w1` … `w8` (`ClassicWeightNames`).
  /// - Throws: `ExplainError.unknownParameter` when there is none.
  public static func parameter(named name: String, in network: Network) throws(ExplainError)
    -> ParameterIndex
  {
    if let classic = ClassicWeightNames.parameter(name, in: network) { return classic }
    guard let p = network.parameterIndex(named: name) else { throw .unknownParameter(name: name) }
    return p
  }

  /// Checks that `parameter` is a parameter of `network`.
  /// - Throws: `ExplainError.parameterOutOfRange` otherwise.
  public static func validateParameter(_ parameter: ParameterIndex, of network: Network)
    throws(ExplainError)
  {
    guard (1...network.depth).contains(parameter.layer) else {
      throw .parameterOutOfRange(parameter)
    }
    let rows = network.sizes[parameter.layer]
    let columns = network.sizes[parameter.layer - 1]
    let fits: Bool
    switch parameter.kind {
    case .weight(let j, let k): fits = (0..<rows).contains(j) && (0..<columns).contains(k)
    case .bias(let j): fits = (0..<rows).contains(j)
    }
    guard fits else { throw .parameterOutOfRange(parameter) }
  }
}
