extension LayerExplanation {
  /// The explanation as JSON.
  ///
  /// ```
  /// {"architecture": "…", "cost": "…", "tracedSample": 0, "sampleCost": …, "meanCost": …,
  ///  "layers": [{"number": 1, "layer": "conv 2 3x3", "input": "a⁰", "output": "z¹",
  ///    "inputShape": [1, 6, 6], "outputShape": [2, 4, 4], "jacobian": "sparse",
  ///    "output values": […], "inputGradient": […]}, …],
  ///  "gradients": {"K1": …, "b1": …}, "cost": …, "check": {…gradcheck's report…}}
  /// ```
  /// `gradients` and `cost` form a layered gradient file, so the output can be given to
  /// `gradcheck --gradients`. Non-finite numbers are written as `null`.
  public var json: JSONValue {
    func numbers(_ v: [Double]) -> JSONValue { .array(v.map { $0.isFinite ? .number($0) : .null }) }
    func shape(_ s: TensorShape) -> JSONValue { .array(s.dimensions.map { .number(Double($0)) }) }
    var members: [(String, JSONValue)] = [
      ("architecture", .string(network.architecture.description)),
      ("costFunction", .string(network.cost.name)),
      ("tracedSample", .number(Double(tracedSample))),
      ("sampleCost", .number(sampleCost)),
      (
        "layers",
        .array(
          steps.map { s in
            var m: [(String, JSONValue)] = [
              ("number", .number(Double(s.number))), ("layer", .string(s.layer.spec.description)),
              ("input", .string(s.input.symbol())), ("output", .string(s.output.symbol())),
              ("inputShape", shape(s.layer.inputShape)),
              ("outputShape", shape(s.layer.outputShape)),
              ("jacobian", s.jacobian.map { .string($0.structure.name) } ?? .null),
              ("outputValues", numbers(s.outputValues)),
              ("inputGradient", numbers(s.inputGradient)),
            ]
            if let g = s.outputGradient { m.append(("outputGradient", numbers(g))) }
            return .object(m)
          })
      ),
    ]
    guard case .object(let file) = LayeredGradientFile.json(gradients, cost: meanCost, of: network)
    else { return .object(members) }
    members += file
    if let check { members.append(("check", check.json())) }
    return .object(members)
  }
}
