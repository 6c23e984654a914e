/// The windows of a pooling layer: size k × k, stride s, no padding, per channel.
struct PoolWindows: Sendable {
  /// C, H, W of the input.
  let channels: Int, height: Int, width: Int
  /// k and s.
  let size: Int, stride: Int
  /// Ho = ⌊(H − k)/s⌋ + 1 and Wo likewise.
  let outputHeight: Int, outputWidth: Int

  /// The windows of `input` (rank 3, at least k × k).
  init(input: TensorShape, size: Int, stride: Int) {
    (channels, height, width) = (input.dimensions[0], input.dimensions[1], input.dimensions[2])
    self.size = size
    self.stride = max(stride, 1)
    outputHeight = (height - size) / self.stride + 1
    outputWidth = (width - size) / self.stride + 1
  }

  /// C×H×W.
  var inputShape: TensorShape { .image(channels: channels, height: height, width: width) }

  /// 1/k², the weight of each entry in a window's mean.
  var meanWeight: Double { 1 / Double(size * size) }

  /// C×Ho×Wo.
  var outputShape: TensorShape {
    .image(channels: channels, height: outputHeight, width: outputWidth)
  }

  /// The flat input indices of output `out`'s window, row by row.
  func window(_ out: Int) -> [Int] {
    let x = out % outputWidth
    let y = (out / outputWidth) % outputHeight
    let c = out / (outputWidth * outputHeight)
    var indices: [Int] = []
    indices.reserveCapacity(size * size)
    for i in 0..<size {
      for j in 0..<size {
        indices.append((c * height + y * stride + i) * width + x * stride + j)
      }
    }
    return indices
  }

  /// The number of outputs.
  var outputCount: Int { channels * outputHeight * outputWidth }
}

/// A pooling layer (max or average): its shapes come from its windows, and it has no
/// parameters.
protocol PoolingLayer: Layer {
  /// The windows.
  var windows: PoolWindows { get }
}

extension PoolingLayer {
  /// C×H×W.
  public var inputShape: TensorShape { windows.inputShape }
  /// C×Ho×Wo.
  public var outputShape: TensorShape { windows.outputShape }
  /// None.
  public var tensors: [ParameterTensor] { [] }
}
