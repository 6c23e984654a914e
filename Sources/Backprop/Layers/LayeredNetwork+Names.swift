/// One parameter tensor of a layered network, where it lives and what it is called.
public struct TensorSlot: Hashable, Sendable {
  /// The layer's position k (0-based) in `LayeredNetwork.layers`.
  public let layerIndex: Int
  /// The layer number l.
  public let number: Int
  /// The tensor.
  public let tensor: ParameterTensor
  /// Its first entry in the flat parameters.
  public let offset: Int

  /// Creates a slot.
  public init(layerIndex: Int, number: Int, tensor: ParameterTensor, offset: Int) {
    self.layerIndex = layerIndex
    self.number = number
    self.tensor = tensor
    self.offset = offset
  }

  /// `K1`, `Wf2`, `b5`.
  public var name: String { tensor.name(layer: number) }

  /// The flat range of its entries.
  public var range: Range<Int> { offset..<(offset + tensor.count) }

  /// The name of entry `k` of the tensor (0-based, row-major) such as `K1[0,0,1,2]`.
  public func entryName(_ k: Int) -> String {
    name + "[" + tensor.indices(of: k).map(String.init).joined(separator: ",") + "]"
  }
}

extension LayeredNetwork {
  /// Every parameter tensor, in storage order.
  public var tensorSlots: [TensorSlot] {
    var out: [TensorSlot] = []
    for (k, layer) in layers.enumerated() {
      var offset = offsets[k]
      for t in layer.tensors {
        out.append(TensorSlot(layerIndex: k, number: numbers[k], tensor: t, offset: offset))
        offset += t.count
      }
    }
    return out
  }

  /// The slot holding flat parameter `i`.
  public func slot(of i: Int) -> TensorSlot? {
    tensorSlots.first { $0.range.contains(i) }
  }

  /// The name of flat parameter `i` such as `K1[0,0,1,2]`.
  public func parameterName(_ i: Int) -> String {
    guard let s = slot(of: i) else { return "θ[\(i)]" }
    return s.entryName(i - s.offset)
  }

  /// The flat index of a parameter named like `K1[0,0,1,2]`, `Wf2[1,0]`, `b5[2]` (spaces,
  /// `^` and superscript digits allowed); `nil` when malformed or out of range.
  public func parameterIndex(named text: String) -> Int? {
    let superscripts: [Character: Character] = [
      "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
      "⁹": "9",
    ]
    let plain = String(
      text.compactMap { c -> Character? in
        if c == " " || c == "^" { return nil }
        return superscripts[c] ?? c
      })
    guard let open = plain.firstIndex(of: "["), plain.last == "]" else { return nil }
    let name = String(plain[..<open])
    let inside = plain[plain.index(after: open)..<plain.index(before: plain.endIndex)]
    let numbers = inside.split(separator: ",", omittingEmptySubsequences: false).map {
      Int($0)
    }
    guard numbers.allSatisfy({ $0 != nil }),
      let slot = tensorSlots.first(where: { $0.name == name }),
      let k = slot.tensor.flatIndex(of: numbers.compactMap { $0 })
    else { return nil }
    return slot.offset + k
  }
}
