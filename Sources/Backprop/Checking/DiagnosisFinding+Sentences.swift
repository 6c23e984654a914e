/// How a report names the ways to ask for a finite-difference setting.
///
/// The library words them (`.words`); a command passes its own spelling, such as its flags.
public struct CheckSettingSpelling: Sendable {
  /// How to ask for a method, for example `the complex-step method`.
  public var method: @Sendable (FiniteDifferenceMethod) -> String
  /// How to ask for a check with a number of samples, for example `3 samples`.
  public var sampleCount: @Sendable (Int) -> String

  /// How to ask for the default step, for example `the default step`.
  public var defaultStep: String

  /// Creates a spelling; `sampleCount` defaults to words (`3 samples`).
  public init(
    method: @escaping @Sendable (FiniteDifferenceMethod) -> String, defaultStep: String,
    sampleCount: @escaping @Sendable (Int) -> String = { "\($0) samples" }
  ) {
    self.method = method
    self.defaultStep = defaultStep
    self.sampleCount = sampleCount
  }

  /// Plain words, for reports outside a command line.
  public static let words = CheckSettingSpelling(
    method: { "the \($0.name) method" }, defaultStep: "the default step")
}

extension DiagnosisFinding {
  /// The finding as a sentence or two a student understands, pointing at the layer and entry,
  /// with symbols spelled in `notation` (`∂C/∂aᴸ` or `dC/da^L`).
  public func message(notation: Notation = .unicode, spelling: CheckSettingSpelling = .words)
    -> String
  {
    let text = unicodeMessage(spelling: spelling)
    return notation == .unicode ? text : DiagnosisFinding.ascii(text)
  }

  /// The finding's sentences in Unicode.
  private func unicodeMessage(spelling: CheckSettingSpelling) -> String {
    let example = DiagnosisFinding.sentence(self.example)
    switch detail {
    case .nothingJudged:
      return "Every compared entry crossed a kink, so nothing could be judged."
    case .allZero:
      return
        "Every gradient is exactly zero: they were probably never computed or never "
        + "written to the file (an accumulator left at its initial value?). " + example
    case .finiteDifferencesInaccurate(let advice):
      return
        "The gradients agree with backpropagation computed here, so the finite "
        + "differences are inaccurate: the step is too small (rounding) or too large "
        + "(truncation), or the precision is too low. "
        + DiagnosisFinding.sentence(advice, spelling: spelling) + " \(example)"
    case .sign:
      return
        "Every gradient has the wrong sign: yours are the negatives of the right ones. "
        + "Check ∂C/∂aᴸ (it is a − y for the quadratic cost, not y − a) and that the "
        + "update subtracts the gradient. \(example)"
    case .sumInsteadOfMean(let c, let samples, let constant):
      let factor = NumberFormat.factor(c)
      return
        "Every gradient is \(factor) times too large, and \(samples) is also m, the number "
        + "of samples, so two mistakes fit: the gradients summed over the samples instead of "
        + "averaged (divide by m = \(samples)), or the same factor \(factor) from elsewhere, "
        + "a missing or extra constant such as \(DiagnosisFinding.phrase(constant)). "
        + "With m = \(samples) the two cannot "
        + "be told apart: check again with \(spelling.sampleCount(samples + 1)), where a sum "
        + "gives the factor \(samples + 1) and a constant stays \(factor). " + example
    case .scaleAlternative(let c, let constant):
      return
        "Or a constant factor \(NumberFormat.factor(c)) unrelated to the samples, "
        + "such as \(DiagnosisFinding.phrase(constant))."
    case .scale(let c, let name, let constant):
      return
        "Every gradient is off by the same factor \(DiagnosisFinding.phrase(name)): "
        + "yours = \(NumberFormat.factor(c)) × the right one. Look for a missing or "
        + "extra constant, such as \(DiagnosisFinding.phrase(constant)). \(example)"
    case .backpropMistake(let mistake, let network):
      return DiagnosisFinding.sentence(mistake, network: network, example: example)
    case .blockScale(let blocks):
      let list = blocks.map {
        "\(DiagnosisFinding.name($0.block)) by \(DiagnosisFinding.phrase($0.name))"
      }
      return
        "Whole blocks are off by a constant factor while the rest agree: "
        + list.joined(separator: ", ") + ". Look for a constant applied to just "
        + (blocks.count == 1 ? "that layer's" : "those layers'")
        + " gradient, such as a learning rate or an extra ½. \(example)"
    case .isolatedEntries(let wrong, let judged):
      let cited = DiagnosisThreshold.citedEntries
      let names = wrong.prefix(cited).map(\.description).joined(separator: ", ")
      let more = wrong.count > cited ? ", …" : ""
      return
        "Only \(wrong.count) of \(judged) entries "
        + (wrong.count == 1 ? "is" : "are") + " wrong (\(names)\(more)); "
        + "the rest agree. Look for an indexing slip or a typo that touches just those "
        + "entries. \(example)"
    case .bias(let layers, let ratio):
      let names = layers.map { Notation.unicode.superscript("b", $0) }
      let ratioNote = ratio.map {
        $0 == 0 ? ", each left at zero" : ", each \(NumberFormat.factor($0)) times the right value"
      }
      return
        "The bias gradients are wrong (\(names.joined(separator: ", "))\(ratioNote ?? "")) "
        + "while the weight gradients of the same layers are right. "
        + "∂C/∂bˡ is δˡ itself, averaged over the samples. \(example)"
    case .unexplained(let pattern):
      return DiagnosisFinding.sentence(pattern) + " " + example
    }
  }

