/// The mini-batch matrix form: the samples stacked as the columns of matrices, so that one
/// product per layer gives the mean gradient.
extension DerivationBuilder {
  /// The columns `vectors` side by side, a matrix with one column per sample.
  func stacked(_ vectors: [[Double]]) -> Matrix {
    let rows = vectors.first?.count ?? 0
    var m = Matrix(rows: rows, columns: vectors.count)
    for (s, v) in vectors.enumerated() {
      for i in 0..<rows { m[i, s] = v[i] }
    }
    return m
  }

  /// BP1–BP4 with the m samples as columns (Aˡ and Δˡ are nˡ × m) and the shown layers'
  /// numbers: Δˡ, Aˡ⁻¹ and (1/m) Δˡ (Aˡ⁻¹)ᵀ, which is the mean gradient above.
  /// - Complexity: O(m · P) for m samples and P parameters.
  func miniBatchForm() -> [DerivationBlock] {
    let m = samples.count
    let big = { (s: String, l: String) -> MathText in .symbol(s, sup: l) }
    let delta = { (l: String) -> MathText in
      MathText.symbol("Δ", latexBase: "\\Delta", asciiBase: "Delta", sup: l)
    }
    let mShape = { (rows: MathText) -> MathText in
      symbols.shape(rows, .plain("m"))
    }
    let ones = MathText("𝟏", ascii: "1", latex: "\\mathbf{1}")
    let fz = MathText.fPrime + .parens(big("Z", "l"))
    var blocks: [DerivationBlock] = [
      .subheading("Mini-batch matrix form"),
      .paragraph([
        prose(
          "Stacking the \(m) samples as columns, the sums over samples become matrix "
            + "products: "),
        math(big("A", "l")), prose(" holds "), math(.symbol("a", sup: "l")),
        prose(" of every sample, one column each, "), math(delta("l")),
        prose(" their errors "), math(.delta("l")), prose(", and "), math(ones),
        prose(" is a column of m ones; "), math(symbols.costGradient),
        prose(" in the matrix form stacks the samples' "),
        math(symbols.costGradient), prose(" likewise. For element-wise activations:"),
      ]),
      .equations([
        DerivationEquation(
          big("Z", "l"),
          [
            big("W", "l") + .space + big("A", "l-1") + .plus + big("b", "l") + .space
              + ones + .transpose
          ],
          comment: mShape(symbols.size("l"))),
        DerivationEquation(
          delta("L"),
          [
            symbols.costGradient + .hadamard
              + .fPrime + .parens(big("Z", "L"))
          ],
          comment: mShape(symbols.size("L"))),
        DerivationEquation(
          delta("l"),
          [.parens(.parens(big("W", "l+1")) + .transpose + .space + delta("l+1")) + .hadamard + fz],
          comment: mShape(symbols.size("l"))),
        DerivationEquation(
          .derivative(symbols.meanCost, big("W", "l")),
          [
            MathText("(1/m) ", latex: "\\frac{1}{m}") + delta("l") + .space
              + .parens(big("A", "l-1")) + .transpose
          ],
          comment: mShape(symbols.size("l")) + symbols.shape(.plain("m"), symbols.size("l-1"))
            + symbols.arrow + symbols.bareShape(symbols.size("l"), symbols.size("l-1"))),
        DerivationEquation(
          .derivative(symbols.meanCost, big("b", "l")),
          [MathText("(1/m) ", latex: "\\frac{1}{m}") + delta("l") + .space + ones],
          comment: mShape(symbols.size("l")) + symbols.shape(.plain("m"), .plain("1"))),
      ]),
    ]
    for l in layers {
      let d = stacked(backward.map { $0.delta[l] })
      let a = stacked(forward.map { $0.a[l - 1] })
      var product = Matrix(rows: d.rows, columns: a.rows)
      for j in 0..<d.rows {
        for k in 0..<a.rows {
          var sum = 0.0
          for s in 0..<m { sum += d[j, s] * a[k, s] }
          product[j, k] = sum / Double(m)
        }
      }
      let ls = String(l)
      let wrongA = mistaken.map { wrong in
        stacked(
          forward.map { f in
            wrong.mistake == .previousActivation
              ? (0..<a.rows).map { k in k < f.a[l].count ? f.a[l][k] : .nan } : f.a[l - 1]
          })
      }
      blocks.append(
        labeled(delta(ls), d, mistaken: mistaken.map { stacked($0.backward.map { $0.delta[l] }) }))
      blocks.append(labeled(big("A", String(l - 1)), a, mistaken: wrongA))
      blocks.append(
        labeled(
          MathText("(1/m) ", latex: "\\frac{1}{m}") + delta(ls) + .space
            + .parens(big("A", String(l - 1))) + .transpose, product,
          mistaken: mistaken?.gradients.weights[l - 1]))
    }
    blocks.append(
      .paragraph([
        prose("Each product is the mean gradient "),
        math(.derivative(symbols.meanCost, big("W", "l"))),
        prose(
          " listed above: one matrix product per layer instead of m outer products and a sum, "
            + "which is how a library computes a mini-batch."),
      ]))
    return blocks
  }
}
