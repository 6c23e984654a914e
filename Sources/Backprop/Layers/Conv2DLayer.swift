/// A 2-D convolution layer, as the frameworks define it: a cross-correlation of a C×H×W
/// input with F kernels of C×kh×kw, stride s, zero padding, a bias per filter.
///
///     z[f, y, x] = b[f] + Σ_c Σ_i Σ_j K[f, c, i, j] · a[c, y·s + i − pt, x·s + j − pl]
///
/// with a = 0 outside the image, (pt, pl) = (0, 0) for `valid` padding and half of the
/// total padding (the smaller half on top and left) for `same`. Output F×Ho×Wo with
/// Ho = ⌊(H − kh)/s⌋ + 1 (valid) or ⌈H/s⌉ (same). Parameters: `K` (F×C×kh×kw), then `b`.
public struct Conv2DLayer: Layer {
  /// C, H, W of the input.
  public let channels: Int, height: Int, width: Int
  /// F, the number of filters.
  public let filters: Int
  /// kh, kw.
  public let kernelHeight: Int, kernelWidth: Int
  /// s.
  public let stride: Int
  /// The padding rule.
  public let padding: LayerSpec.Padding
  /// Ho, Wo.
  public let outputHeight: Int, outputWidth: Int
  /// pt, pl: the zero rows above and columns left of the input.
  public let padTop: Int, padLeft: Int

  /// Creates the layer, or `nil` when a valid kernel does not fit the image or a size is
  /// not positive.
  public init?(
    input: TensorShape, filters: Int, kernel: (Int, Int), stride: Int,
    padding: LayerSpec.Padding
  ) {
    guard input.rank == 3, filters > 0, kernel.0 > 0, kernel.1 > 0, stride > 0 else {
      return nil
    }
    let (c, h, w) = (input.dimensions[0], input.dimensions[1], input.dimensions[2])
    (channels, height, width) = (c, h, w)
    self.filters = filters
    (kernelHeight, kernelWidth) = kernel
    self.stride = stride
    self.padding = padding
    switch padding {
    case .valid:
      guard h >= kernel.0 && w >= kernel.1 else { return nil }
      outputHeight = (h - kernel.0) / stride + 1
      outputWidth = (w - kernel.1) / stride + 1
      (padTop, padLeft) = (0, 0)
    case .same:
      outputHeight = (h + stride - 1) / stride
      outputWidth = (w + stride - 1) / stride
      padTop = max((outputHeight - 1) * stride + kernel.0 - h, 0) / 2
      padLeft = max((outputWidth - 1) * stride + kernel.1 - w, 0) / 2
    }
  }

  /// `conv F khxkw …`.
  public var spec: LayerSpec {
    .conv(
      filters: filters, height: kernelHeight, width: kernelWidth, stride: stride,
      padding: padding)
  }
  /// C×H×W.
  public var inputShape: TensorShape { .image(channels: channels, height: height, width: width) }
  /// F×Ho×Wo.
  public var outputShape: TensorShape {
    .image(channels: filters, height: outputHeight, width: outputWidth)
  }
  /// `K[f,c,i,j]` and `b[f]`.
  public var tensors: [ParameterTensor] {
    [
      ParameterTensor(
        stem: "K", shape: [filters, channels, kernelHeight, kernelWidth],
        indexNames: ["f", "c", "i", "j"]),
      ParameterTensor(stem: "b", shape: [filters], indexNames: ["f"]),
    ]
  }

  /// The number of kernel entries, F·C·kh·kw (the bias starts there).
  var kernelCount: Int { filters * channels * kernelHeight * kernelWidth }

