extension LayerMistake {
  /// A sentence naming the mistake.
  public var sentence: String {
    switch self {
    case .flippedKernel:
      return "flipped kernel: convolution where cross-correlation belongs (or the reverse)"
    case .flippedKernelInKernelGradient:
      return "flipped kernel in ∂C/∂K only: the kernel gradient is turned by 180°"
    case .flippedKernelInInputGradient:
      return
        "flipped kernel in ∂C/∂input only: it is computed with the kernel unflipped "
        + "(the full correlation of the incoming gradient needs K turned by 180°)"
    case .kernelGradientAsConvolution:
      return
        "flipped kernel in ∂C/∂K: computed as a true convolution of the input with the "
        + "incoming gradient, where their cross-correlation belongs"
    case .filterGradientFromOutputs:
      return "filter gradient taken from the layer's outputs instead of its inputs"
    case .filterGradientFromOwnOutputs:
      return
        "filter gradient taken from the layer's outputs (each filter's own output channel) "
        + "instead of its inputs"
    case .filterGradientFromPreActivationOutputs:
      return
        "filter gradient taken from the layer's outputs z, before the activation, instead "
        + "of its inputs"
    case .filterGradientFromOwnPreActivationOutputs:
      return
        "filter gradient taken from the layer's outputs z before the activation (each "
        + "filter's own output channel) instead of its inputs"
    case .missingSumOverFilters:
      return "input gradient not summed over the filters (the last filter's terms kept)"
    case .missingSumOverFiltersFirstKept:
      return "input gradient not summed over the filters (the first filter's terms kept)"
    case .missingSumOverTime:
      return "parameter gradients not summed over the time steps"
    case .truncatedBPTT:
      return "gradient stops after one time step (truncated BPTT where full was asked)"
    case .derivativeOverwritesGradient:
      return "incoming gradient overwritten by the activation's derivative"
    case .wrongSign:
      return "gradient with the wrong sign (a step would move up the gradient)"
    case .sign:
      return "every gradient has the wrong sign: yours are the negatives of the right ones"
    case .scale:
      return "every gradient is off by the same factor"
    case .sumInsteadOfMean:
      return "the gradients are summed over the samples instead of averaged"
    case .bias:
      return "the bias gradients are wrong while the weight gradients of the same layers are right"
    case .transpose:
      return "the input gradient of a dense layer uses W where its transpose belongs"
    }
  }
}

extension LayerMistakeFinding {
  /// The finding in full: the dense diagnosis's sentences for a shared cause, else the
  /// mistake's sentence, with the mistakes it cannot be told apart from.
  ///
  /// `naming` spells a tensor's stored name (`b1`) as the report prints it (`b¹` for a
  /// dense layer's bias, `b1` for a convolution's), so that the sentence names the
  /// tensors as the report's table and heading do.
  public func message(
    notation: Notation = .unicode, naming: (String) -> String = { $0 }
  ) -> String {
    if let cause {
      // The dense sentences end with their example entry; a layered finding cites none.
      var text = Substring(cause.message(notation: notation))
      while text.last == " " { text = text.dropLast() }
      if case .bias(let layers, _) = cause.detail {
        // The dense sentence writes every bias as bˡ; a layered network's are named as
        // the report names them.
        let dense = layers.map { Notation.unicode.superscript("b", $0) }
        let named = layers.map { naming("b\($0)") }
        return String(
          text.replacing(
            "(" + dense.joined(separator: ", "), with: "(" + named.joined(separator: ", "),
            maxReplacements: 1))
      }
      return String(text)
    }
    guard !indistinguishableFrom.isEmpty else { return mistake.sentence }
    let others = indistinguishableFrom.map { "\($0.rawValue) (\($0.sentence))" }
    return
      mistake.sentence + "; or, giving the same gradients here, "
      + others.joined(separator: "; or ")
  }
}
