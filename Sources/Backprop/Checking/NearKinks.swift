/// The relu and leaky-relu units whose pre-activation lies within float rounding of the kink
/// for some sample: |z| ≤ 1e-5 · (|b| + Σ_k |W_jk a_k|), computed in double.
struct NearKinks {
  /// `unit[l][j]`: unit j of layer l (index l, 1…L) is near its kink for some sample.
  private var unit: [[Bool]]
  /// `laterLayer[l]`: some unit of a layer above l is near its kink.
  private var laterLayer: [Bool]

  /// Finds the units near their kinks.
  /// - Complexity: O(m · Σ n_l n_(l−1)).
  init(network: Network, samples: [Sample]) {
    let sizes = network.sizes
    var unit = sizes.map { [Bool](repeating: false, count: $0) }
    for sample in samples {
      var a = sample.input
      for l in 1...network.depth {
        let w = network.weights[l - 1]
        let kinked = !network.activations[l - 1].kinks.isEmpty
        var z = network.biases[l - 1]
        for j in 0..<sizes[l] {
          var sum = z[j]
          var magnitude = abs(z[j])
          for k in 0..<sizes[l - 1] {
            let term = w[j, k] * a[k]
            sum += term
            magnitude += abs(term)
          }
          z[j] = sum
          if kinked && abs(sum) <= 1e-5 * magnitude { unit[l][j] = true }
        }
        a = network.activations[l - 1].apply(z)
      }
    }
    var later = [Bool](repeating: false, count: sizes.count)
    if sizes.count >= 2 {
      for l in stride(from: sizes.count - 2, through: 0, by: -1) {
        later[l] = later[l + 1] || unit[l + 1].contains(true)
      }
    }
    self.unit = unit
    laterLayer = later
  }

  /// Whether perturbing `index` moves a unit near its kink.
  func affects(_ index: ParameterIndex) -> Bool {
    let row: Int
    switch index.kind {
    case .weight(let j, _): row = j
    case .bias(let j): row = j
    }
    return laterLayer[index.layer] || unit[index.layer][row]
  }
}
