/// The marks of `--mistake` in the displays and equations: for each quantity the backward
/// pass and the gradients print, the value the mistaken program computes in its place, and
/// which printed numbers therefore change.
///
/// The mistaken program follows the mistaken step as the derivation writes it: `sign` and
/// `scale` change δᴸ (not ∇ₐC or f′), `missing-output-derivative` sets δᴸ = ∇ₐC,
/// `derivative-of-activation` evaluates f′ at aˡ, `transpose` reads Wˡ⁺¹ where (Wˡ⁺¹)ᵀ
/// belongs, `previous-activation` multiplies δˡ by aˡ instead of aˡ⁻¹, `bias` sets ∂C/∂bˡ
/// to 0, and `sum-instead-of-mean` changes only the means.
extension DerivationBuilder {
  /// The flags of the entries of `right` that differ from `mistaken` (row-major), or `nil`
  /// when there is no counterpart or no entry differs.
  func changes(_ right: Matrix, _ mistaken: Matrix?) -> [Bool]? {
    guard let mistaken, mistaken.rows == right.rows, mistaken.columns == right.columns else {
      return nil
    }
    let flags = zip(right.storage, mistaken.storage).map { MistakenBackprop.differ($0, $1) }
    return flags.contains(true) ? flags : nil
  }

  /// A display whose matrices at the indices of `mistaken` are marked where they differ
  /// from their mistaken counterparts.
  func display(_ items: [DerivationMatrixItem], mistaken: [Int: Matrix?]) -> DerivationBlock {
    var marks: [Int: [Bool]] = [:]
    for (n, counterpart) in mistaken {
      if case .matrix(let m) = items[n] { marks[n] = changes(m, counterpart) }
    }
    return .matrices(DerivationMatrices(items, summarized: summarizesMatrices, marks: marks))
  }

  /// `label = [matrix]`, its entries marked where they differ from `mistaken`.
  func labeled(_ label: MathText, _ matrix: Matrix, mistaken: Matrix?) -> DerivationBlock {
    display([.math(label + .equals), .matrix(matrix)], mistaken: [1: mistaken])
  }

  /// `x` as printed, marked (a trailing `*`, `<x>` in ASCII where `*` multiplies, `\boxed`
  /// in LaTeX) when the mistaken program's value `y` differs.
  func number(_ x: Double, mistaken y: Double?) -> MathText {
    marked(symbols.number(x), x, mistaken: y)
  }

  /// `x` in a product (parenthesised when negative), marked as `number(_:mistaken:)`.
  func factor(_ x: Double, mistaken y: Double?) -> MathText {
    marked(symbols.factor(x), x, mistaken: y)
  }

  /// `printed` (the number `x`) with a mark when `y` differs from `x`.
  private func marked(_ printed: MathText, _ x: Double, mistaken y: Double?) -> MathText {
    guard let y, MistakenBackprop.differ(x, y) else { return printed }
    return MathText(
      printed.unicode + "*", ascii: "<" + printed.ascii + ">",
      latex: "\\boxed{" + printed.latex + "}")
  }

  /// The legend of the marks, when a mistake is built in.
  func markLegend() -> [DerivationBlock] {
    guard let mistaken else { return [] }
    let example = MathText("0.25*", ascii: "<0.25>", latex: "\\boxed{0.25}")
    return [
      .note([
        prose("A number marked like "), math(example),
        prose(
          " is one that the mistake " + mistaken.mistake.rawValue + " changes: the buggy "
            + "program computes a different value in its place. The numbers printed are the "
            + "right ones"
            + (options.update?.order == .parallel
              ? " (except in the update, which shows the buggy program's step); " : "; ")
            + (options.parameter == nil
              ? "the tables headed \"With the mistake\" give the mistaken values."
              : "the tables of the section on the mistake give the mistaken values.")),
      ])
    ]
  }

  // MARK: The mistaken program's numbers (traced sample)

  /// The mistaken program's δˡ, or `nil` without a mistake.
  func mistakenDelta(_ l: Int) -> [Double]? { mistaken?.backward[tracedSample].delta[l] }

  /// The mistaken program's f′ of layer `l`: at aˡ for `derivative-of-activation` (an
  /// element-wise layer), else f′(zˡ); `nil` without a mistake.
  func mistakenFPrime(_ l: Int) -> [Double]? {
    guard let mistaken else { return nil }
    let act = network.activation(l)
    guard mistaken.mistake == .derivativeOfActivation, act.isElementwise else {
      return trace.z[l].map(act.derivative)
    }
    return trace.a[l].map(act.derivative)
  }

  /// The mistaken program's Wˡ in the δ recursion: (Wˡ)ᵀ, read where Wˡ belongs, for
  /// `transpose`; `nil` without a mistake.
  func mistakenRecursionWeight(_ l: Int) -> Matrix? {
    guard let mistaken else { return nil }
    let w = network.weight(l)
    guard mistaken.mistake == .transpose, w.rows == w.columns else { return w }
    var t = w
    for i in 0..<w.rows {
      for j in 0..<w.columns { t[i, j] = w[j, i] }
    }
    return t
  }

  /// The mistaken program's (Wˡ⁺¹)ᵀ δˡ⁺¹ (Wˡ⁺¹ δˡ⁺¹ for `transpose`), from its own δˡ⁺¹.
  func mistakenUpstream(_ l: Int) -> [Double]? {
    guard let w = mistakenRecursionWeight(l + 1), let d = mistakenDelta(l + 1) else { return nil }
    return w.transposeMultiplied(by: d)
  }

  /// The mistaken program's input to ∂C/∂Wˡ: aˡ (NaN past its end) for
  /// `previous-activation`, else aˡ⁻¹.
  func mistakenWeightInput(_ l: Int) -> [Double]? {
    guard let mistaken else { return nil }
    guard mistaken.mistake == .previousActivation else { return trace.a[l - 1] }
    return (0..<network.sizes[l - 1]).map { k in k < trace.a[l].count ? trace.a[l][k] : .nan }
  }

  /// The mistaken program's gradients of the traced sample's own cost (a mean over one
  /// sample, so `sum-instead-of-mean` changes none).
  var mistakenSampleGradients: Gradients? {
    guard let mistaken else { return nil }
    guard mistaken.mistake != .sumInsteadOfMean else {
      return network.gradients(over: [sample])
    }
    return MistakenBackprop(
      mistaken.mistake, network: network, samples: [sample], forward: [trace])?.gradients
  }
}
