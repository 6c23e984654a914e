/// A network, file, sample or argument that is inconsistent, with the field at fault as a
/// JSON path: `weights[1][0]: expected 2 numbers, found 3`.
public struct NetworkError: Error, Equatable, CustomStringConvertible {
  /// The field, as a JSON path such as `weights[1]`, or `(root)` for a whole document.
  public let field: String
  /// What is wrong.
  public let message: String
  /// The parameter limit a network larger than allowed exceeded, so that a command can say
  /// how to raise it; `nil` for every other problem.
  public var parameterLimit: Int?

  /// Creates an error.
  public init(field: String, message: String) {
    self.field = field
    self.message = message
  }

  /// `weights[1]: expected a 2x3 matrix, found 3x2`.
  public var description: String { "\(field): \(message)" }
}