  /// A sentence about the cited entry, or empty.
  private static func sentence(_ example: DiagnosisExample) -> String {
    switch example {
    case .none: return ""
    case .worstFailure(let index, let analytic, let numeric):
      return
        "Worst entry \(index): analytic \(NumberFormat.scientific(analytic)), "
        + "numeric \(NumberFormat.scientific(numeric))."
    case .farthest(let index, let given, let right):
      return
        "Farthest entry \(index): yours \(NumberFormat.scientific(given)), backprop "
        + "\(NumberFormat.scientific(right))."
    }
  }

  /// What to try when correct gradients fail the finite differences.
  private static func sentence(_ advice: FiniteDifferenceAdvice, spelling: CheckSettingSpelling)
    -> String
  {
    switch advice {
    case .useMethod(let suggested):
      return
        "The step is already the default in double precision, so the cost is probably large "
        + "or a unit saturated (rounding in C(θ ± h) swamps the difference): try "
        + "\(spelling.method(suggested.method)), which has no cancellation."
    case .checkForOverflow:
      return "Check the network for overflow (infinite or huge costs)."
    case .useDefaultStepOrMethod(let suggested):
      return
        "Try \(spelling.defaultStep) in double precision, or "
        + "\(spelling.method(suggested.method))."
    }
  }

  /// The sentences of a structural backprop mistake, for the network at hand.
  private static func sentence(
    _ mistake: BackpropMistake, network: NetworkFacts, example: String
  ) -> String {
    let n = Notation.unicode
    let (delta, a, z) = (
      n.superscript("δ", network.depth), n.superscript("a", network.depth),
      n.superscript("z", network.depth)
    )
    switch mistake {
    case .missingOutputDerivative:
      if let jacobian = network.output.function.denseJacobian(at: MathText(a)) {
        return
          "The output error \(delta) leaves out the derivative of the output activation: it "
          + "should be ∂C/∂\(a) times \(network.output.name)'s Jacobian, (\(jacobian.unicode)) "
          + "∂C/∂\(a), not ∂C/∂\(a) alone. \(example)"
      }
      return
        "The output error \(delta) leaves out the derivative of the output activation: it "
        + "should be ∂C/∂\(a) ⊙ f′(\(z)) (\(network.output.name) here), not ∂C/∂\(a) alone. "
        + example
    case .derivativeOfActivation:
      return
        "f′ is applied to the activations aˡ instead of the weighted inputs zˡ. "
        + derivativeNotes(network.activations).map { $0 + " " }.joined() + example
    case .previousActivation:
      return
        "∂C/∂Wˡ is built from the layer's own activations aˡ; it should use the previous "
        + "layer's: ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ. \(example)"
    case .transpose:
      return
        "The δ recursion uses Wˡ⁺¹ where its transpose belongs: δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ "
        + "f′(zˡ). The last layer is right; the layers below it are wrong. \(example)"
    }
  }

  /// For each distinct activation whose derivative differs when taken at a instead of z, the
  /// derivative written in terms of z and of a, in network order, from the activation's own
  /// typed facts (`ActivationFunction.derivativeAtActivation`).
  static func derivativeNotes(_ activations: [Activation]) -> [String] {
    var seen = Set<Activation>()
    var notes: [String] = []
    for act in activations where seen.insert(act).inserted {
      let function = act.function
      guard let fact = function.derivativeAtActivation else { continue }
      notes.append(derivativeNote(fact, symbol: function.symbol.unicode, kind: act))
    }
    return notes
  }

  /// One sentence of `derivativeNotes`, from an activation's typed facts.
  private static func derivativeNote(
    _ fact: DerivativeAtActivation, symbol f: String, kind: Activation
  ) -> String {
    func effect(_ e: DerivativeAtActivation.Effect) -> String {
      switch e {
      case .appliesTwice: return "applies \(f) twice."
      case .gives(let other): return "gives \(other.unicode) instead."
      }
    }
    let name = kind.function.nameInProse
    switch fact {
    case .elementwise(let inZ, let inA, let region, let elsewhere, let e):
      return "For \(name), \(f)′(z) = \(inZ.unicode) = \(inA.unicode)"
        + (region.map { " for \($0.unicode)" } ?? "")
        + (elsewhere.map { " (\($0.unicode) above)" } ?? "")
        + "; computing \(f)′(a) " + effect(e)
    case .jacobian(let inA, let e):
      return "For \(name), the Jacobian is \(inA.unicode) with a = \(f)(z); taking it at "
        + "\(f)(a) " + effect(e)
    }
  }

