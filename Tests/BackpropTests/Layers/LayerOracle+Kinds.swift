import Foundation
import _Differentiation

// The oracle's layer math, one plain function per kind, each written from the equations
// in Docs/Conventions.md and Docs/Layers.md and differentiated by `_Differentiation`.
// Every function reads its parameters from the full flat vector `p` starting at `at`,
// in the documented storage order, and builds its output by appending (the patterns
// `_Differentiation` supports for arrays).

/// One layer's output for input `x`.
@differentiable(reverse)
func plainLayer(_ p: [Double], _ at: Int, _ x: [Double], _ l: PlainLayer) -> [Double] {
  switch l.kind {
  case .dense: return plainDense(p, at, x, l)
  case .conv: return plainConv(p, at, x, l)
  case .maxPool: return plainMaxPool(x, l)
  case .avgPool: return plainAvgPool(x, l)
  case .flatten: return x
  case .activation: return plainActivation(x, l.function)
  case .rnn: return plainRNN(p, at, x, l)
  case .lstm: return plainLSTM(p, at, x, l)
  }
}

/// z = W a + b, W n×m row-major at `at`, then b.
@differentiable(reverse)
func plainDense(_ p: [Double], _ at: Int, _ x: [Double], _ l: PlainLayer) -> [Double] {
  let (n, m) = withoutDerivative(at: (l.units, l.inputs))
  var z: [Double] = []
  for i in 0..<n {
    var s = p[at + n * m + i]
    for k in 0..<m { s = s + p[at + i * m + k] * x[k] }
    z.append(s)
  }
  return z
}

/// z[f,y,x] = b[f] + Σ_c Σ_i Σ_j K[f,c,i,j] · a[c, y·s + i − pt, x·s + j − pl], with a = 0
/// outside the image; K F×C×kh×kw row-major at `at`, then b.
@differentiable(reverse)
func plainConv(_ p: [Double], _ at: Int, _ a: [Double], _ l: PlainLayer) -> [Double] {
  let kernels = withoutDerivative(at: l.filters * l.channels * l.kernelHeight * l.kernelWidth)
  var z: [Double] = []
  for f in 0..<l.filters {
    for y in 0..<l.outputHeight {
      for x in 0..<l.outputWidth {
        var s = p[at + kernels + f]
        for c in 0..<l.channels {
          for i in 0..<l.kernelHeight {
            for j in 0..<l.kernelWidth {
              let u = y * l.stride + i - l.padTop
              let v = x * l.stride + j - l.padLeft
              if u >= 0 && u < l.height && v >= 0 && v < l.width {
                let k = ((f * l.channels + c) * l.kernelHeight + i) * l.kernelWidth + j
                s = s + p[at + k] * a[(c * l.height + u) * l.width + v]
              }
            }
          }
        }
        z.append(s)
      }
    }
  }
  return z
}

/// The flat input indices of pool window (c, y, x), row by row.
func plainWindow(_ l: PlainLayer, _ c: Int, _ y: Int, _ x: Int) -> [Int] {
  var out: [Int] = []
  for i in 0..<l.kernelHeight {
    for j in 0..<l.kernelWidth {
      out.append((c * l.height + y * l.stride + i) * l.width + x * l.stride + j)
    }
  }
  return out
}

/// The window's winner by the documented convention: the largest value, and of equal
/// largest values the first in row order.
func plainWinner(_ a: [Double], _ window: [Int]) -> Int {
  let largest = window.map { a[$0] }.max() ?? 0
  return window.first { a[$0] == largest } ?? 0
}

/// p[c,y,x] = the winner of the k×k window at (y·s, x·s).
@differentiable(reverse)
func plainMaxPool(_ a: [Double], _ l: PlainLayer) -> [Double] {
  var out: [Double] = []
  for c in 0..<l.channels {
    for y in 0..<l.outputHeight {
      for x in 0..<l.outputWidth {
        let k = plainWinner(withoutDerivative(at: a), plainWindow(l, c, y, x))
        out.append(a[k])
      }
    }
  }
  return out
}