  /// Calls `body(outputIndex, inputIndex, kernelIndex)` for every term of every output sum
  /// that falls inside the image (the terms on the zero padding vanish).
  /// - Complexity: O(F · Ho · Wo · C · kh · kw).
  func forEachTerm(_ body: (Int, Int, Int) -> Void) {
    for f in 0..<filters {
      for y in 0..<outputHeight {
        for x in 0..<outputWidth {
          let out = (f * outputHeight + y) * outputWidth + x
          for c in 0..<channels {
            for i in 0..<kernelHeight {
              let u = y * stride + i - padTop
              guard u >= 0 && u < height else { continue }
              for j in 0..<kernelWidth {
                let v = x * stride + j - padLeft
                guard v >= 0 && v < width else { continue }
                body(
                  out, (c * height + u) * width + v,
                  ((f * channels + c) * kernelHeight + i) * kernelWidth + j)
              }
            }
          }
        }
      }
    }
  }

  /// The cross-correlation plus bias.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  @_specialize(where T == Complex)
  public func forward<T: NetworkScalar>(_ x: [T], parameters p: [T], kinks: inout KinkRecord)
    -> [T]
  {
    let plane = outputHeight * outputWidth
    var z = (0..<(filters * plane)).map { p[kernelCount + $0 / plane] }
    forEachTerm { out, input, k in z[out] = z[out] + p[k] * x[input] }
    return z
  }

  /// K[f,c,i,j] + s moves channel f only, z[f,y,x] by s·a[c, ys+i−pt, xs+j−pl]; b[f] + s
  /// moves every output of channel f by s.
  /// - Complexity: O(Ho · Wo) after the copy.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  @_specialize(where T == Complex)
  public func perturbedOutput<T: NetworkScalar>(
    _ x: [T], output: [T], parameter k: Int, step: T
  ) -> [T]? {
    var z = output
    let plane = outputHeight * outputWidth
    if k >= kernelCount {
      let f = k - kernelCount
      for o in (f * plane)..<((f + 1) * plane) { z[o] = z[o] + step }
      return z
    }
    let j = k % kernelWidth
    let i = (k / kernelWidth) % kernelHeight
    let c = (k / (kernelWidth * kernelHeight)) % channels
    let f = k / (kernelWidth * kernelHeight * channels)
    for y in 0..<outputHeight {
      let u = y * stride + i - padTop
      guard u >= 0 && u < height else { continue }
      for xo in 0..<outputWidth {
        let v = xo * stride + j - padLeft
        guard v >= 0 && v < width else { continue }
        let o = (f * outputHeight + y) * outputWidth + xo
        z[o] = z[o] + step * x[(c * height + u) * width + v]
      }
    }
    return z
  }

  /// ∂C/∂b[f] = Σ_(y,x) g[f,y,x]; ∂C/∂K[f,c,i,j] = Σ_(y,x) g[f,y,x] · a[c, ys+i−pt, xs+j−pl]
  /// (the inputs, not the outputs); ∂C/∂a[c,u,v] = Σ_f Σ g[f,y,x] K[f,c,i,j] over the terms
  /// that read a[c,u,v] (for stride 1, a full correlation of g with the flipped kernel).
  public func backward(_ x: [Double], parameters p: [Double], outputGradient g: [Double])
    -> LayerVJP
  {
    var dp = [Double](repeating: 0, count: kernelCount + filters)
    var dx = [Double](repeating: 0, count: x.count)
    let plane = outputHeight * outputWidth
    for (out, gi) in g.enumerated() { dp[kernelCount + out / plane] += gi }
    forEachTerm { out, input, k in
      dp[k] += g[out] * x[input]
      dx[input] += g[out] * p[k]
    }
    return LayerVJP(input: dx, parameters: dp)
  }

  /// ∂z/∂a: sparse and banded, row (f,y,x) holding K[f,c,i,j] in column (c, ys+i−pt,
  /// xs+j−pl).
  public func jacobian(_ x: [Double], parameters p: [Double], output: Quantity, input: Quantity)
    -> Jacobian
  {
    var s = SparseMatrix(rows: outputShape.count, columns: inputShape.count)
    forEachTerm { out, inputIndex, k in s.add(p[k], at: out, inputIndex) }
    return Jacobian(of: output, withRespectTo: input, .sparse(s))
  }
}
