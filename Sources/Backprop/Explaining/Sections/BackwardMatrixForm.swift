/// The backward pass in matrix form: BP1-BP4, the recursion for δˡ and its numbers.
extension DerivationBuilder {
  /// The recursion for δ^l (l < L) as a column: `(W^(l+1))ᵀ δ^(l+1) ⊙ f′(z^l)` for an
  /// element-wise activation, `(∂a^l/∂z^l)ᵀ (W^(l+1))ᵀ δ^(l+1)` for softmax.
  func recursion(_ l: Int) -> MathText { symbols.delta(l) + .equals + recursionRHS(l) }

  /// The right-hand side of `recursion(l)`.
  func recursionRHS(_ l: Int) -> MathText {
    let up = MathText.parens(symbols.weights(l + 1)) + .transpose + .space + symbols.delta(l + 1)
    if network.activation(l).isElementwise {
      return up + .hadamard + symbols.functionDerivative(l, symbols.preActivation(l))
    }
    return .parens(.derivative(symbols.activation(l), symbols.preActivation(l))) + .transpose
      + .space + up
  }

  /// The shapes of `recursion(l)`, for example `(3×2)(2×1) ⊙ (3×1) → 3×1`.
  ///
  /// For softmax the dense Jacobian comes first, transposed: `(3×3)ᵀ(3×2)(2×1) → 3×1`.
  func recursionShapes(_ l: Int) -> MathText {
    let n = network.sizes[l]
    let up =
      MathText.parens(.shape(n, network.sizes[l + 1])) + symbols.columnShape(network.sizes[l + 1])
    let to = symbols.arrow + .shape(n, 1)
    if network.activation(l).isElementwise { return up + .hadamard + symbols.columnShape(n) + to }
    return .parens(.shape(n, n)) + .transpose + up + to
  }

  /// BP1-BP4 with their shapes, and how BP1 and BP2 change for softmax.
  func matrixForm() -> [DerivationBlock] {
    let aL = MathText.symbol("a", sup: "L")
    let zL = MathText.symbol("z", sup: "L")
    let zl = MathText.symbol("z", sup: "l")
    return [
      .subheading("Matrix form (BP1-BP4)"),
      .equations([
        DerivationEquation(
          .delta("L"),
          [
            .parens(.derivative(aL, zL)) + .transpose + .space + symbols.costGradient,
            symbols.costGradient + .hadamard + MathText.fPrime + .parens(zL),
          ],
          comment: .words("BP1 ") + symbols.shape(symbols.size("L"), symbols.size("L")) + .transpose
            + symbols.shape(symbols.size("L"), .plain("1"))
            + symbols.arrow + symbols.bareShape(symbols.size("L"), .plain("1"))),
        DerivationEquation(
          .delta("l"),
          [
            .parens(.parens(.symbol("W", sup: "l+1")) + .transpose + .space + .delta("l+1"))
              + .hadamard + MathText.fPrime + .parens(zl)
          ],
          comment: .words("BP2 ") + symbols.shape(symbols.size("l"), symbols.size("l+1"))
            + symbols.shape(symbols.size("l+1"), .plain("1"))
            + .hadamard + symbols.shape(symbols.size("l"), .plain("1"))),
        DerivationEquation(
          .derivative(symbols.cost, .symbol("b", sup: "l")), [.delta("l")],
          comment: .words("BP3 ") + symbols.shape(symbols.size("l"), .plain("1"))),
        DerivationEquation(
          .derivative(symbols.cost, .symbol("W", sup: "l")),
          [.delta("l") + .space + .parens(.symbol("a", sup: "l-1")) + .transpose],
          comment: .words("BP4 ") + symbols.shape(symbols.size("l"), .plain("1"))
            + symbols.shape(.plain("1"), symbols.size("l-1"))
            + symbols.arrow + symbols.bareShape(symbols.size("l"), symbols.size("l-1"))),
      ]),
      .paragraph([
        prose(
          "The second form of BP1 and the element-wise product in BP2 hold for an "
            + "element-wise activation f. A softmax output makes "), math(.derivative(aL, zL)),
        prose(
          " dense, so BP1 keeps its first form (BP2 is unchanged); only a hidden softmax "
            + "layer l changes BP2, to "),
        math(
          .parens(.derivative(.symbol("a", sup: "l"), zl)) + .transpose + .space
            + .parens(.symbol("W", sup: "l+1")) + .transpose + .space + .delta("l+1")),
        prose(". Here "), math(symbols.size("l")), prose(" is the size of layer l."),
      ]),
    ]
  }

  /// δˡ in matrix form: BP1 at the output (∇ₐC and f′ or the softmax Jacobian), else the
  /// recursion from (Wˡ⁺¹)ᵀ δˡ⁺¹.
  func matrixNumbers(_ l: Int) -> [DerivationBlock] {
    let act = network.activation(l)
    let nl = network.sizes[l]
    var blocks: [DerivationBlock] = []
    if l == outputLayer {
      let g = network.cost.gradient(trace.output, target: sample.target)
      blocks.append(labeled(symbols.costGradient, column(g)))
      if act.isElementwise {
        blocks.append(
          labeled(
            symbols.functionDerivative(l, symbols.preActivation(l)), fPrimeColumn(l),
            mistaken: mistakenFPrime(l).map(column)))
        blocks.append(
          .equations([
            DerivationEquation(
              symbols.delta(l),
              [
                symbols.costGradient + .hadamard
                  + symbols.functionDerivative(l, symbols.preActivation(l))
              ],
              comment: symbols.columnShape(nl) + .hadamard + symbols.columnShape(nl) + symbols.arrow
                + .shape(nl, 1))
          ]))
      } else {
        blocks.append(
          .equations([
            DerivationEquation(
              symbols.delta(l),
              [
                .parens(.derivative(symbols.activation(l), symbols.preActivation(l))) + .transpose
                  + .space + symbols.costGradient
              ],
              comment: .parens(.shape(nl, nl)) + .transpose + symbols.columnShape(nl)
                + symbols.arrow
                + .shape(nl, 1))
          ]))
        blocks.append(
          .paragraph([
            prose("with "),
            math(
              .derivative(symbols.activation(l), symbols.preActivation(l)) + .equals
                + symbols.localJacobian(l)),
            prose(" (softmax is not element-wise)."),
          ]))
      }
      return blocks
    }
    let up = network.weight(l + 1).transposeMultiplied(by: backTrace.delta[l + 1])
    blocks.append(
      labeled(
        .parens(symbols.weights(l + 1)) + .transpose + .space + symbols.delta(l + 1), column(up),
        mistaken: mistakenUpstream(l).map(column)))
    if act.isElementwise {
      blocks.append(
        labeled(
          symbols.functionDerivative(l, symbols.preActivation(l)), fPrimeColumn(l),
          mistaken: mistakenFPrime(l).map(column)))
    } else {
      blocks.append(
        .paragraph([
          prose("Softmax is not element-wise: "),
          math(
            .derivative(symbols.activation(l), symbols.preActivation(l)) + .equals
              + symbols.localJacobian(l)),
          prose(" is a dense "), math(.shape(nl, nl)), prose(" matrix."),
        ]))
    }
    blocks.append(
      .equations([
        DerivationEquation(symbols.delta(l), [recursionRHS(l)], comment: recursionShapes(l))
      ]))
    return blocks
  }
}
