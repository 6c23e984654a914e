/// A finite-difference formula for ∂C/∂θ_i, with its documented default step and tolerances.
///
/// Every real-step method evaluates the cost change ΔC(s) = C(θ + s e_i) − C(θ) at a few
/// offsets s (multiples of the step h) and combines them linearly; C(θ) itself cancels.
/// The complex-step method evaluates C(θ + i h e_i) and takes Im / h.
///
/// | method         | offsets                 | error        | default h |
/// |----------------|-------------------------|--------------|-----------|
/// | central        | ±h                      | O(h²)        | 1e-5      |
/// | forward        | +h                      | O(h)         | 1e-7      |
/// | backward       | −h                      | O(h)         | 1e-7      |
/// | five-point     | ±h, ±2h                 | O(h⁴)        | 1e-3      |
/// | richardson     | ±h, ±h/2, ±h/4, ±h/8    | O(h⁸)        | 1e-2      |
/// | complex-step   | +ih                     | O(h²), exact | 1e-20     |
public enum FiniteDifferenceMethod: String, CaseIterable, Sendable {
  /// (C(θ + h) − C(θ − h)) / 2h. Truncation O(h²), rounding O(ε/h).
  case central
  /// (C(θ + h) − C(θ)) / h. Truncation O(h), rounding O(ε/h).
  case forward
  /// (C(θ) − C(θ − h)) / h. Truncation O(h), rounding O(ε/h).
  case backward
  /// (−C(θ + 2h) + 8C(θ + h) − 8C(θ − h) + C(θ − 2h)) / 12h. Truncation O(h⁴).
  case fivePoint = "five-point"
  /// Central differences at h, h/2, h/4, h/8 combined by Richardson extrapolation; each
  /// level removes the next even power of h, leaving O(h⁸).
  case richardson
  /// Im C(θ + i h) / h. No subtraction, so no cancellation: accurate to rounding.
  case complexStep = "complex-step"

  /// The name used on the command line and in reports.
  public var name: String { rawValue }

  /// Whether this method evaluates the cost at a complex point.
  public var isComplex: Bool { self == .complexStep }

  /// The number of halvings of the step in Richardson extrapolation (4 levels).
  static let richardsonLevels = 4

  /// The default step in double precision.
  public var defaultEpsilon: Double {
    switch self {
    case .central: return 1e-5
    case .forward, .backward: return 1e-7
    case .fivePoint: return 1e-3
    case .richardson: return 1e-2
    case .complexStep: return 1e-20
    }
  }

  /// The default step when the cost is evaluated in `Float` (ε ≈ 1.2e-7): larger, because
  /// rounding error grows like ε/h.
  public var defaultFloatEpsilon: Double {
    switch self {
    case .central: return 1e-2
    case .forward, .backward: return 1e-3
    case .fivePoint: return 5e-2
    case .richardson: return 1e-1
    case .complexStep: return 1e-20
    }
  }

  /// The order p of the truncation error O(h^p).
  public var errorOrder: Int {
    switch self {
    case .central, .complexStep: return 2
    case .forward, .backward: return 1
    case .fivePoint: return 4
    case .richardson: return 2 * FiniteDifferenceMethod.richardsonLevels
    }
  }

  /// The default relative and absolute tolerances for `precision`.
  ///
  /// Chosen so that correct gradients pass for every activation and cost on random networks
  /// while every classic mistake (which changes gradients by tens of percent) fails.
  public func defaultTolerances(precision: Precision) -> (rtol: Double, atol: Double) {
    switch (self, precision) {
    case (.complexStep, _): return (1e-8, 1e-12)
    case (.forward, .double), (.backward, .double): return (1e-4, 1e-6)
    case (_, .double): return (1e-5, 1e-8)
    case (.forward, .float), (.backward, .float): return (1e-1, 5e-3)
    case (_, .float): return (2e-2, 1e-4)
    }
  }

  /// The offsets, as multiples of h, at which the cost change is evaluated (real methods).
  public var offsets: [Double] {
    switch self {
    case .central: return [1, -1]
    case .forward: return [1]
    case .backward: return [-1]
    case .fivePoint: return [2, 1, -1, -2]
    case .richardson:
      var out: [Double] = []
      var s = 1.0
      for _ in 0..<FiniteDifferenceMethod.richardsonLevels {
        out += [s, -s]
        s /= 2
      }
      return out
    case .complexStep: return [1]
    }
  }

  /// Combines the cost changes ΔC(offsets[i] · h) into a derivative estimate.
  ///
  /// - Parameters:
  ///   - changes: ΔC at each of `offsets`, in the same order.
  ///   - h: The step.
  /// - Returns: The estimate of the derivative.
  /// - Complexity: O(`offsets.count`²) for Richardson, O(1) otherwise.
  public func combine(_ changes: [Double], step h: Double) -> Double {
    switch self {
    case .central: return (changes[0] - changes[1]) / (2 * h)
    case .forward: return changes[0] / h
    case .backward: return -changes[0] / h
    case .fivePoint:
      return (-changes[0] + 8 * changes[1] - 8 * changes[2] + changes[3]) / (12 * h)
    case .richardson:
      // Column 0: central differences D(h / 2^i); D(h) = f′ + c₂h² + c₄h⁴ + …, so
      // (4^j D(h/2) − D(h)) / (4^j − 1) removes the h^(2j) term.
      var table: [Double] = []
      var s = h
      for i in 0..<FiniteDifferenceMethod.richardsonLevels {
        table.append((changes[2 * i] - changes[2 * i + 1]) / (2 * s))
        s /= 2
      }
      var factor = 4.0
      for j in 1..<table.count {
        for i in stride(from: table.count - 1, through: j, by: -1) {
          table[i] = (factor * table[i] - table[i - 1]) / (factor - 1)
        }
        factor *= 4
      }
      return table[table.count - 1]
    case .complexStep: return changes[0] / h
    }
  }
}

/// The floating-point type in which the cost is evaluated.
public enum Precision: String, CaseIterable, Sendable {
  /// `Double`, machine epsilon 2.2e-16: the precision to check gradients in.
  case double
  /// `Float`, machine epsilon 1.2e-7: a lesson in why checks are done in double.
  case float
}
