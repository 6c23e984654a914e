/// The math of one per-sample cost C(a, y) in one place: its value, its gradient ∂C/∂a, the
/// stable fused form with its output activation, its symbols, the targets it accepts and the
/// closed form of its change that the batched evaluator uses, if it has one.
///
/// Each cost is a small value type in its own file under `Costs/`; `Cost` names them and maps
/// a name to its cost in one place, `Cost.visit(_:)`.
public protocol CostFunction: Sendable {
  /// The name of this cost.
  var kind: Cost { get }

  /// The output activations this cost accepts, `nil` for any: the logarithms of the
  /// cross-entropies need outputs in (0, 1).
  var allowedOutputActivations: [Activation]? { get }

  /// The interval every target entry must lie in, `nil` for any finite number.
  var targetRange: ClosedRange<Double>? { get }

  /// The output activation with which this cost has a stable fused form computed from z^L
  /// (sigmoid for cross-entropy, softmax for categorical cross-entropy), `nil` for none.
  var fusedActivation: Activation? { get }

  /// The per-sample cost in terms of a_i and y_i, e.g. `½ Σᵢ (aᵢ − yᵢ)²`.
  var formula: MathText { get }

  /// The per-sample cost written with a derivation's symbols.
  ///
  /// - Parameters:
  ///   - a: The output, such as aᴸ.
  ///   - y: The target.
  ///   - ai: The output's entry i.
  ///   - yi: The target's entry i.
  /// - Returns: The formula, with its vector form first where it has one, such as
  ///   `½‖aᴸ − y‖² = ½ Σᵢ (aᵢᴸ − yᵢ)²`.
  func formula(
    output a: MathText, target y: MathText, outputEntry ai: MathText, targetEntry yi: MathText
  ) -> MathText

  /// Whether `formula(output:target:outputEntry:targetEntry:)` uses n, the number of outputs.
  var formulaUsesOutputCount: Bool { get }

  /// ∂C/∂a_i in terms of a_i and y_i, e.g. `aᵢ − yᵢ`.
  var gradientFormula: MathText { get }

  /// The per-sample cost from the output a (any random-access storage with `Int` indices).
  ///
  /// By default the sum of `adding(entry:target:to:)` over the entries, in order, finished
  /// by `cost(fromSum:count:)`.
  /// - Complexity: O(n).
  func value<T: NetworkScalar, A: RandomAccessCollection<T>, Y: RandomAccessCollection<Double>>(
    a: A, target y: Y
  ) -> T where A.Index == Int, Y.Index == Int

  /// The running sum of the cost's terms with the term of one entry added: total + (a − y)²
  /// for the quadratic cost.
  func adding<T: NetworkScalar>(entry a: T, target y: Double, to total: T) -> T

  /// The cost from the sum of its terms over `n` entries: ½ Σ, Σ / n, −Σ.
  func cost<T: NetworkScalar>(fromSum total: T, count n: Int) -> T

  /// The per-sample cost from the output layer's weighted input z in the fused form.
  /// - Precondition: `fusedActivation != nil`.
  /// - Complexity: O(n).
  func fusedValue<
    T: NetworkScalar, Z: RandomAccessCollection<T>, Y: RandomAccessCollection<Double>
  >(z: Z, target y: Y) -> T where Z.Index == Int, Y.Index == Int

  /// Whether the fused δ^L is a (Σ y) − y, which is a − y only for targets summing to 1
  /// (softmax with categorical cross-entropy), rather than a − y.
  var fusedDeltaUsesTargetSum: Bool { get }

  /// δ^L = ∂C/∂z^L in the fused form, without dividing by a or 1 − a.
  /// - Precondition: `fusedActivation != nil`.
  /// - Complexity: O(n).
  func fusedOutputDelta(z: [Double], a: [Double], target y: [Double]) -> [Double]

  /// ∂C/∂a for one sample.
  /// - Complexity: O(n).
  func gradient(_ a: [Double], target y: [Double]) -> [Double]

  /// A random target of `n` entries that this cost is taught with, drawn from `rng`.
  ///
  /// Uniform in [0, 1) unless the cost overrides it (0/1 entries, one-hot).
  func randomTarget(count n: Int, using rng: inout SplitMix64) -> [Double]

  /// Why this cost cannot follow an output layer of `outputs` units with `activation`
  /// although the activation is allowed, `nil` when it can.
  func outputProblem(activation: Activation, outputs: Int) -> String?

  /// The cost's name as a sentence calls it: `the quadratic cost`, otherwise the file name
  /// (`cross-entropy`, …) by default.
  var nameInProse: String { get }

  /// The constant a scale mistake in this cost's gradient most likely lost or added.
  func lostConstant(outputs: Int, outputActivation: Activation) -> LostConstant

  /// Which closed form the batched evaluator uses for this cost's change after an output
  /// layer with `outputActivation`: `.inFull` (none) by default.
  func changeForm(after outputActivation: Activation) -> CostChangeForm

