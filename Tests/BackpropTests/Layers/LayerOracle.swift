import Backprop
import Foundation
import _Differentiation

// An independent oracle for layered networks: a plain re-implementation of every layer kind
// over flat [Double] arrays, written from the equations in Docs/Conventions.md and
// Docs/Layers.md, and differentiated by the compiler's reverse mode (`_Differentiation`).
// It shares no numeric code with the library: its own shapes and padding, its own loops,
// its own activation and cost formulas (the textbook forms, softmax and cross-entropy
// unfused), its own mean over samples. Only the architecture (kinds and sizes as written)
// and the samples come from the network under test. The math is in LayerOracle+Kinds.swift,
// the activations and costs (shared with DifferentiationOracleTests) in PlainActivation.swift
// and PlainCost.swift.

/// The kind of one oracle layer (payload-free, so the differentiable code can switch on it).
enum PlainLayerKind {
  case dense, conv, maxPool, avgPool, flatten, activation, rnn, lstm
}

/// One layer's kind and sizes, with its shapes worked out by the oracle's own formulas.
///
/// Images are C×H×W (`channels`, `height`, `width`), sequences T×F (`steps`, `features`).
struct PlainLayer {
  var kind: PlainLayerKind
  var function = PlainActivation.identity
  /// The input's sizes.
  var channels = 0, height = 0, width = 0, steps = 0, features = 0
  /// Dense: m inputs, n outputs; rnn and lstm: n units; conv: F filters.
  var inputs = 0, units = 0, filters = 0
  /// Conv kernel kh × kw, pool window k × k, stride s, zero rows above pt, columns left pl.
  var kernelHeight = 0, kernelWidth = 0, stride = 1, padTop = 0, padLeft = 0
  /// The output image's Ho × Wo (conv and pools).
  var outputHeight = 0, outputWidth = 0
  /// The input's and the output's numbers.
  var inputCount = 0, outputCount = 0
  /// The layer's parameters.
  var parameterCount = 0

  /// The layer for `spec` on an input of `dimensions` (already known to fit: the library
  /// built the same network).
  init(_ spec: LayerSpec, input dimensions: [Int]) {
    kind = .flatten
    inputCount = dimensions.reduce(1, *)
    outputCount = inputCount
    if dimensions.count == 3 {
      (channels, height, width) = (dimensions[0], dimensions[1], dimensions[2])
    }
    if dimensions.count == 2 { (steps, features) = (dimensions[0], dimensions[1]) }
    switch spec {
    case .dense(let n):
      kind = .dense
      (inputs, units, outputCount) = (inputCount, n, n)
      parameterCount = n * inputCount + n
    case .conv(let f, let kh, let kw, let s, let padding):
      kind = .conv
      (filters, kernelHeight, kernelWidth, stride) = (f, kh, kw, s)
      if padding == .same {
        // Ho = ⌈H/s⌉; total padding max((Ho − 1)s + kh − H, 0), the smaller half on top.
        outputHeight = (height + s - 1) / s
        outputWidth = (width + s - 1) / s
        padTop = max((outputHeight - 1) * s + kh - height, 0) / 2
        padLeft = max((outputWidth - 1) * s + kw - width, 0) / 2
      } else {
        outputHeight = (height - kh) / s + 1
        outputWidth = (width - kw) / s + 1
      }
      outputCount = f * outputHeight * outputWidth
      parameterCount = f * channels * kh * kw + f
    case .maxPool(let k, let s), .avgPool(let k, let s):
      if case .maxPool = spec { kind = .maxPool } else { kind = .avgPool }
      (kernelHeight, kernelWidth, stride) = (k, k, s)
      outputHeight = (height - k) / s + 1
      outputWidth = (width - k) / s + 1
      outputCount = channels * outputHeight * outputWidth
    case .flatten:
      kind = .flatten
    case .activation(let a):
      kind = .activation
      function = PlainActivation(a)
    case .rnn(let n):
      kind = .rnn
      (units, outputCount) = (n, n)
      parameterCount = n * features + n * n + n
    case .lstm(let n):
      kind = .lstm
      (units, outputCount) = (n, n)
      parameterCount = 4 * (n * features + n * n + n)
    }
  }

  /// The output's dimensions, for the next layer.
  var outputDimensions: [Int] {
    switch kind {
    case .conv: return [filters, outputHeight, outputWidth]
    case .maxPool, .avgPool: return [channels, outputHeight, outputWidth]
    case .dense, .rnn, .lstm, .flatten: return [outputCount]
    case .activation:
      if channels > 0 { return [channels, height, width] }
      if steps > 0 { return [steps, features] }
      return [outputCount]
    }
  }
}

/// A layered network as the oracle sees it: its layers, where each one's parameters start
/// in the flat vector, its cost and its samples.
struct PlainNetwork {
  var layers: [PlainLayer]
  var offsets: [Int]
  var cost: PlainCost
  var inputs: [[Double]]
  var targets: [[Double]]

  /// The oracle for `architecture` with `cost` and `samples`.
  init(_ architecture: Architecture, cost: Cost, samples: [Sample]) {
    var dimensions = architecture.inputShape.dimensions
    layers = []
    offsets = [0]
    for spec in architecture.layers {
      let layer = PlainLayer(spec, input: dimensions)
      layers.append(layer)
      offsets.append((offsets.last ?? 0) + layer.parameterCount)
      dimensions = layer.outputDimensions
    }
    self.cost = PlainCost(cost)
    inputs = samples.map(\.input)
    targets = samples.map(\.target)
  }

  /// The oracle for a library network (its architecture and cost only).
  init(_ network: LayeredNetwork, samples: [Sample]) {
    self.init(network.architecture, cost: network.cost, samples: samples)
  }

  /// The number of parameters, by the oracle's own count.
  var parameterCount: Int { offsets.last ?? 0 }

  /// The network from layer `first` on (its parameters still indexed in the full vector).
  func suffix(from first: Int) -> PlainNetwork {
    var out = self
    out.layers = Array(layers[first...])
    out.offsets = Array(offsets[first...])
    return out
  }
}

/// The output of every layer of `net` from its first, for input `x`.
@differentiable(reverse)
func plainForward(_ p: [Double], _ x: [Double], _ net: PlainNetwork) -> [Double] {
  var a = x
  let count = withoutDerivative(at: net.layers.count)
  for k in 0..<count {
    a = plainLayer(p, net.offsets[k], a, net.layers[k])
  }
  return a
}

/// The mean cost over the network's samples as a function of the flat parameters.
@differentiable(reverse)
func plainMeanCost(_ p: [Double], _ net: PlainNetwork) -> Double {
  var total = 0.0
  let count = withoutDerivative(at: net.inputs.count)
  for s in 0..<count {
    let a = plainForward(p, withoutDerivative(at: net.inputs[s]), net)
    total = total + plainSampleCost(a, net.targets[s], net.cost)
  }
  return total / Double(count)
}

/// A reverse-mode tangent as a plain array of `count` numbers (a zero tangent may come back
/// empty).
func plainTangent(_ tangent: [Double].TangentVector, count: Int) -> [Double] {
  let g = tangent.base
  return g.count < count ? g + [Double](repeating: 0, count: count - g.count) : g
}

/// The oracle's mean cost and its gradient with respect to the flat parameters.
func plainValueWithGradient(_ p: [Double], _ net: PlainNetwork) -> (
  cost: Double, gradient: [Double]
) {
  let (value, tangent) = valueWithGradient(at: p) { plainMeanCost($0, net) }
  return (value, plainTangent(tangent, count: p.count))
}