/// p[c,y,x] = (1/k²) Σ over the k×k window at (y·s, x·s).
@differentiable(reverse)
func plainAvgPool(_ a: [Double], _ l: PlainLayer) -> [Double] {
  var out: [Double] = []
  let size = withoutDerivative(at: Double(l.kernelHeight * l.kernelWidth))
  for c in 0..<l.channels {
    for y in 0..<l.outputHeight {
      for x in 0..<l.outputWidth {
        let window = withoutDerivative(at: plainWindow(l, c, y, x))
        var s = 0.0
        for k in window { s = s + a[k] }
        out.append(s / size)
      }
    }
  }
  return out
}

/// Σ_k W[i,k] x_t[k] + Σ_j U[i,j] h[j] + b[i] for i < n: one gate's pre-activation, with
/// W (n×F) at `w`, U (n×n) right after it and b (n) after U.
@differentiable(reverse)
func plainAffine(
  _ p: [Double], _ w: Int, _ x: [Double], _ t: Int, _ h: [Double], _ l: PlainLayer
) -> [Double] {
  let (n, f) = withoutDerivative(at: (l.units, l.features))
  var out: [Double] = []
  for i in 0..<n {
    var s = p[w + n * f + n * n + i]
    for k in 0..<f { s = s + p[w + i * f + k] * x[t * f + k] }
    for j in 0..<n { s = s + p[w + n * f + i * n + j] * h[j] }
    out.append(s)
  }
  return out
}

/// h_t = tanh(Wx x_t + Wh h_(t−1) + b), h_0 = 0; the output is h_T.
@differentiable(reverse)
func plainRNN(_ p: [Double], _ at: Int, _ x: [Double], _ l: PlainLayer) -> [Double] {
  var h = withoutDerivative(at: [Double](repeating: 0, count: l.units))
  for t in 0..<l.steps {
    h = plainActivation(plainAffine(p, at, x, t, h, l), .tanh)
  }
  return h
}

/// One LSTM gate's value at step t (0-based) from h_(t−1): gate q of i, f, g, o (σ for
/// i, f, o; tanh for g).
@differentiable(reverse)
func plainGate(
  _ p: [Double], _ at: Int, _ x: [Double], _ t: Int, _ h: [Double], _ l: PlainLayer,
  _ q: Int
) -> [Double] {
  let gate = withoutDerivative(at: l.units * l.features + l.units * l.units + l.units)
  let f: PlainActivation = q == 2 ? .tanh : .sigmoid
  return plainActivation(plainAffine(p, at + q * gate, x, t, h, l), f)
}

/// Steps `first` … T − 1 (0-based) of the LSTM from the states (h, c) before step `first`;
/// returns h_T followed by c_T.
///
///     c_t = f_t ⊙ c_(t−1) + i_t ⊙ g_t,   h_t = o_t ⊙ tanh(c_t)
@differentiable(reverse)
func plainLSTMSteps(
  _ p: [Double], _ at: Int, _ x: [Double], _ h0: [Double], _ c0: [Double], _ l: PlainLayer,
  from first: Int
) -> [Double] {
  let n = withoutDerivative(at: l.units)
  var h = h0
  var c = c0
  for t in first..<l.steps {
    let i = plainGate(p, at, x, t, h, l, 0)
    let f = plainGate(p, at, x, t, h, l, 1)
    let g = plainGate(p, at, x, t, h, l, 2)
    let o = plainGate(p, at, x, t, h, l, 3)
    var cNext: [Double] = []
    var hNext: [Double] = []
    for j in 0..<n {
      let cj = f[j] * c[j] + i[j] * g[j]
      cNext.append(cj)
      hNext.append(o[j] * tanh(cj))
    }
    c = cNext
    h = hNext
  }
  return h + c
}

/// The LSTM's output h_T, from h_0 = c_0 = 0.
@differentiable(reverse)
func plainLSTM(_ p: [Double], _ at: Int, _ x: [Double], _ l: PlainLayer) -> [Double] {
  let zero = withoutDerivative(at: [Double](repeating: 0, count: l.units))
  let hc = plainLSTMSteps(p, at, x, zero, zero, l, from: 0)
  var h: [Double] = []
  for j in 0..<withoutDerivative(at: l.units) { h.append(hc[j]) }
  return h
}
