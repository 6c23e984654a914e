extension Network {
  /// Runs one input through the network with `parameters` in place of its own, by plain loops
  /// (no traces, no matrices), so that the checks share no code with backprop.
  ///
  /// z^l_j = b^l_j + Σ_k W^l_jk a^(l−1)_k, summed in order of k, then a^l = f_l(z^l).
  /// - Parameters:
  ///   - input: a⁰, with n_0 entries.
  ///   - parameters: The weights and biases to use.
  ///   - visit: Called with (l, z^l) for each layer l = 1…L, before f_l is applied.
  /// - Returns: z^L and a^L.
  /// - Precondition: `input` and `parameters` have the network's shapes.
  /// - Complexity: O(Σ n_l n_(l−1)).
  func plainForward<T: NetworkScalar>(
    _ input: [Double], parameters: Parameters<T>, visit: (Int, [T]) -> Void = { _, _ in }
  ) -> (z: [T], a: [T]) {
    var a = input.map(T.init)
    var z: [T] = []
    for l in 1...depth {
      let rows = sizes[l]
      let columns = sizes[l - 1]
      let w = parameters.weights[l - 1]
      z = parameters.biases[l - 1]
      for j in 0..<rows {
        var sum = z[j]
        for k in 0..<columns { sum = sum + w[j * columns + k] * a[k] }
        z[j] = sum
      }
      visit(l, z)
      a = activations[l - 1].apply(z)
    }
    return (z, a)
  }
}
