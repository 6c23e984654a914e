extension LayerExplanation {
  /// The most entries (rows × columns) of a local Jacobian the JSON lists.
  public static let maximumJSONJacobianEntries = 65_536

  /// The explanation as JSON.
  ///
  /// ```
  /// {"architecture": "…", "costFunction": "…", "tracedSample": 0, "sampleCost": …,
  ///  "layers": [{"number": 1, "layer": "conv 2 3x3", "input": "a⁰", "output": "z¹",
  ///    "inputShape": [1, 6, 6], "outputShape": [2, 4, 4], "jacobian": "sparse",
  ///    "jacobianEntries": [[…], …], "outputValues": […], "inputGradient": […],
  ///    "outputGradient": […], "parameterGradients": {"K1": […], "b1": […]}}, …],
  ///  "gradients": {"K1": …, "b1": …}, "cost": …, "check": {…gradcheck's report…},
  ///  "network": {…the network file: architecture, cost, parameters, samples…}}
  /// ```
  /// `gradients` and `cost` form a layered gradient file, so the output can be given to
  /// `gradcheck --gradients`; `network` is a layered network file, for `gradcheck
  /// --network` and `nn-explain --network`. Values and gradients are flat, in storage
  /// order. A max-pool layer adds its `routing` (each window's output, winning input,
  /// the gradient it carries and the inputs tied with it, as [c, y, x]); a recurrent layer
  /// its `forwardSteps` (h_t; the LSTM's gates i, f, g, o and c_t, h_t) and its
  /// `backwardSteps`, last first (∂C/∂h_t, the LSTM's ∂C/∂c_t and f_t, each δ, ∂C/∂x_t).
  /// `jacobianEntries` is left out when the Jacobian has more than
  /// `maximumJSONJacobianEntries` entries. Non-finite numbers are written as `null`.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("architecture", .string(network.architecture.description)),
      ("costFunction", .string(network.cost.name)),
      ("tracedSample", .number(Double(tracedSample))),
      ("sampleCost", .number(sampleCost)),
      ("layers", .array(steps.map(layerJSON))),
    ]
    guard case .object(let file) = LayeredGradientFile.json(gradients, cost: meanCost, of: network)
    else { return .object(members) }
    members += file
    if let check { members.append(("check", check.json())) }
    members.append(("network", LayeredNetworkFile(network: network, samples: samples).json))
    return .object(members)
  }

  /// One layer's part of the JSON.
  private func layerJSON(_ s: Step) -> JSONValue {
    var m: [(String, JSONValue)] = [
      ("number", .number(Double(s.number))), ("layer", .string(s.layer.spec.description)),
      ("input", .string(s.input.symbol())), ("output", .string(s.output.symbol())),
      ("inputShape", Self.shape(s.layer.inputShape)),
      ("outputShape", Self.shape(s.layer.outputShape)),
      ("jacobian", s.jacobian.map { .string($0.structure.name) } ?? .null),
    ]
    if let j = s.jacobian, j.rows * j.columns <= Self.maximumJSONJacobianEntries {
      let matrix = j.matrix
      m.append(
        (
          "jacobianEntries",
          .array(
            (0..<matrix.rows).map { i in Self.numbers((0..<matrix.columns).map { matrix[i, $0] }) })
        ))
    }
    m += [
      ("outputValues", Self.numbers(s.outputValues)),
      ("inputGradient", Self.numbers(s.inputGradient)),
    ]
    if let g = s.outputGradient { m.append(("outputGradient", Self.numbers(g))) }
    if !s.tensors.isEmpty {
      m.append(
        (
          "parameterGradients",
          .object(
            s.tensors.map { t in
              let local = t.offset - network.offsets[s.index]
              return (
                t.name, Self.numbers(Array(s.parameterGradients[local..<(local + t.tensor.count)]))
              )
            })
        ))
    }
    if let pool = s.layer as? MaxPoolLayer, let g = s.outputGradient {
      m.append(("routing", routingJSON(pool, s, g)))
    }
    if let rnn = s.layer as? RNNLayer {
      m.append(
        (
          "forwardSteps",
          .array(
            rnn.states(s.inputValues, s.parameters).enumerated().map { t, h in
              .object([("t", .number(Double(t + 1))), ("h", Self.numbers(h))])
            })
        ))
    }
    if let lstm = s.layer as? LSTMLayer {
      m.append(
        (
          "forwardSteps",
          .array(
            lstm.run(s.inputValues, s.parameters).enumerated().map { t, step in
              .object(
                [("t", .number(Double(t + 1)))]
                  + zip(["i", "f", "g", "o"], step.gates).map { ($0, Self.numbers($1)) }
                  + [("c", Self.numbers(step.c)), ("h", Self.numbers(step.h))])
            })
        ))
    }
    if let g = s.outputGradient, let r = RecurrentBackward(s, outputGradient: g) {
      let lstm = s.layer is LSTMLayer
      m.append(
        (
          "backwardSteps",
          .array(
            r.steps.map { step in
              var members: [(String, JSONValue)] = [
                ("t", .number(Double(step.t))), ("hiddenGradient", Self.numbers(step.hidden)),
              ]
              if lstm {
                members += [
                  ("cellGradient", Self.numbers(step.cell)), ("forget", Self.numbers(step.forget)),
                ]
                members += zip(["deltaI", "deltaF", "deltaG", "deltaO"], step.deltas).map {
                  ($0, Self.numbers($1))
                }
              } else {
                members.append(("delta", Self.numbers(step.deltas[0])))
              }
              members.append(("inputGradient", Self.numbers(step.input)))
              return .object(members)
            })
        ))
    }
    return .object(m)
  }

  /// Each max-pool window's routing: output, winning input, gradient, tied inputs.
  private func routingJSON(_ pool: MaxPoolLayer, _ s: Step, _ g: [Double]) -> JSONValue {
    let (picks, _) = pool.winners(s.inputValues)
    let input = s.layer.inputShape.dimensions
    let output = s.layer.outputShape.dimensions
    func position(_ k: Int, _ d: [Int]) -> JSONValue {
      Self.numbers([k / (d[1] * d[2]), k / d[2] % d[1], k % d[2]].map(Double.init))
    }
    return .array(
      picks.enumerated().map { out, k in
        let tied = pool.windows.window(out).filter {
          $0 != k && s.inputValues[$0] == s.inputValues[k]
        }
        return .object([
          ("output", position(out, output)), ("input", position(k, input)),
          ("gradient", g[out].isFinite ? .number(g[out]) : .null),
          ("ties", .array(tied.map { position($0, input) })),
        ])
      })
  }

  /// Numbers as a JSON array, non-finite ones as `null`.
  private static func numbers(_ v: [Double]) -> JSONValue {
    .array(v.map { $0.isFinite ? .number($0) : .null })
  }

  /// A shape as a JSON array.
  private static func shape(_ s: TensorShape) -> JSONValue {
    .array(s.dimensions.map { .number(Double($0)) })
  }
}
