/// What `nn-explain --arch` explains for a layered network.
///
/// For one traced sample: each layer's input and output, local Jacobian, incoming and outgoing gradients and parameter
/// gradients; the cost; the mean gradients over all samples; and the finite-difference
/// check. Renderers (`text`, `markdown`, `json`) write it.
public struct LayerExplanation: Sendable {
  /// One layer's part of the trace.
  public struct Step: Sendable {
    /// The layer's position k (0-based).
    public var index: Int
    /// Its number l.
    public var number: Int
    /// The layer.
    public var layer: any Layer
    /// What it reads and writes such as a⁰ and z¹.
    public var input: Quantity, output: Quantity
    /// Its input and output values for the traced sample.
    public var inputValues: [Double], outputValues: [Double]
    /// Its parameters.
    public var parameters: [Double]
    /// Its tensors, with their names.
    public var tensors: [TensorSlot]
    /// ∂output/∂input at the traced sample; `nil` when it would have more than
    /// `LayerExplanation.maximumJacobianEntries` entries.
    public var jacobian: Jacobian?
    /// ∂C/∂output and ∂C/∂input for the traced sample (`nil` for the last layer of a fused
    /// pair, whose δ the cost gives directly).
    public var outputGradient: [Double]?, inputGradient: [Double]
    /// ∂C/∂(its parameters) for the traced sample.
    public var parameterGradients: [Double]
  }

  /// The most entries (rows × columns) a local Jacobian is formed with.
  public static let maximumJacobianEntries = 1_000_000

  /// The network.
  public var network: LayeredNetwork
  /// The samples.
  public var samples: [Sample]
  /// The traced sample's index.
  public var tracedSample: Int
  /// The layers' parts, in forward order.
  public var steps: [Step]
  /// The traced sample's cost.
  public var sampleCost: Double
  /// The mean cost over the samples.
  public var meanCost: Double
  /// The fused activation at the output (softmax with CCE, sigmoid with CE), if any.
  public var fused: Activation?
  /// ∂C/∂θ of the mean cost, flat.
  public var gradients: [Double]
  /// The central-difference check (every entry, or `entriesPerTensor` of each).
  public var check: LayerCheckReport?

  /// Traces sample `traced` and checks the gradients.
  /// - Parameters:
  ///   - network: The network.
  ///   - samples: Its samples.
  ///   - traced: The sample to trace.
  ///   - entriesPerTensor: Check only this many entries of each tensor (`nil`: all).
  ///   - seed: The seed of the sampled entries.
  public init(
    network: LayeredNetwork, samples: [Sample], traced: Int, entriesPerTensor: Int? = nil,
    seed: UInt64 = 0
  ) {
    self.network = network
    self.samples = samples
    tracedSample = traced
    let sample = samples[traced]
    let values = network.trace(sample.input)
    fused = network.fusedActivation
    var kinks = KinkRecord()
    sampleCost = network.cost(parameters: network.parameters, sample: sample, kinks: &kinks)
    meanCost = network.cost(over: samples)
    gradients = network.gradients(over: samples)
    var last = network.layers.count - 1
    var g: [Double]
    var outputGradients = [[Double]?](repeating: nil, count: network.layers.count)
    var inputGradients = [[Double]](repeating: [], count: network.layers.count)
    var parameterGradients = [[Double]](repeating: [], count: network.layers.count)
    if let f = fused,
      let delta = network.cost.fusedOutputDelta(
        z: values[last], a: values[last + 1], target: sample.target, outputActivation: f)
    {
      g = delta
      inputGradients[last] = delta
      last -= 1
    } else {
      g = network.cost.gradient(values[last + 1], target: sample.target)
    }
    for k in stride(from: last, through: 0, by: -1) {
      outputGradients[k] = g
      let vjp = network.layers[k].backward(
        values[k], parameters: network.slice(network.parameters, layer: k), outputGradient: g)
      inputGradients[k] = vjp.input
      parameterGradients[k] = vjp.parameters
      g = vjp.input
    }
    let slots = network.tensorSlots
    steps = network.layers.indices.map { k in
      Step(
        index: k, number: network.numbers[k], layer: network.layers[k],
        input: network.inputQuantity(of: k), output: network.outputQuantity(of: k),
        inputValues: values[k], outputValues: values[k + 1],
        parameters: network.slice(network.parameters, layer: k),
        tensors: slots.filter { $0.layerIndex == k },
        jacobian: network.layers[k].inputShape.count * network.layers[k].outputShape.count
          <= Self.maximumJacobianEntries ? network.jacobian(layer: k, at: values[k]) : nil,
        outputGradient: outputGradients[k], inputGradient: inputGradients[k],
        parameterGradients: parameterGradients[k])
    }
    check = try? LayeredGradientCheck.run(
      network: network, samples: samples, analytic: gradients,
      options: GradientCheckOptions(entriesPerBlock: entriesPerTensor, seed: seed))
  }
}
