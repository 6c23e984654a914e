/// A layer's kind and sizes, as written in `--arch` or a network file, before it is fitted
/// to an input shape.
public enum LayerSpec: Hashable, Sendable, CustomStringConvertible {
  /// How a convolution pads its input.
  public enum Padding: String, Hashable, Sendable {
    /// No padding: the output shrinks by the kernel size minus one.
    case valid
    /// Zeros around the input so that the output is ⌈H/stride⌉ × ⌈W/stride⌉.
    case same
  }

  /// z = W a + b with `units` outputs (a vector input).
  case dense(units: Int)
  /// 2-D cross-correlation with `filters` kernels of `height` × `width` and a bias each.
  case conv(filters: Int, height: Int, width: Int, stride: Int, padding: Padding)
  /// The largest entry of each `size` × `size` window, windows `stride` apart.
  case maxPool(size: Int, stride: Int)
  /// The mean of each `size` × `size` window, windows `stride` apart.
  case avgPool(size: Int, stride: Int)
  /// The input as a vector.
  case flatten
  /// An activation function, applied element-wise (softmax: over the vector).
  case activation(Activation)
  /// An Elman recurrent layer with `units` tanh units; outputs the last hidden state.
  case rnn(units: Int)
  /// An LSTM layer with `units` cells; outputs the last hidden state.
  case lstm(units: Int)

  /// The layer as written in `--arch` such as `conv 2 3x3` or `maxpool 2`.
  public var description: String {
    switch self {
    case .dense(let n): return "dense \(n)"
    case .conv(let f, let h, let w, let s, let p):
      return "conv \(f) \(h)x\(w)" + (s == 1 ? "" : " stride \(s)")
        + (p == .valid ? "" : " \(p.rawValue)")
    case .maxPool(let k, let s): return "maxpool \(k)" + (s == k ? "" : " stride \(s)")
    case .avgPool(let k, let s): return "avgpool \(k)" + (s == k ? "" : " stride \(s)")
    case .flatten: return "flatten"
    case .activation(let f): return f.name
    case .rnn(let n): return "rnn \(n)"
    case .lstm(let n): return "lstm \(n)"
    }
  }

  /// Whether the layer has parameters (and so its own z^l before an activation).
  public var hasParameters: Bool {
    switch self {
    case .dense, .conv, .rnn, .lstm: return true
    case .maxPool, .avgPool, .flatten, .activation: return false
    }
  }

  /// Builds the layer for `input`.
  /// - Parameters:
  ///   - input: The shape the layer reads.
  ///   - position: The layer's position (1 for the first after the input), for the error.
  ///   - number: The layer's number l (`Architecture.numbers`), for the error; `position`
  ///     when `nil`.
  /// - Returns: The layer, fitted to `input`.
  /// - Throws: `LayerFitError` naming the layer by the rule of `LayerName`.
  public func fitted(to input: TensorShape, position: Int, number: Int? = nil)
    throws(LayerFitError) -> any Layer
  {
    func fail(_ needs: String) -> LayerFitError {
      LayerFitError(
        name: LayerName(spec: self, item: position, number: number ?? position), input: input,
        needs: needs)
    }
    switch self {
    case .dense(let n):
      guard input.rank == 1 else { throw fail("a vector (add flatten before it)") }
      return DenseLayer(inputs: input.count, units: n)
    case .conv(let f, let h, let w, let s, let p):
      guard input.rank == 3 else { throw fail("an image C×H×W") }
      guard let layer = Conv2DLayer(input: input, filters: f, kernel: (h, w), stride: s, padding: p)
      else {
        throw fail("an image at least \(input.dimensions[0])×\(h)×\(w)")
      }
      return layer
    case .maxPool(let k, let s), .avgPool(let k, let s):
      guard input.rank == 3 else { throw fail("an image C×H×W") }
      guard input.dimensions[1] >= k && input.dimensions[2] >= k else {
        throw fail("an image at least \(input.dimensions[0])×\(k)×\(k)")
      }
      if case .maxPool = self { return MaxPoolLayer(input: input, size: k, stride: s) }
      return AvgPoolLayer(input: input, size: k, stride: s)
    case .flatten:
      return FlattenLayer(input: input)
    case .activation(let f):
      guard f.isElementwise || input.rank == 1 else { throw fail("a vector (softmax)") }
      return ActivationLayer(input: input, activation: f)
    case .rnn(let n):
      guard input.rank == 2 else { throw fail("a sequence T×F") }
      return RNNLayer(steps: input.dimensions[0], features: input.dimensions[1], units: n)
    case .lstm(let n):
      guard input.rank == 2 else { throw fail("a sequence T×F") }
      return LSTMLayer(steps: input.dimensions[0], features: input.dimensions[1], units: n)
    }
  }
}
