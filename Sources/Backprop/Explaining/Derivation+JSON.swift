extension Derivation {
  /// The numbers of the derivation as JSON, every number exact (shortest round-trip form).
  ///
  /// ```
  /// {"layers": […], "activations": […], "cost": "quadratic", "costValue": C,
  ///  "samples": [{"input": […], "target": […], "z": [[…]], "a": [[…]], "deltas": [[…]]}],
  ///  "gradients": {"weights": …, "biases": …, "cost": C},
  ///  "network": {"layers": …, "activations": …, "cost": …, "weights": …, "biases": …,
  ///              "samples": …}}
  /// ```
  /// `z`, `a` and `deltas` are indexed by layer: `a[0]` is the input, `z[0]` and
  /// `deltas[0]` are empty. `costValue` and `gradients` are the mean over all samples, and
  /// `gradients` is exactly a gradient file (`GradientFile.json`), so it can be given to
  /// `gradcheck --gradients`. `network` is exactly a network file (`NetworkFile.json`):
  /// the weights and biases of a `--layers` network with its samples, so that the network
  /// can be rebuilt elsewhere (NumPy, PyTorch) or given back to `--network`. With an update
  /// (`ExplainOptions.update`), an `update` member holds the step and the parameters and
  /// cost after it (with a mistake, the mistaken program's step); with a mistake (`ExplainOptions.mistake`), `mistake` holds its name and
  /// the mistaken gradients as a gradient file (`{"name": …, "gradients": {…}}`).
  ///
  /// `check` is the central-difference check of the trace (of the mistaken gradients with a
  /// mistake) as gradcheck's JSON report writes it (`CheckReport.json`, with every compared
  /// entry and, when it fails with a mistake, gradcheck's diagnosis).
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
    var members: [(String, JSONValue)] = [
      ("layers", .array(d.network.sizes.map { .number(Double($0)) })),
      ("activations", .array(d.network.activations.map { .string($0.name) })),
      ("cost", .string(d.network.cost.name)),
      ("costValue", .number(d.gradients.cost ?? d.network.cost(over: d.samples))),
      ("samples", .array(samples)),
      ("gradients", GradientFile.json(d.gradients)),
      ("network", NetworkFile(network: d.network, samples: d.samples).json),
    ]
    if let step = d.update { members.append(("update", Self.json(step))) }
    members.append(("check", d.check.report.json(verbose: true, spelling: d.check.spelling)))
    if let m = d.mistake {
      members.append(
        (
          "mistake",
          .object([
            ("name", .string(m.name.rawValue)), ("gradients", GradientFile.json(m.gradients)),
          ])
        ))
    }
    return .object(members)
  }

  /// The `update` member: the step's `learningRate`, `updateOrder` and `freezeBiases`, and
  /// the `weights`, `biases` and mean `cost` after it.
  static func json(_ step: UpdateStep) -> JSONValue {
    .object([
      ("learningRate", .number(step.learningRate)),
      ("updateOrder", .string(step.order.rawValue)),
      ("freezeBiases", .bool(step.freezeBiases)),
      ("weights", GradientFile.matricesJSON(step.after.weights)),
      ("biases", .array(step.after.biases.map(GradientFile.numbersJSON))),
      ("cost", .number(step.costAfter)),
    ])
  }
}
