/// The mistakes `backprop-example` makes on request, the classic ones students make.
public enum ExampleBug: String, CaseIterable, Sendable {
  /// Every gradient negated (∂C/∂a written y − a).
  case sign
  /// Every gradient doubled (the ½ of the quadratic cost forgotten).
  case scale
  /// Summed over the samples instead of averaged.
  case sumInsteadOfMean = "sum-instead-of-mean"
  /// δ^L = ∂C/∂a^L, without f′(z^L).
  case missingOutputDerivative = "missing-output-derivative"
  /// f′(a) in place of f′(z).
  case derivativeOfActivation = "derivative-of-activation"
  /// ∂C/∂W^l = δ^l (a^l)ᵀ instead of δ^l (a^(l−1))ᵀ (0 where a^l has no entry).
  case previousActivation = "previous-activation"
  /// Bias gradients never computed (left at 0).
  case bias
  /// δ^l = W^(l+1) δ^(l+1) ⊙ f′(z^l) instead of (W^(l+1))ᵀ δ^(l+1) ⊙ f′(z^l) (square
  /// layers; other layers use the transpose).
  case transpose
  /// f′(z^l) left out for every layer two or more below the output: wrong only with three or
  /// more weight layers.
  case deepOnly = "deep-only"
  /// Each sample's gradient overwrites the last instead of adding to it: wrong only with more
  /// than one sample.
  case multiSample = "multi-sample"
  /// Writes an error to stderr and exits with status 3.
  case crash
  /// Crashes (as `crash`) on networks of three or more weight layers and negates every
  /// gradient (as `sign`) on the others.
  case crashDeep = "crash-deep"
  /// Never answers.
  case hang
  /// Prints text that is not JSON.
  case garbage
  /// Leaves out the last bias of the output layer.
  case wrongShape = "wrong-shape"
}

/// The mistakes the convolution model example makes on request (protocol 2).
public enum ModelExampleBug: String, CaseIterable, Sendable {
  /// The kernel's gradient negated.
  case sign
  /// The kernel's gradient doubled.
  case scale
  /// The kernel's gradient transposed (rows and columns swapped).
  case transpose
  /// One kernel entry's gradient wrong (an off-by-one at the border).
  case entry
}