  /// ΔC = C(a + Δa) − C(a) for `width` columns from the output changes Δa, written to
  /// `change`: the batched evaluator's `.fromOutputChanges` form.
  ///
  /// The default is the plain difference of the two costs; a cost with a closed form that
  /// avoids the cancellation provides its own. Either way Δa = 0 must give ΔC = 0 exactly.
  /// - Parameters:
  ///   - a: The output's `n` entries.
  ///   - y: The target's `n` entries.
  ///   - n: The number of outputs.
  ///   - da: Δa of output i in columns `da[i * stride ..< i * stride + width]`.
  ///   - stride: The distance between two outputs' rows in `da`.
  ///   - change: Room for `width` changes.
  ///   - width: The number of columns, a multiple of 8.
  /// - Complexity: O(n · width).
  func outputChange(
    output a: UnsafePointer<Double>, target y: UnsafePointer<Double>, count n: Int,
    changes da: UnsafePointer<Double>, stride: Int, into change: UnsafeMutablePointer<Double>,
    width: Int)

  /// ΔC for `width` columns after a softmax output p = softmax(z), from the shifts Δz,
  /// e = e^Δz − 1 and s = Σᵢ pᵢ eᵢ of each column, written to `change`: the batched
  /// evaluator's `.fromSoftmaxShifts` form.
  ///
  /// The shifted output is p′ = p (1 + e) / (1 + s). The default is the plain difference
  /// C(p′) − C(p); a cost with a closed form provides its own. Δz = 0 must give ΔC = 0.
  /// - Parameters:
  ///   - p: The output's `n` entries.
  ///   - y: The target's `n` entries.
  ///   - n: The number of outputs.
  ///   - dz: Δz of output i in columns `dz[i * stride ..< i * stride + width]`.
  ///   - e: e^Δz − 1, laid out as `dz`.
  ///   - stride: The distance between two outputs' rows in `dz` and `e`.
  ///   - s: Σᵢ pᵢ eᵢ of each column.
  ///   - change: Room for `width` changes.
  ///   - width: The number of columns, a multiple of 8.
  /// - Complexity: O(n · width).
  func softmaxChange(
    output p: UnsafePointer<Double>, target y: UnsafePointer<Double>, count n: Int,
    shifts dz: UnsafePointer<Double>, exponentials e: UnsafePointer<Double>, stride: Int,
    sums s: UnsafePointer<Double>, into change: UnsafeMutablePointer<Double>, width: Int)
}

extension CostFunction {
  /// `cost(fromSum:count:)` of the entries' terms summed in order.
  /// - Complexity: O(n).
  @inlinable
  public func value<
    T: NetworkScalar, A: RandomAccessCollection<T>, Y: RandomAccessCollection<Double>
  >(a: A, target y: Y) -> T where A.Index == Int, Y.Index == Int {
    let (a0, y0) = (a.startIndex, y.startIndex)
    var total = T(0)
    for i in 0..<a.count { total = adding(entry: a[a0 + i], target: y[y0 + i], to: total) }
    return cost(fromSum: total, count: a.count)
  }

  /// The kind's file name, `kind.name`.
  public var nameInProse: String { kind.name }

  /// `false`.
  public var formulaUsesOutputCount: Bool { false }

  /// `false`: a − y, or no fused form.
  public var fusedDeltaUsesTargetSum: Bool { false }

  /// `nil`: every allowed output activation works with any number of outputs.
  public func outputProblem(activation: Activation, outputs: Int) -> String? { nil }

  /// A learning rate, or with the fused output activation also a stray constant in δ^L.
  public func lostConstant(outputs: Int, outputActivation: Activation) -> LostConstant {
    guard fusedActivation == outputActivation else { return .learningRate }
    return .learningRateOrFusedDelta(output: outputActivation, cost: kind)
  }

  /// `n` entries uniform in [0, 1).
  public func randomTarget(count n: Int, using rng: inout SplitMix64) -> [Double] {
    (0..<n).map { _ in rng.nextUniform() }
  }

  /// The index of the first target entry outside `targetRange`, `nil` when all lie in it.
  public func firstInvalidTarget(in y: [Double]) -> Int? {
    guard let range = targetRange else { return nil }
    return y.firstIndex { !range.contains($0) }
  }
}

/// A cost without a fused form: the fused members trap.
public protocol UnfusedCost: CostFunction {}

extension UnfusedCost {
  /// `nil`.
  public var fusedActivation: Activation? { nil }

  /// Traps: this cost has no fused form.
  public func fusedValue<
    T: NetworkScalar, Z: RandomAccessCollection<T>, Y: RandomAccessCollection<Double>
  >(z: Z, target y: Y) -> T where Z.Index == Int, Y.Index == Int {
    preconditionFailure("\(kind.name) has no fused form")
  }

  /// Traps: this cost has no fused form.
  public func fusedOutputDelta(z: [Double], a: [Double], target y: [Double]) -> [Double] {
    preconditionFailure("\(kind.name) has no fused form")
  }
}
