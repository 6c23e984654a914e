/// A convolution layer's backward pass to its input written out as a teacher does: each
/// filter's gradient zero-padded (and spread out by the stride), each kernel turned by
/// 180°, and their valid correlation summed over the filters.
///
/// Computed here from the layer's parameters and the incoming gradient, apart from the
/// layer's own vector-Jacobian product, so the two can be compared.
struct ConvolutionBackward: Sendable {
  /// The layer.
  let layer: Conv2DLayer
  /// ∂C/∂z of each filter, zero-padded: filters × (H + kh − 1) × (W + kw − 1), flat.
  let padded: [Double]
  /// Each kernel K[f,c] turned by 180°: filters × channels × kh × kw, flat.
  let flipped: [Double]
  /// ∂C/∂x: channels × H × W, flat.
  let inputGradient: [Double]

  /// The padded gradient's plane: (H + kh − 1, W + kw − 1).
  static func paddedSize(_ conv: Conv2DLayer) -> (Int, Int) {
    (conv.height + conv.kernelHeight - 1, conv.width + conv.kernelWidth - 1)
  }

  /// Works the backward pass of `layer` with `parameters` for `outputGradient`.
  ///
  /// - Complexity: O(F · C · H · W · kh · kw).
  init(_ layer: Conv2DLayer, parameters p: [Double], outputGradient g: [Double]) {
    self.layer = layer
    let (kh, kw) = (layer.kernelHeight, layer.kernelWidth)
    let (ph, pw) = Self.paddedSize(layer)
    let (oh, ow, s) = (layer.outputHeight, layer.outputWidth, layer.stride)
    var padded = [Double](repeating: 0, count: layer.filters * ph * pw)
    for f in 0..<layer.filters {
      for a in 0..<ph {
        for b in 0..<pw {
          let (yy, xx) = (a - (kh - 1) + layer.padTop, b - (kw - 1) + layer.padLeft)
          guard yy >= 0, xx >= 0, yy % s == 0, xx % s == 0, yy / s < oh, xx / s < ow else {
            continue
          }
          padded[(f * ph + a) * pw + b] = g[(f * oh + yy / s) * ow + xx / s]
        }
      }
    }
    var flipped = [Double](repeating: 0, count: layer.kernelCount)
    for fc in 0..<(layer.filters * layer.channels) {
      for i in 0..<kh {
        for j in 0..<kw {
          flipped[(fc * kh + i) * kw + j] = p[(fc * kh + (kh - 1 - i)) * kw + (kw - 1 - j)]
        }
      }
    }
    var dx = [Double](repeating: 0, count: layer.channels * layer.height * layer.width)
    for c in 0..<layer.channels {
      for u in 0..<layer.height {
        for v in 0..<layer.width {
          var sum = 0.0
          for f in 0..<layer.filters {
            for i in 0..<kh {
              for j in 0..<kw {
                sum +=
                  padded[(f * ph + u + i) * pw + v + j]
                  * flipped[((f * layer.channels + c) * kh + i) * kw + j]
              }
            }
          }
          dx[(c * layer.height + u) * layer.width + v] = sum
        }
      }
    }
    self.padded = padded
    self.flipped = flipped
    inputGradient = dx
  }

  /// The (channel, row, column) of the largest |∂C/∂x| (the first of equals).
  var largestInputEntry: (Int, Int, Int) {
    var best = 0
    for k in inputGradient.indices where abs(inputGradient[k]) > abs(inputGradient[best]) {
      best = k
    }
    let plane = layer.height * layer.width
    return (best / plane, best % plane / layer.width, best % layer.width)
  }
}
