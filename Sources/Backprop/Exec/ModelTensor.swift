/// A named parameter tensor of a model under protocol 2: its shape and its entries in
/// row-major order.
public struct ModelTensor: Equatable, Sendable {
  /// The name the program gave it.
  public var name: String
  /// The shape, outermost axis first; at least one axis.
  public var shape: [Int]
  /// The entries, last index fastest.
  public var values: [Double]

  /// Creates a tensor.
  public init(name: String, shape: [Int], values: [Double]) {
    self.name = name
    self.shape = shape
    self.values = values
  }

  /// The multi-index of flat entry `flat`.
  public func index(ofFlat flat: Int) -> [Int] {
    var rest = flat
    var out = [Int](repeating: 0, count: shape.count)
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      out[axis] = rest % shape[axis]
      rest /= shape[axis]
    }
    return out
  }

  /// The flat position of `index`.
  public func flat(_ index: [Int]) -> Int {
    zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
  }

  /// Reads every tensor of an object `{"name": nested arrays, …}` at `path`.
  /// - Throws: `ProgramFailure.wrongShape` or `.nonFinite`, naming the JSON path.
  static func tensors(in value: JSONValue?, at path: String) throws(ProgramFailure)
    -> [ModelTensor]
  {
    guard let value else { throw .wrongShape(path: path, message: "missing required field") }
    guard case .object(let members) = value, !members.isEmpty else {
      throw .wrongShape(
        path: path, message: "expected an object of named tensors, found \(value.typeName)")
    }
    var out: [ModelTensor] = []
    for (name, v) in members {
      let p = "\(path).\(name)"
      guard case .array = v else {
        throw .wrongShape(
          path: p, message: "expected an array (write a single number as [x]), found \(v.typeName)")
      }
      var values: [Double] = []
      let shape = try flatten(v, at: p, into: &values)
      out.append(ModelTensor(name: name, shape: shape, values: values))
    }
    return out
  }

  /// Appends the numbers of nested arrays to `values` and returns their shape.
  private static func flatten(_ v: JSONValue, at path: String, into values: inout [Double])
    throws(ProgramFailure) -> [Int]
  {
    switch v {
    case .number(let x):
      guard x.isFinite else { throw .nonFinite(path: path) }
      values.append(x)
      return []
    case .array(let items):
      guard !items.isEmpty else { throw .wrongShape(path: path, message: "empty array") }
      var shape: [Int]?
      for (i, item) in items.enumerated() {
        let s = try flatten(item, at: "\(path)[\(i)]", into: &values)
        if let shape, shape != s {
          throw .wrongShape(
            path: "\(path)[\(i)]",
            message: "expected shape \(shape), found \(s) (arrays must be rectangular)")
        }
        shape = s
      }
      return [items.count] + (shape ?? [])
    default:
      throw .wrongShape(path: path, message: "expected a number or an array, found \(v.typeName)")
    }
  }
}
