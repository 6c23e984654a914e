/// Section 1, the network: layer sizes, activations, parameter counts, the samples.
extension DerivationBuilder {
  /// The network section: sizes, the layer table, rounding and samples.
  func networkSection() -> [DerivationBlock] {
    var rows: [[[DerivationInline]]] = [
      [[prose("0 (input)")], [prose(String(network.sizes[0]))], [prose("-")], [prose("-")]]
    ]
    for l in 1...outputLayer {
      rows.append([
        [prose(String(l) + (l == outputLayer ? " (output)" : ""))],
        [prose(String(network.sizes[l]))],
        [prose(network.activation(l).name)],
        [prose(String(Network.parameterCount(sizes: [network.sizes[l - 1], network.sizes[l]])))],
      ])
    }
    let table = DerivationTable(
      header: [[prose("layer")], [prose("size")], [prose("activation")], [prose("parameters")]],
      rows: rows,
      numeric: [false, true, false, true])
    var blocks: [DerivationBlock] = [
      .paragraph([
        prose(
          "Layer sizes " + network.sizes.map(String.init).joined(separator: ", ")
            + " (input first): "),
        math(MathText.plain("L") + .equals + .plain(String(outputLayer))),
        prose(
          (outputLayer == 1 ? " layer" : " layers")
            + " after the input, \(network.parameterCount) parameters, cost \(network.cost.name)."
        ),
      ]),
      .table(table),
    ]
    if numberFormat.digits < 4 {
      blocks.append(
        .note([
          prose(
            "Numbers are printed rounded to \(numberFormat.digits) significant "
              + (numberFormat.digits == 1 ? "digit" : "digits")
              + "; every result is computed in full precision, so redoing a product or sum from "
              + "the printed numbers may give a slightly different last digit.")
        ]))
    }
    if samples.count > 1 {
      blocks.append(
        .paragraph([
          prose(
            "There are \(samples.count) samples. The cost and the gradients are the mean over "
              + "all of them; the numbers below trace sample \(tracedSample) (counting from 0).")
        ]))
    }
    return blocks
  }
}
