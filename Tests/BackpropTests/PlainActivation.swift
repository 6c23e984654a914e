import Backprop
import Foundation
import _Differentiation

// The activations of the test target's `_Differentiation` oracles (DifferentiationOracleTests
// and LayerOracle.swift), in their textbook forms and written from Docs/Activations.md: they
// share no numeric code with the library, which only names the activation.

/// An activation of the oracles.
enum PlainActivation {
  case sigmoid, tanh, relu, leakyReLU, elu, softplus, identity, softmax

  /// The oracle's activation for the library's `activation`, by its name.
  init(_ activation: Activation) {
    switch activation.name {
    case "sigmoid": self = .sigmoid
    case "tanh": self = .tanh
    case "relu": self = .relu
    case "leaky-relu": self = .leakyReLU
    case "elu": self = .elu
    case "softplus": self = .softplus
    case "softmax": self = .softmax
    default: self = .identity
    }
  }
}

/// One element-wise activation, in its textbook form (Docs/Activations.md).
@differentiable(reverse)
func plainActivate(_ z: Double, _ f: PlainActivation) -> Double {
  switch f {
  case .sigmoid: return 1 / (1 + exp(-z))
  case .tanh: return tanh(z)
  case .relu:
    if z > 0 { return z }
    return 0 * z
  case .leakyReLU:
    if z > 0 { return z }
    return 0.01 * z
  case .elu:
    if z > 0 { return z }
    return exp(z) - 1
  case .softplus: return log(1 + exp(z))
  case .identity, .softmax: return z
  }
}

/// a = f(z) element-wise, or softmax over the vector (shifted by its largest entry).
@differentiable(reverse)
func plainActivation(_ z: [Double], _ f: PlainActivation) -> [Double] {
  let n = withoutDerivative(at: z.count)
  var out: [Double] = []
  if f == .softmax {
    let largest = withoutDerivative(at: z.max() ?? 0)
    var e: [Double] = []
    var total = 0.0
    for j in 0..<n {
      let v = exp(z[j] - largest)
      e.append(v)
      total = total + v
    }
    for j in 0..<n { out.append(e[j] / total) }
    return out
  }
  for j in 0..<n { out.append(plainActivate(z[j], f)) }
  return out
}
