extension Derivation {
  /// Builds the derivation of backpropagation for `network` on `samples`.
  ///
  /// Every number comes from the library: `forward(_:)`, `backward(_:target:)`,
  /// `chainRule(forDeltaOf:trace:target:)` and its `prefixValues()`, `weightGradients`,
  /// `gradients(over:)`, `Cost.gradient`, `Cost.fusedOutputDelta(z:a:target:outputActivation:)`
  /// and the local Jacobians `Activation.jacobian(layer:z:a:)` (whose entries are the factors
  /// of the index form and of the paths); the check uses the Checking library's
  /// `GradientCheck.check` (central differences of the cost, gradcheck's tolerance rule and
  /// kink detection). The only arithmetic done here is what the text shows being done with
  /// those numbers: the product along each path and the sum over the paths, Σᵢ yᵢ, and the
  /// largest difference between the general chain and the fused output error.
  /// - Throws: `NetworkError` when the samples do not fit or an option is out of range.
  /// - Complexity: O(m · P) for the passes (P parameters, m samples), plus 2 · c cost
  ///   evaluations for c checked parameters.
  public static func explain(
    _ network: Network, samples: [Sample], options: ExplainOptions = ExplainOptions()
  ) throws(NetworkError) -> Derivation {
    guard !samples.isEmpty else {
      throw NetworkError(field: "samples", message: "expected at least one sample, found none")
    }
    for (s, sample) in samples.enumerated() {
      try network.validate(sample, field: "samples[\(s)]")
    }
    guard (0..<samples.count).contains(options.tracedSample) else {
      throw NetworkError(
        field: "--sample",
        message: "expected a sample from 0 to \(samples.count - 1), found \(options.tracedSample)")
    }
    if let l = options.layer, !(1...network.depth).contains(l) {
      throw NetworkError(
        field: "--layer", message: "expected a layer from 1 to \(network.depth), found \(l)")
    }
    let builder = DerivationBuilder(network: network, samples: samples, options: options)
    return builder.build()
  }
}
