/// The shape of what flows between layers: a vector (n), a sequence (time steps ×
/// features) or an image (channels × height × width).
///
/// Values are stored flat, row-major: a sequence's step t, feature k at `t · F + k`; an
/// image's channel c, row y, column x at `(c · H + y) · W + x`.
public struct TensorShape: Hashable, Sendable, CustomStringConvertible {
  /// The sizes, outermost first.
  public let dimensions: [Int]

  /// Creates a shape from its sizes, outermost first.
  public init(_ dimensions: [Int]) { self.dimensions = dimensions }

  /// A vector of `n` numbers.
  public static func vector(_ n: Int) -> TensorShape { TensorShape([n]) }
  /// A sequence of `steps` steps of `features` numbers each.
  public static func sequence(steps: Int, features: Int) -> TensorShape {
    TensorShape([steps, features])
  }
  /// An image of `channels` × `height` × `width`.
  public static func image(channels: Int, height: Int, width: Int) -> TensorShape {
    TensorShape([channels, height, width])
  }

  /// 1 for a vector, 2 for a sequence, 3 for an image.
  public var rank: Int { dimensions.count }

  /// How many numbers it holds, the product of the sizes.
  public var count: Int { dimensions.reduce(1, *) }

  /// `1×6×6`.
  public var description: String { dimensions.map(String.init).joined(separator: "×") }

  /// What the rank says it is: `vector`, `sequence` or `image`.
  public var kindName: String {
    switch rank {
    case 1: return "vector"
    case 2: return "sequence"
    case 3: return "image"
    default: return "rank-\(rank) tensor"
    }
  }
}
