extension Derivation {
  /// The numbers of the derivation as JSON, every number exact (shortest round-trip form).
  ///
  /// ```
  /// {"layers": […], "activations": […], "cost": "quadratic", "costValue": C,
  ///  "samples": [{"input": […], "target": […], "z": [[…]], "a": [[…]], "deltas": [[…]]}],
  ///  "gradients": {"weights": …, "biases": …, "cost": C}}
  /// ```
  /// `z`, `a` and `deltas` are indexed by layer: `a[0]` is the input, `z[0]` and
  /// `deltas[0]` are empty. `costValue` and `gradients` are the mean over all samples, and
  /// `gradients` is exactly a gradient file (`GradientFile.json`), so it can be given to
  /// `gradcheck --gradients`.
  public var json: JSONValue {
    let d = data
    let samples: [JSONValue] = d.samples.indices.map { s in
      .object([
        ("input", GradientFile.numbersJSON(d.samples[s].input)),
        ("target", GradientFile.numbersJSON(d.samples[s].target)),
        ("z", .array(d.forward[s].z.map(GradientFile.numbersJSON))),
        ("a", .array(d.forward[s].a.map(GradientFile.numbersJSON))),
        ("deltas", .array(d.backward[s].delta.map(GradientFile.numbersJSON))),
      ])
    }
    return .object([
      ("layers", .array(d.network.sizes.map { .number(Double($0)) })),
      ("activations", .array(d.network.activations.map { .string($0.name) })),
      ("cost", .string(d.network.cost.name)),
      ("costValue", .number(d.gradients.cost ?? d.network.cost(over: d.samples))),
      ("samples", .array(samples)),
      ("gradients", GradientFile.json(d.gradients)),
    ])
  }
}
