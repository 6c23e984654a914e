/// Average pooling: each output is the mean of its k × k window, channel by channel.
///
/// Windows are s apart (s = k by default). Smooth: no kinks.
public struct AvgPoolLayer: PoolingLayer {
  let windows: PoolWindows

  /// Creates the layer (input rank 3, at least `size` × `size`).
  public init(input: TensorShape, size: Int, stride: Int) {
    windows = PoolWindows(input: input, size: size, stride: stride)
  }

  /// `avgpool k`.
  public var spec: LayerSpec { .avgPool(size: windows.size, stride: windows.stride) }

  /// (1/k²) Σ over the window.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  @_specialize(where T == Complex)
  public func forward<T: NetworkScalar>(_ x: [T], parameters p: [T], kinks: inout KinkRecord)
    -> [T]
  {
    let scale = T(windows.meanWeight)
    return (0..<windows.outputCount).map { out in
      var s = T(0)
      for k in windows.window(out) { s = s + x[k] }
      return s * scale
    }
  }

  /// Spreads each output's gradient evenly, g/k², over its window.
  public func backward(_ x: [Double], parameters p: [Double], outputGradient g: [Double])
    -> LayerVJP
  {
    var dx = [Double](repeating: 0, count: x.count)
    let scale = windows.meanWeight
    for out in 0..<windows.outputCount {
      for k in windows.window(out) { dx[k] += g[out] * scale }
    }
    return LayerVJP(input: dx, parameters: [])
  }

  /// Sparse: row i is 1/k² on its window.
  public func jacobian(_ x: [Double], parameters p: [Double], output: Quantity, input: Quantity)
    -> Jacobian
  {
    var s = SparseMatrix(rows: windows.outputCount, columns: x.count)
    let scale = windows.meanWeight
    for out in 0..<windows.outputCount {
      for k in windows.window(out) { s.add(scale, at: out, k) }
    }
    return Jacobian(of: output, withRespectTo: input, .sparse(s))
  }
}
