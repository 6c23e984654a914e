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
  /// - Throws: `ExplainError` when there are no samples, a sample does not fit the network,
  ///   or the traced sample, layer or parameter of `options` is out of range, or the
  ///   mistake of `options` cannot happen in this network or changes no error and no
  ///   gradient of these samples.
  /// - Complexity: O(m · P) for the passes (P parameters, m samples), plus 2 · c cost
  ///   evaluations for c checked parameters.
  public static func explain(
    _ network: Network, samples: [Sample], options: ExplainOptions = ExplainOptions()
  ) throws(ExplainError) -> Derivation {
    guard !samples.isEmpty else { throw .noSamples }
    for (s, sample) in samples.enumerated() {
      do {
        try network.validate(sample, field: "samples[\(s)]")
      } catch {
        throw .invalidSample(error)
      }
    }
    try validateTracedSample(options.tracedSample, count: samples.count)
    if let l = options.layer { try validateLayer(l, of: network) }
    if let p = options.parameter { try validateParameter(p, of: network) }
    if let m = options.mistake, let why = m.obstacle(in: network, sampleCount: samples.count) {
      throw .mistakeImpossible(m, why)
    }
    let builder = DerivationBuilder(network: network, samples: samples, options: options)
    if let m = builder.mistaken,
      let why = m.unchangedReason(
        network: network, forward: builder.forward, rightErrors: builder.backward,
        rightGradients: builder.gradients)
    {
      throw .mistakeImpossible(m.mistake, why)
    }
    return builder.build()
  }
}
