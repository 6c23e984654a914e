/// Builds the sections of a derivation, one file per section under `Sections/`.
///
/// Internal: the document is the public result.
///
/// It holds the passes of every sample (computed once, by the library) and what the
/// sections share: the traced sample, the symbols, how matrices are displayed.
struct DerivationBuilder {
  /// The network.
  let network: Network
  /// All samples.
  let samples: [Sample]
  /// What to show.
  let options: ExplainOptions
  /// How numbers print.
  let numberFormat: NumberFormat
  /// The index of the sample traced numerically.
  let tracedSample: Int
  /// The forward trace of every sample.
  let forward: [ForwardTrace]
  /// The backward trace of every sample.
  let backward: [BackwardTrace]
  /// The gradients of the mean cost.
  let gradients: Gradients
  /// Whether matrices are summarized because a layer is larger than `summarizeAbove`.
  let summarizesMatrices: Bool
  /// Whether every parameter is listed in index form.
  let listsEveryParameter: Bool
  /// The symbols, spelled the same in every section.
  let symbols: DerivationSymbols
  /// The backward pass with `options.mistake` built in, when one is set.
  let mistaken: MistakenBackprop?

  /// Runs the forward and backward passes of every sample.
  /// - Complexity: O(m · P) for m samples and P parameters.
  init(network: Network, samples: [Sample], options: ExplainOptions) {
    self.network = network
    self.samples = samples
    self.options = options
    numberFormat = options.numberFormat
    tracedSample = options.tracedSample
    var forward: [ForwardTrace] = []
    var backward: [BackwardTrace] = []
    for sample in samples {
      let trace = network.forward(sample.input)
      forward.append(trace)
      backward.append(network.backward(trace, target: sample.target))
    }
    self.forward = forward
    self.backward = backward
    gradients = network.gradients(over: samples)
    summarizesMatrices = (network.sizes.max() ?? 0) > options.summarizeAbove
    listsEveryParameter = network.parameterCount <= options.listParametersUpTo
    symbols = DerivationSymbols(network: network, format: options.numberFormat)
    mistaken = options.mistake.flatMap {
      MistakenBackprop($0, network: network, samples: samples, forward: forward)
    }
  }

  /// L, the output layer.
  var outputLayer: Int { network.depth }
  /// The forward trace of the traced sample.
  var trace: ForwardTrace { forward[tracedSample] }
  /// The backward trace of the traced sample.
  var backTrace: BackwardTrace { backward[tracedSample] }
  /// The traced sample.
  var sample: Sample { samples[tracedSample] }
  /// The layers shown: the one of `options.layer`, else all.
  var layers: [Int] { options.layer.map { [$0] } ?? Array(1...outputLayer) }

  // MARK: Blocks

  /// Prose in a paragraph.
  func prose(_ s: String) -> DerivationInline { .text(s) }
  /// A formula in a paragraph.
  func math(_ x: MathText) -> DerivationInline { .math(x) }
  /// `v` as a column matrix.
  func column(_ v: [Double]) -> Matrix { Matrix(column: v) }
  /// `v` as a row matrix.
  func row(_ v: [Double]) -> Matrix { Matrix(rows: 1, columns: v.count, storage: v) }

  /// A display `label = [matrix]`, or several side by side.
  func display(_ items: [DerivationMatrixItem]) -> DerivationBlock {
    .matrices(DerivationMatrices(items, summarized: summarizesMatrices))
  }

  /// `label = [matrix]`.
  func labeled(_ label: MathText, _ matrix: Matrix) -> DerivationBlock {
    display([.math(label + .equals), .matrix(matrix)])
  }

  // MARK: Numbers of the traced sample

  /// The library's local Jacobian ∂aˡ/∂zˡ of the traced sample: diagonal f′(zˡ) for an
  /// element-wise activation, `diag(a) − a aᵀ` (its diagonal computed without cancellation)
  /// for softmax, so that products of its entries agree with δ.
  func activationJacobian(_ l: Int) -> Jacobian {
    network.activation(l).jacobian(layer: l, z: trace.z[l], a: trace.a[l])
  }

