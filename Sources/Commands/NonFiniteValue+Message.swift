import Backprop
import CommandLineSupport

extension NonFiniteValue {
  /// One line for stderr naming the layer and sample where the first value that is not
  /// finite appeared: `the network cannot be evaluated: layer 2 of sample 0 gives z²[1] = inf`.
  var message: String {
    let value = NumberFormat.scientific(self.value)
    let sampleText = sample.map { "sample \($0)" } ?? "the mean over samples"
    switch (quantity, entry) {
    case (.cost, _):
      return "the network cannot be evaluated: the cost of \(sampleText) is \(value)"
    case (.gradient, .parameter(let index)):
      return "backprop cannot be evaluated: the mean gradient ∂C/∂\(index) is \(value)"
    default:
      let symbol: String
      switch quantity {
      case .weightedInput: symbol = "z"
      case .activation: symbol = "a"
      default: symbol = "δ"
      }
      var name = Notation.unicode.superscript(symbol, layer)
      if case .unit(let j) = entry { name += "[\(j)]" }
      let pass = quantity == .delta ? "backprop" : "the network"
      return "\(pass) cannot be evaluated: layer \(layer) of \(sampleText) gives \(name) = \(value)"
    }
  }
}

extension CommandError {
  /// Exit status 65 (the network cannot be evaluated) with `value`'s one-line message.
  init(_ value: NonFiniteValue) {
    self.init(.dataError, value.message)
  }
}
