/// The weight names w1 … w8 of the classic 2-2-2 worked example as parameters.
///
/// The example has inputs i1, i2, hidden units h1, h2 and outputs o1, o2:
///
/// | name | joins | parameter |
/// |------|-------|-----------|
/// | w1, w2 | i1, i2 → h1 | W¹[0,0], W¹[0,1] |
/// | w3, w4 | i1, i2 → h2 | W¹[1,0], W¹[1,1] |
/// | w5, w6 | h1, h2 → o1 | W²[0,0], W²[0,1] |
/// | w7, w8 | h1, h2 → o2 | W²[1,0], W²[1,1] |
///
/// The example's net_h1 = w1·i1 + w2·i2 + b1 is row 0 of z¹ = W¹ a⁰ + b¹, so wₙ is entry
/// (n − 1) of W¹ then W² read row by row.
public enum ClassicWeightNames {
  /// The layer sizes the names apply to.
  public static let sizes = [2, 2, 2]

  /// The parameter `name` (`w1` … `w8`, either case) stands for in a 2-2-2 network, `nil`
  /// for another name or another network.
  public static func parameter(_ name: String, in network: Network) -> ParameterIndex? {
    guard network.sizes == sizes, name.count == 2, name.first == "w" || name.first == "W",
      let n = name.last?.wholeNumberValue, (1...8).contains(n)
    else { return nil }
    let entry = n - 1
    let layer = entry / 4 + 1
    let row = (entry % 4) / 2
    let column = entry % 2
    return ParameterIndex(layer: layer, kind: .weight(row: row, column: column), columns: 2)
  }

  /// The example's weights w1 … w8 (W¹ then W², row by row) and biases b1, b2 (one per
  /// layer, shared by its units).
  public static let weights = [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55]
  /// The example's biases b1 (hidden layer) and b2 (output layer).
  public static let biases = [0.35, 0.60]

  /// Whether `network` is the classic example itself: 2-2-2 with its weights and biases.
  public static func isTheExample(_ network: Network) -> Bool {
    guard network.sizes == sizes else { return false }
    let w = network.weights.flatMap(\.storage)
    let b = network.biases
    return w == weights && b == [[biases[0], biases[0]], [biases[1], biases[1]]]
  }

  /// The classic name (`w1` … `w8`) of the weight `p` of a network of layer sizes `sizes`,
  /// `nil` for a bias or another network.
  public static func name(of p: ParameterIndex, sizes: [Int]) -> String? {
    guard sizes == self.sizes, case .weight(let row, let column) = p.kind,
      (1...2).contains(p.layer), (0..<2).contains(row), (0..<2).contains(column)
    else { return nil }
    return "w\((p.layer - 1) * 4 + row * 2 + column + 1)"
  }
}