  /// f′(zˡ) of the traced sample as a column (element-wise activations only).
  func fPrimeColumn(_ l: Int) -> Matrix {
    column(trace.z[l].map(network.activation(l).derivative))
  }

  /// The library's chain of Jacobians for δˡ of the traced sample.
  func chainRule(_ l: Int) -> ChainRule {
    network.chainRule(forDeltaOf: l, trace: trace, target: sample.target)
  }

  // MARK: Document

  /// The whole document: the sections in order, the check and the title.
  func build() -> Derivation {
    var sections: [DerivationSection] = []
    func add(_ title: String, _ blocks: [DerivationBlock], math: MathText? = nil) {
      sections.append(
        DerivationSection(number: sections.count + 1, title: title, titleMath: math, blocks: blocks)
      )
    }
    add("Network", networkSection())
    add("Notation", notationSection())
    let check = runCheck()
    if let p = options.parameter {
      add("Forward pass", forwardSection(layers: Array(1...outputLayer)))
      add("Cost", costSection())
      add("Paths from the cost to ", parameterSection(p), math: symbols.parameter(p))
    } else {
      add("Forward pass", forwardSection(layers: layers))
      add("Cost", costSection())
      add("Backward pass", backwardSection())
      add("Gradients", gradientSection())
    }
    let step = options.update.map {
      UpdateStep(
        network: network, samples: samples, learningRate: $0.learningRate, order: $0.order,
        freezeBiases: $0.freezeBiases)
    }
    if let step { add("Update", updateSection(step)) }
    if let mistaken {
      let name = mistaken.mistake.rawValue
      add(
        "The mistake ", mistakeSection(mistaken),
        math: MathText(name, ascii: name, latex: "\\text{\\texttt{" + name + "}}"))
    }
    add("Check", checkSection(check))
    var data = DerivationData(
      network: network, samples: samples, tracedSample: tracedSample, forward: forward,
      backward: backward, gradients: gradients, check: check, update: step.map(shownStep))
    data.mistake = mistaken.map { ($0.mistake, $0.gradients, $0.backward) }
    var suffix = ""
    if let l = options.layer { suffix += ", layer \(l)" }
    var title = Self.title(sizes: network.sizes, suffix: suffix)
    var titleMath: MathText?
    if let p = options.parameter {
      let name = p.name(.ascii)
      title = String(
        Self.title(sizes: network.sizes, suffix: suffix + ", parameter " + name)
          .dropLast(name.count))
      titleMath = symbols.parameter(p)
    }
    return Derivation(
      title: title, titleMath: titleMath, sections: sections, data: data,
      numberFormat: numberFormat)
  }

  /// The widest title, so that the title and its rule fit 80 columns.
  static let titleWidth = 80

  /// "Backpropagation through a 2,3,2 network" + `suffix`; when that is wider than
  /// `titleWidth`, the sizes are abbreviated to the first few and the last with the count,
  /// as in "a 1,1,1,...,1 network (32 layer sizes)".
  static func title(sizes: [Int], suffix: String) -> String {
    let all = sizes.map(String.init)
    let full = "Backpropagation through a \(all.joined(separator: ",")) network" + suffix
    if full.count <= titleWidth { return full }
    var best = ""
    for keep in 1..<max(2, all.count - 1) {
      let shown = all.prefix(keep).joined(separator: ",") + ",...," + (all.last ?? "")
      let candidate =
        "Backpropagation through a \(shown) network (\(all.count) layer sizes)" + suffix
      if candidate.count > titleWidth { break }
      best = candidate
    }
    if best.isEmpty {
      best = "Backpropagation through a network of \(all.count) layer sizes" + suffix
    }
    return best
  }
}
