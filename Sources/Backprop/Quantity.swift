/// A named quantity of a network, with its dimension: the cost `C`, an activation `a^l`,
/// a pre-activation `z^l`, or a layer's weights `W^l` and biases `b^l`.
///
/// Jacobians differentiate one quantity with respect to another; comparing quantities is
/// how composition checks that a chain of Jacobians fits together.
public struct Quantity: Hashable, Sendable, CustomStringConvertible {
  /// What the quantity is.
  public enum Kind: Hashable, Sendable {
    /// The scalar cost C.
    case cost
    /// The activation a^l (a⁰ is the input x).
    case activation(layer: Int)
    /// The weighted input z^l = W^l a^(l−1) + b^l.
    case preActivation(layer: Int)
    /// The weight matrix W^l, flattened row by row.
    case weights(layer: Int)
    /// The bias vector b^l.
    case biases(layer: Int)
  }

  /// What the quantity is.
  public let kind: Kind
  /// How many numbers it holds.
  public let dimension: Int

  /// Creates a quantity.
  public init(_ kind: Kind, dimension: Int) {
    self.kind = kind
    self.dimension = dimension
  }

  /// The cost C, a scalar.
  public static let cost = Quantity(.cost, dimension: 1)
  /// a^l with `n` entries.
  public static func a(_ layer: Int, _ n: Int) -> Quantity {
    Quantity(.activation(layer: layer), dimension: n)
  }
  /// z^l with `n` entries.
  public static func z(_ layer: Int, _ n: Int) -> Quantity {
    Quantity(.preActivation(layer: layer), dimension: n)
  }

  /// The symbol, for example `a²` (Unicode) or `a^2` (ASCII).
  public func symbol(_ notation: Notation = .unicode) -> String {
    switch kind {
    case .cost: return "C"
    case .activation(let l): return notation.superscript("a", l)
    case .preActivation(let l): return notation.superscript("z", l)
    case .weights(let l): return notation.superscript("W", l)
    case .biases(let l): return notation.superscript("b", l)
    }
  }

  /// The Unicode symbol.
  public var description: String { symbol() }
}