  /// The blocks with wrong entries and where the mistake must be.
  private static func sentence(_ pattern: UnexplainedPattern) -> String {
    let parts = pattern.blocks.map { b in
      let ratio = b.ratio.map { ", ratio ≈ \(NumberFormat.factor($0))" } ?? ""
      return "\(name(b.block)) \(b.wrong) of \(b.judged)\(ratio)"
    }
    var text =
      "No single classic mistake explains the differences. Wrong: "
      + parts.joined(separator: "; ") + "."
    if let l = pattern.firstWrongLayer, l > 1 {
      text +=
        " Layers below \(l) are right, so the mistake is in layer \(l) or in the δ passed down "
        + "from it."
    } else if pattern.onlyFirstLayerWrong {
      text += " Only layer 1 is wrong: look at how δ¹ is computed from δ²."
    }
    return text
  }

  /// The constant a scale mistake most likely lost or added.
  private static func phrase(_ constant: LostConstant) -> String {
    switch constant {
    case .ofCost(let c):
      return "the \(c.constant.unicode) of \(c.cost.function.nameInProse) (∂C/∂a = "
        + c.gradient.unicode + (c.gradientWithout.map { ", not \($0.unicode)" } ?? "")
        + (c.outputs.map { ", n = \($0) here" } ?? "") + ")"
    case .learningRate: return "a learning rate folded into the gradient"
    case .learningRateOrFusedDelta(let output, let cost):
      return "a learning rate folded into the gradient or a stray constant in δᴸ (with "
        + "\(output.name) and \(cost.name), δᴸ = a − y has none)"
    }
  }

  /// A factor by name: `2`, `−0.5`, `1/m = 1/4`, `2/n = 2/3`, or the number.
  private static func phrase(_ name: FactorName) -> String {
    switch name {
    case .simple(let c): return c < 0 ? "−" + NumberFormat.factor(-c) : NumberFormat.factor(c)
    case .oneOverSamples(let m): return "1/m = 1/\(m)"
    case .samples(let m): return "m = \(m)"
    case .twoOverOutputs(let n): return "2/n = 2/\(n)"
    case .outputsOverTwo(let n): return "n/2 = \(n)/2"
    case .oneOverOutputs(let n): return "1/n = 1/\(n)"
    case .outputs(let n): return "n = \(n)"
    case .number(let c): return NumberFormat.factor(c)
    }
  }

  /// `text` spelled in ASCII: superscripts as `^12`, `^l`, `^(l-1)`, ∂ and δ as `d`, ⊙ as
  /// `(.)`, ᵀ as `^T`, ′ as `'`, × as `x` (as `Notation.ascii` spells them), and the other symbols of
  /// the sentences (−, σ, ½, ≈, ≤, ±, θ, …) in words or ASCII signs.
  /// - Complexity: O(text).
  static func ascii(_ text: String) -> String {
    let ascii = Notation.ascii
    var digits: [Character: Character] = [:]
    for d in 0...9 {
      if let superscript = Notation.superscriptDigits(d).first, let digit = String(d).first {
        digits[superscript] = digit
      }
    }
    let symbols: [Character: String] = [
      "∂": ascii.partial, "δ": ascii.delta, "⊙": ascii.hadamard, "ᵀ": ascii.transpose,
      "′": ascii.prime, "×": ascii.times, "−": "-", "σ": "sigma", "θ": "theta", "½": "1/2",
      "≈": "~", "≤": "<=", "±": "+/-", "…": "...",
    ]
    for (superscript, plain) in [("ˡ", "l"), ("ᴸ", "L"), ("⁻", "-"), ("⁺", "+")] {
      if let s = superscript.first, let p = plain.first { digits[s] = p }
    }
    var out = ""
    var run = ""
    func endRun() {
      guard !run.isEmpty else { return }
      out += run.allSatisfy(\.isNumber) || run.count == 1 ? "^" + run : "^(" + run + ")"
      run = ""
    }
    for c in text {
      if let digit = digits[c] {
        run.append(digit)
        continue
      }
      endRun()
      if let word = symbols[c] { out += word } else { out.append(c) }
    }
    endRun()
    return out
  }

  /// `W²` or `b¹`.
  private static func name(_ block: ParameterBlock) -> String {
    Notation.unicode.superscript(block.isWeight ? "W" : "b", block.layer)
  }
}
