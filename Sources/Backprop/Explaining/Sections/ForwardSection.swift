/// Section 3, the forward pass: zˡ = Wˡ aˡ⁻¹ + bˡ and aˡ = f(zˡ), with the numbers.
extension DerivationBuilder {
  /// The forward pass of `layers`: the equations with shapes, then the traced sample's
  /// numbers.
  func forwardSection(layers: [Int]) -> [DerivationBlock] {
    var lines: [DerivationEquation] = []
    for l in layers {
      let n = network.sizes[l]
      let p = network.sizes[l - 1]
      lines.append(
        DerivationEquation(
          symbols.preActivation(l),
          [symbols.weights(l) + .space + symbols.activation(l - 1) + .plus + symbols.biases(l)],
          comment: .parens(.shape(n, p)) + symbols.columnShape(p) + .plus + symbols.columnShape(n)
            + symbols.arrow + .shape(n, 1)))
      let act = network.activation(l)
      lines.append(
        DerivationEquation(
          symbols.activation(l), [symbols.function(l, symbols.preActivation(l))],
          comment: symbols.columnShape(n) + symbols.arrow + .shape(n, 1)
            + (act.isElementwise
              ? .words(", element-wise")
              : .words(", each ") + symbols.activation(l, ["i"]) + .words(" uses all of ")
                + symbols.preActivation(l))))
    }
    var blocks: [DerivationBlock] = [.equations(lines)]
    blocks.append(.subheading("Numbers (sample \(tracedSample))"))
    for l in layers {
      if summarizesMatrices {
        blocks.append(labeled(symbols.weights(l), network.weight(l)))
        blocks.append(labeled(symbols.activation(l - 1), column(trace.a[l - 1])))
        blocks.append(labeled(symbols.biases(l), column(network.bias(l))))
        blocks.append(labeled(symbols.preActivation(l), column(trace.z[l])))
      } else {
        blocks.append(
          display([
            .math(symbols.preActivation(l) + .equals), .matrix(network.weight(l)),
            .matrix(column(trace.a[l - 1])),
            .math(MathText.plus), .matrix(column(network.bias(l))), .math(.equals),
            .matrix(column(trace.z[l])),
          ]))
      }
      blocks.append(
        display([
          .math(
            symbols.activation(l) + .equals + symbols.function(l, symbols.preActivation(l))
              + .equals), .matrix(column(trace.a[l])),
        ]))
    }
    return blocks
  }
}
