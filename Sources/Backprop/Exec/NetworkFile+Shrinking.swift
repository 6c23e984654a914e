/// The simplifications the shrinker tries, each giving a smaller or simpler network file, or
/// `nil` when the result would not be a valid network.
extension NetworkFile {
  /// The file without hidden layer `l` (1 ≤ l < L): W^(l+1) and W^l merge into
  /// W^(l+1) W^l, and b^(l+1) becomes W^(l+1) b^l + b^(l+1), the network the two layers
  /// would be without layer l's activation.
  func removingLayer(_ l: Int) -> NetworkFile? {
    guard l >= 1, l < network.depth else { return nil }
    let upper = network.weight(l + 1)
    let merged = upper.multiplied(by: network.weight(l))
    let shifted = zip(upper.multiplied(by: network.bias(l)), network.bias(l + 1)).map { $0 + $1 }
    var sizes = network.sizes
    sizes.remove(at: l)
    var activations = network.activations
    activations.remove(at: l - 1)
    var weights = network.weights
    weights.replaceSubrange((l - 1)...l, with: [merged])
    var biases = network.biases
    biases.replaceSubrange((l - 1)...l, with: [shifted])
    return rebuilt(sizes: sizes, activations: activations, weights: weights, biases: biases)
  }

  /// The file without neuron `j` of layer `l` (0 is the input layer, L the output): its row
  /// of W^l and entry of b^l, its column of W^(l+1), and its input or target entries go.
  func removingNeuron(layer l: Int, index j: Int) -> NetworkFile? {
    guard l >= 0, l <= network.depth, network.sizes[l] > 1, j < network.sizes[l] else {
      return nil
    }
    var sizes = network.sizes
    sizes[l] -= 1
    var weights = network.weights
    var biases = network.biases
    if l >= 1 {
      var rows = weights[l - 1].rowArrays
      rows.remove(at: j)
      weights[l - 1] = Matrix(rows: sizes[l], columns: sizes[l - 1], storage: rows.flatMap { $0 })
      biases[l - 1].remove(at: j)
    }
    if l < network.depth {
      let rows = weights[l].rowArrays.map { row in
        row.enumerated().filter { $0.offset != j }.map(\.element)
      }
      weights[l] = Matrix(rows: sizes[l + 1], columns: sizes[l], storage: rows.flatMap { $0 })
    }
    let trimmed = samples.map { s in
      var s = s
      if l == 0 { s.input.remove(at: j) }
      if l == network.depth { s.target.remove(at: j) }
      return s
    }
    return rebuilt(
      sizes: sizes, activations: network.activations, weights: weights, biases: biases,
      samples: trimmed)
  }

  /// The file without sample `s`.
  func removingSample(_ s: Int) -> NetworkFile? {
    guard samples.count > 1, s < samples.count else { return nil }
    var copy = self
    copy.samples.remove(at: s)
    return copy
  }

  /// How many samples share their input with an earlier sample.
  /// - Complexity: O(samples²·inputs).
  var repeatedInputs: Int {
    samples.indices.filter { s in samples[..<s].contains { $0.input == samples[s].input } }
      .count
  }

  /// Every number rounded to `decimals` decimals (targets kept within [0, 1] when they were).
  func rounded(decimals: Int) -> NetworkFile? {
    let scale = Double(decimals == 0 ? 1 : (1...decimals).reduce(1) { p, _ in p * 10 })
    func round(_ x: Double) -> Double { (x * scale).rounded() / scale + 0 }  // + 0: no −0
    var copy = self
    copy.network.weights = network.weights.map {
      Matrix(rows: $0.rows, columns: $0.columns, storage: $0.storage.map(round))
    }
    copy.network.biases = network.biases.map { $0.map(round) }
    copy.samples = samples.map {
      Sample(input: $0.input.map(round), target: $0.target.map(round))
    }
    return copy == self ? nil : copy
  }

  /// Every number's location, weights and biases layer by layer, then samples.
  var numberLocations: [NumberLocation] {
    var out: [NumberLocation] = []
    for l in 1...network.depth {
      for r in 0..<network.sizes[l] {
        for c in 0..<network.sizes[l - 1] { out.append(.weight(layer: l, row: r, column: c)) }
      }
      for r in 0..<network.sizes[l] { out.append(.bias(layer: l, row: r)) }
    }
    for (s, sample) in samples.enumerated() {
      for i in sample.input.indices { out.append(.input(sample: s, index: i)) }
      for i in sample.target.indices { out.append(.target(sample: s, index: i)) }
    }
    return out
  }

  /// The number at `location`.
  subscript(location: NumberLocation) -> Double {
    get {
      switch location {
      case .weight(let l, let r, let c): return network.weight(l)[r, c]
      case .bias(let l, let r): return network.biases[l - 1][r]
      case .input(let s, let i): return samples[s].input[i]
      case .target(let s, let i): return samples[s].target[i]
      }
    }
    set {
      switch location {
      case .weight(let l, let r, let c):
        network.weights[l - 1].storage[r * network.sizes[l - 1] + c] = newValue
      case .bias(let l, let r): network.biases[l - 1][r] = newValue
      case .input(let s, let i): samples[s].input[i] = newValue
      case .target(let s, let i): samples[s].target[i] = newValue
      }
    }
  }

  private func rebuilt(
    sizes: [Int], activations: [Activation], weights: [Matrix], biases: [[Double]],
    samples: [Sample]? = nil
  ) -> NetworkFile? {
    guard
      let net = try? Network(
        sizes: sizes, activations: activations, cost: network.cost, weights: weights,
        biases: biases)
    else { return nil }
    return NetworkFile(network: net, samples: samples ?? self.samples)
  }
}
