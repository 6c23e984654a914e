import TextSupport

/// One weight W^l_jk or bias b^l_j of a network.
public struct ParameterIndex: Hashable, Sendable, CustomStringConvertible {
  /// Weight or bias, with its indices.
  public enum Kind: Hashable, Sendable {
    /// W^l[j, k]: from neuron k of layer l−1 to neuron j of layer l.
    case weight(row: Int, column: Int)
    /// b^l[j].
    case bias(row: Int)
  }

  /// The layer, 1 ≤ layer ≤ L.
  public let layer: Int
  /// Which entry.
  public let kind: Kind
  /// n_(l−1), the number of columns of W^l (needed to locate a weight in flat storage).
  public let columns: Int

  /// Creates an index.
  public init(layer: Int, kind: Kind, columns: Int) {
    self.layer = layer
    self.kind = kind
    self.columns = columns
  }

  /// `W²[1,0]` or `b²[1]`.
  public func name(_ notation: Notation = .unicode) -> String {
    switch kind {
    case .weight(let j, let k): return notation.superscript("W", layer) + "[\(j),\(k)]"
    case .bias(let j): return notation.superscript("b", layer) + "[\(j)]"
    }
  }

  /// `W²[1,0]`.
  public var description: String { name() }

  /// The indices `[j, k]` or `[j]`.
  public var indices: [Int] {
    switch kind {
    case .weight(let j, let k): return [j, k]
    case .bias(let j): return [j]
    }
  }

  /// Whether this is a weight.
  public var isWeight: Bool {
    if case .weight = kind { return true }
    return false
  }
}

extension Network {
  /// Every parameter in the canonical order: W¹ row by row, b¹, W², b² and so on.
  /// - Complexity: O(parameterCount).
  public var parameterIndices: [ParameterIndex] {
    var out: [ParameterIndex] = []
    out.reserveCapacity(parameterCount)
    for l in 1...depth {
      for j in 0..<sizes[l] {
        for k in 0..<sizes[l - 1] {
          out.append(
            ParameterIndex(layer: l, kind: .weight(row: j, column: k), columns: sizes[l - 1]))
        }
      }
      for j in 0..<sizes[l] {
        out.append(ParameterIndex(layer: l, kind: .bias(row: j), columns: sizes[l - 1]))
      }
    }
    return out
  }

  /// Parses a parameter name such as `W2[1,0]`, `W²[1,0]` or `b2[1]`, checking the range.
  ///
  /// Returns `nil` when the name is malformed or out of range.
  public func parameterIndex(named text: String) -> ParameterIndex? {
    let plain = String(
      text.compactMap { c -> Character? in
        if c == " " || c == "^" { return nil }
        return Superscript.digit(for: c) ?? c
      })
    guard let first = plain.first, first == "W" || first == "w" || first == "b",
      let open = plain.firstIndex(of: "["), plain.last == "]",
      let layer = Int(plain[plain.index(after: plain.startIndex)..<open]),
      (1...depth).contains(layer)
    else { return nil }
    let inside = plain[plain.index(after: open)..<plain.index(before: plain.endIndex)]
    let numbers = inside.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
    guard numbers.allSatisfy({ $0 != nil }) else { return nil }
    let n = numbers.compactMap { $0 }
    if first == "b" {
      guard n.count == 1, (0..<sizes[layer]).contains(n[0]) else { return nil }
      return ParameterIndex(layer: layer, kind: .bias(row: n[0]), columns: sizes[layer - 1])
    }
    guard n.count == 2, (0..<sizes[layer]).contains(n[0]), (0..<sizes[layer - 1]).contains(n[1])
    else { return nil }
    return ParameterIndex(
      layer: layer, kind: .weight(row: n[0], column: n[1]), columns: sizes[layer - 1])
  }
}
