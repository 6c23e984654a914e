import Foundation

extension BatchedEvaluator {
  /// Chebyshev nodes of the interpolant (one of them 0, where ΔC is 0 exactly).
  static let interpolationNodes = 13
  /// Columns computed to interpolate: the nonzero nodes and four checks.
  static let interpolationColumns = 16
  /// How far an interpolated ΔC may be from the computed one at a check, relative to the
  /// largest |ΔC| at a node: about 1000 u, and far below the truncation error of any
  /// finite difference.
  static let interpolationTolerance = 1e-13

  /// Every column of sample `s` from a polynomial through 16 computed ones, if it fits.
  ///
  /// For one sample, the cost change is a function F(δ) of the shift δ of z^l_j alone, and
  /// all of the row's columns evaluate the same F at different shifts. Where F is smooth on
  /// [−R, R] (R the largest |δ|: no break of layer l within reach, none above), F is
  /// computed at the 13 Chebyshev points R cos(iπ/12) (F(0) = 0 needs no work) and at four
  /// of the actual shifts (the two extremes and two inside), and every column is read off
  /// the interpolating polynomial in barycentric form, which is stable at Chebyshev points
  /// and keeps its relative accuracy near δ = 0. When an interpolated value misses a
  /// computed check by more than `interpolationTolerance` times the largest |F| at a node
  /// (a large step, a sharp network), nothing is recorded and the caller computes every
  /// column.
  /// - Returns: Whether the columns were recorded.
  /// - Complexity: O(16 · (n_(l+1) + Σ_(k>l+1) n_k n_(k−1)) + 13 · count).
  func interpolate(
    row j: Int, layer l: Int, sample s: Int, count: Int, workspace w: BatchedWorkspace,
    output: BatchedOutput
  ) -> Bool {
    guard smoothAbove[l] else { return false }
    var radius = 0.0
    var (lowest, highest) = (0, 0)
    for c in 0..<count {
      radius = max(radius, abs(w.allShifts[c]))
      if w.allShifts[c] < w.allShifts[lowest] { lowest = c }
      if w.allShifts[c] > w.allShifts[highest] { highest = c }
    }
    guard radius > 0, radius.isFinite else { return false }
    let z0 = z[l][s * sizes[l] + j]
    // A shift that could reach this unit's own break leaves F not smooth.
    if !breaks[l].isEmpty && !(abs(z0) > 2 * radius) { return false }

    let nodes = BatchedEvaluator.interpolationNodes
    let half = nodes / 2
    let x = w.nodeShifts
    for i in 0..<half {
      x[i] = radius * Foundation.cos(Double(i) * Double.pi / Double(nodes - 1))
      x[nodes - 1 - i] = -x[i]
    }
    x[half] = 0
    let checks = [lowest, highest, count / 3, (2 * count) / 3]
    var column = 0
    for i in 0..<nodes where i != half {
      w.shift[column] = x[i]
      column += 1
    }
    for c in checks {
      w.shift[column] = w.allShifts[c]
      column += 1
    }
    let moved = evaluate(
      row: j, layer: l, sample: s, width: BatchedEvaluator.interpolationColumns, workspace: w)
    guard moved else { return true }  // every change is exactly 0
    let f = w.nodeValues
    column = 0
    var scale = 0.0
    for i in 0..<nodes {
      if i == half {
        f[i] = 0
      } else {
        f[i] = w.costChange[column]
        column += 1
      }
      scale = max(scale, abs(f[i]))
    }
    guard scale.isFinite else { return false }
    let tolerance = BatchedEvaluator.interpolationTolerance * scale
    for (k, c) in checks.enumerated() {
      let computed = w.costChange[nodes - 1 + k]
      let estimate = BatchedEvaluator.barycentric(at: w.allShifts[c], nodes: x, values: f)
      guard abs(estimate - computed) <= tolerance else { return false }
    }
    var c = 0
    while c + 8 <= count {
      let t = UnsafeRawPointer(w.allShifts + c).loadUnaligned(as: VectorMath.Lanes.self)
      if let v = BatchedEvaluator.barycentric(lanes: t, nodes: x, values: f) {
        for k in 0..<8 { output.changes[w.allSlots[c + k]] += v[k] }
      } else {
        for k in 0..<8 {
          output.changes[w.allSlots[c + k]] += BatchedEvaluator.barycentric(
            at: w.allShifts[c + k], nodes: x, values: f)
        }
      }
      c += 8
    }
    while c < count {
      output.changes[w.allSlots[c]] += BatchedEvaluator.barycentric(
        at: w.allShifts[c], nodes: x, values: f)
      c += 1
    }
    return true
  }

  /// `barycentric(at:nodes:values:)` in eight lanes at once, with the same operations in
  /// the same order (so the same results), or `nil` when a lane sits exactly on a node.
  static func barycentric(
    lanes t: VectorMath.Lanes, nodes x: UnsafeMutablePointer<Double>,
    values f: UnsafeMutablePointer<Double>
  ) -> VectorMath.Lanes? {
    typealias Lanes = VectorMath.Lanes
    let n = interpolationNodes
    var numerator = Lanes()
    var denominator = Lanes()
    var onNode = Lanes()
    for i in 0..<n {
      let d = t - x[i]
      onNode.replace(with: 1, where: d .== 0)
      var weight = i % 2 == 0 ? 1.0 : -1.0
      if i == 0 || i == n - 1 { weight *= 0.5 }
      let term = weight / d
      numerator += term * f[i]
      denominator += term
    }
    let four = onNode.lowHalf + onNode.highHalf
    let two = four.lowHalf + four.highHalf
    guard two[0] + two[1] == 0 else { return nil }
    return numerator / denominator
  }

  /// The polynomial through (`nodes[i]`, `values[i]`) at `t`, for the Chebyshev extrema
  /// R cos(iπ/(N − 1)): weights (−1)^i, halved at both ends (second barycentric form).
  static func barycentric(
    at t: Double, nodes x: UnsafeMutablePointer<Double>, values f: UnsafeMutablePointer<Double>
  ) -> Double {
    let n = interpolationNodes
    var numerator = 0.0
    var denominator = 0.0
    for i in 0..<n {
      let d = t - x[i]
      if d == 0 { return f[i] }
      var weight = i % 2 == 0 ? 1.0 : -1.0
      if i == 0 || i == n - 1 { weight *= 0.5 }
      let term = weight / d
      numerator += term * f[i]
      denominator += term
    }
    return numerator / denominator
  }
}
