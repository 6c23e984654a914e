/// How the batched evaluator computes the change of a cost over many columns of shifts of
/// the output layer's weighted input z^L: which closed form the cost gives it, if any.
///
/// A cost declares its form after an output activation in
/// `CostFunction.changeForm(after:)`, and writes the formula in its own file; the evaluator
/// never names a cost.
public enum CostChangeForm: Equatable, Sendable {
  /// No closed form: each column's cost is computed in full, C(z + Δz) − C(z), from the same
  /// functions that gave the base cost (the generic path, and the default).
  case inFull
  /// From the output changes Δa = f(z + Δz) − a, which the evaluator computes without
  /// cancellation: `CostFunction.outputChange(output:target:count:changes:stride:into:width:)`.
  case fromOutputChanges
  /// After a softmax output, from the shifts Δz, e^Δz − 1 and s = Σ p (e^Δz − 1):
  /// `CostFunction.softmaxChange(output:target:count:shifts:exponentials:stride:sums:into:width:)`.
  case fromSoftmaxShifts
}

extension CostFunction {
  /// `.inFull`: no closed form.
  public func changeForm(after outputActivation: Activation) -> CostChangeForm { .inFull }

  /// C(a + Δa) − C(a) per column, each from the sum of `adding(entry:target:to:)`: the plain
  /// difference, without a closed form.
  /// - Complexity: O(n · width).
  public func outputChange(
    output a: UnsafePointer<Double>, target y: UnsafePointer<Double>, count n: Int,
    changes da: UnsafePointer<Double>, stride: Int, into change: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    var base = 0.0
    for i in 0..<n { base = adding(entry: a[i], target: y[i], to: base) }
    let before: Double = cost(fromSum: base, count: n)
    for c in 0..<width {
      var total = 0.0
      for i in 0..<n { total = adding(entry: a[i] + da[i * stride + c], target: y[i], to: total) }
      change[c] = cost(fromSum: total, count: n) - before
    }
  }

  /// C(p′) − C(p) per column with p′ = p (1 + e) / (1 + s), the shifted softmax, each from
  /// the sum of `adding(entry:target:to:)`: the plain difference, without a closed form.
  /// - Complexity: O(n · width).
  public func softmaxChange(
    output p: UnsafePointer<Double>, target y: UnsafePointer<Double>, count n: Int,
    shifts dz: UnsafePointer<Double>, exponentials e: UnsafePointer<Double>, stride: Int,
    sums s: UnsafePointer<Double>, into change: UnsafeMutablePointer<Double>, width: Int
  ) {
    var base = 0.0
    for i in 0..<n { base = adding(entry: p[i], target: y[i], to: base) }
    let before: Double = cost(fromSum: base, count: n)
    for c in 0..<width {
      var total = 0.0
      for i in 0..<n {
        let shifted = p[i] * (1 + e[i * stride + c]) / (1 + s[c])
        total = adding(entry: shifted, target: y[i], to: total)
      }
      change[c] = cost(fromSum: total, count: n) - before
    }
  }
}
