/// What a forward pass records for one sample: every z^l and a^l.
///
/// Indices are layer numbers: `a[0]` is the input x = a⁰, `a[l]` and `z[l]` belong to
/// layer l. There is no z⁰, so `z[0]` is empty.
public struct ForwardTrace: Equatable, Sendable {
  /// `z[l]` = z^l = W^l a^(l−1) + b^l for 1 ≤ l ≤ L; `z[0]` is empty.
  public var z: [[Double]]
  /// `a[l]` = a^l = f_l(z^l); `a[0]` is the input.
  public var a: [[Double]]

  /// The output a^L.
  public var output: [Double] { a[a.count - 1] }
}

extension Network {
  /// Runs the network on `input`, recording z^l and a^l.
  /// - Precondition: `input.count == sizes[0]`.
  /// - Complexity: O(Σ n_l n_(l−1)).
  public func forward(_ input: [Double]) -> ForwardTrace {
    precondition(input.count == sizes[0], "input has \(input.count) entries, expected \(sizes[0])")
    var z: [[Double]] = [[]]
    var a: [[Double]] = [input]
    for l in 1...depth {
      // z^l = W^l a^(l−1) + b^l
      var zl = weights[l - 1].multiplied(by: a[l - 1])
      for j in 0..<zl.count { zl[j] += biases[l - 1][j] }
      z.append(zl)
      // a^l = f(z^l)
      a.append(activations[l - 1].apply(zl))
    }
    return ForwardTrace(z: z, a: a)
  }

  /// The cost of one sample.
  public func cost(of sample: Sample) -> Double {
    let trace = forward(sample.input)
    return cost.value(
      z: trace.z[depth], a: trace.output, outputActivation: activations[depth - 1],
      target: sample.target)
  }

  /// The mean cost over `samples`, (1/m) Σ C(x_s, y_s).
  /// - Complexity: O(m · Σ n_l n_(l−1)).
  public func cost(over samples: [Sample]) -> Double {
    precondition(!samples.isEmpty, "the cost needs at least one sample")
    var total = 0.0
    for s in samples { total += cost(of: s) }
    return total / Double(samples.count)
  }
}

/// The weights and biases of a network in a scalar type of choice, each layer's weight
/// matrix flattened row by row: the input of the generic forward pass.
public struct Parameters<Scalar: NetworkScalar>: Sendable {
  /// `weights[l - 1]` is W^l, row-major, n_l · n_(l−1) entries.
  public var weights: [[Scalar]]
  /// `biases[l - 1]` is b^l.
  public var biases: [[Scalar]]

  /// Converts a network's parameters.
  public init(_ network: Network) {
    weights = network.weights.map { $0.storage.map(Scalar.init) }
    biases = network.biases.map { $0.map(Scalar.init) }
  }

  /// Reads or writes the parameter at `index`.
  public subscript(index: ParameterIndex) -> Scalar {
    get {
      switch index.kind {
      case .weight(let j, let k): return weights[index.layer - 1][j * index.columns + k]
      case .bias(let j): return biases[index.layer - 1][j]
      }
    }
    set {
      switch index.kind {
      case .weight(let j, let k): weights[index.layer - 1][j * index.columns + k] = newValue
      case .bias(let j): biases[index.layer - 1][j] = newValue
      }
    }
  }
}

extension Network {
  /// The mean cost over `samples` with `parameters` in place of the network's own, in any
  /// scalar type: `Double`, `Float`, or `Complex` for the complex-step derivative.
  ///
  /// This runs the checks' plain forward loop (`plainForward`, no traces, no matrices), so
  /// that the checks do not share code with backprop.
  /// - Complexity: O(m · Σ n_l n_(l−1)).
  public func cost<T: NetworkScalar>(with parameters: Parameters<T>, over samples: [Sample]) -> T {
    var total = T(0)
    for sample in samples {
      let (z, a) = plainForward(sample.input, parameters: parameters)
      total =
        total
        + cost.value(z: z, a: a, outputActivation: activations[depth - 1], target: sample.target)
    }
    return total / T(Double(samples.count))
  }
}
