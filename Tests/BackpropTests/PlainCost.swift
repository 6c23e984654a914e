import Backprop
import Foundation
import _Differentiation

// The costs of the test target's `_Differentiation` oracles (DifferentiationOracleTests and
// LayerOracle.swift), in their textbook forms (cross-entropies from the probabilities,
// unfused with softmax or sigmoid): they share no numeric code with the library, which only
// names the cost.

/// A cost of the oracles.
enum PlainCost {
  case quadratic, mse, crossEntropy, categoricalCrossEntropy

  /// The oracle's cost for the library's `cost`, by its name.
  init(_ cost: Cost) {
    switch cost.name {
    case "quadratic": self = .quadratic
    case "mse": self = .mse
    case "cross-entropy": self = .crossEntropy
    default: self = .categoricalCrossEntropy
    }
  }
}

/// The cost of one sample with output `a` and target `y`, in its textbook form.
@differentiable(reverse)
func plainSampleCost(_ a: [Double], _ y: [Double], _ cost: PlainCost) -> Double {
  let n = withoutDerivative(at: a.count)
  var total = 0.0
  for i in 0..<n {
    switch cost {
    case .quadratic: total = total + 0.5 * (a[i] - y[i]) * (a[i] - y[i])
    case .mse: total = total + (a[i] - y[i]) * (a[i] - y[i]) / Double(n)
    case .crossEntropy: total = total - (y[i] * log(a[i]) + (1 - y[i]) * log(1 - a[i]))
    case .categoricalCrossEntropy:
      if y[i] != 0 { total = total - y[i] * log(a[i]) }
    }
  }
  return total
}
