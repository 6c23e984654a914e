import Foundation

/// The loops of the batched evaluator over blocks of columns: a matrix product, a rank-1
/// update and element-wise activations, eight columns at a time.
///
/// A block holds one row per unit and `stride` columns per row (a multiple of 8), row-major,
/// so that one perturbation's values across units form a column and the eight lanes of a
/// SIMD vector are eight perturbations of the same unit.
enum ColumnKernels {
  typealias Lanes = VectorMath.Lanes

  /// Each entry of w written twice in a row, the form `multiply` reads: a pair loads as one
  /// two-lane vector, with no shuffle to broadcast it.
  static func paired(_ w: [Double]) -> [Double] { w.flatMap { [$0, $0] } }

  /// c = w · a for the first `width` columns (a multiple of 8): w is `rows` × `inner`
  /// row-major given as `paired(w)`, a is `inner` × `stride`, c is `rows` × `stride`.
  ///
  /// Four rows by four columns at a time, in two-lane vectors: eight accumulators, which
  /// fit the sixteen vector registers of the baseline x86-64 target without spilling; each
  /// loaded block of a feeds four rows and each loaded pair of w two column pairs.
  /// - Complexity: O(rows · inner · width).
  static func multiply(
    paired w: UnsafePointer<Double>, rows: Int, inner: Int, _ a: UnsafePointer<Double>,
    into c: UnsafeMutablePointer<Double>, width: Int, stride: Int
  ) {
    typealias Pair = SIMD2<Double>
    let source = UnsafeRawPointer(a)
    let weights = UnsafeRawPointer(w)
    let target = UnsafeMutableRawPointer(c)
    let size = MemoryLayout<Double>.stride
    let rowBytes = stride * size
    let pairRow = 2 * inner * size
    var i = 0
    while i + 4 <= rows {
      let w0 = weights + i * pairRow
      var col = 0
      while col < width {
        var s00 = Pair()
        var s01 = Pair()
        var s10 = Pair()
        var s11 = Pair()
        var s20 = Pair()
        var s21 = Pair()
        var s30 = Pair()
        var s31 = Pair()
        var offset = col * size
        var wOffset = 0
        for _ in 0..<inner {
          let a0 = source.loadUnaligned(fromByteOffset: offset, as: Pair.self)
          let a1 = source.loadUnaligned(fromByteOffset: offset + 2 * size, as: Pair.self)
          let v0 = w0.loadUnaligned(fromByteOffset: wOffset, as: Pair.self)
          s00 += v0 * a0
          s01 += v0 * a1
          let v1 = w0.loadUnaligned(fromByteOffset: wOffset + pairRow, as: Pair.self)
          s10 += v1 * a0
          s11 += v1 * a1
          let v2 = w0.loadUnaligned(fromByteOffset: wOffset + 2 * pairRow, as: Pair.self)
          s20 += v2 * a0
          s21 += v2 * a1
          let v3 = w0.loadUnaligned(fromByteOffset: wOffset + 3 * pairRow, as: Pair.self)
          s30 += v3 * a0
          s31 += v3 * a1
          offset += rowBytes
          wOffset += 2 * size
        }
        let out = (i * stride + col) * size
        target.storeBytes(of: s00, toByteOffset: out, as: Pair.self)
        target.storeBytes(of: s01, toByteOffset: out + 2 * size, as: Pair.self)
        target.storeBytes(of: s10, toByteOffset: out + rowBytes, as: Pair.self)
        target.storeBytes(of: s11, toByteOffset: out + rowBytes + 2 * size, as: Pair.self)
        target.storeBytes(of: s20, toByteOffset: out + 2 * rowBytes, as: Pair.self)
        target.storeBytes(of: s21, toByteOffset: out + 2 * rowBytes + 2 * size, as: Pair.self)
        target.storeBytes(of: s30, toByteOffset: out + 3 * rowBytes, as: Pair.self)
        target.storeBytes(of: s31, toByteOffset: out + 3 * rowBytes + 2 * size, as: Pair.self)
        col += 4
      }
      i += 4
    }
    while i < rows {
      let w0 = weights + i * pairRow
      var col = 0
      while col < width {
        var s0 = Pair()
        var s1 = Pair()
        for k in 0..<inner {
          let v = w0.loadUnaligned(fromByteOffset: 2 * k * size, as: Pair.self)
          s0 += v * source.loadUnaligned(fromByteOffset: k * rowBytes + col * size, as: Pair.self)
          s1 +=
            v * source.loadUnaligned(fromByteOffset: k * rowBytes + (col + 2) * size, as: Pair.self)
        }
        target.storeBytes(of: s0, toByteOffset: (i * stride + col) * size, as: Pair.self)
        target.storeBytes(of: s1, toByteOffset: (i * stride + col + 2) * size, as: Pair.self)
        col += 4
      }
      i += 1
    }
  }

  /// Row i of c = column[i] · a, for the first `width` columns (a rank-1 product).
  /// - Complexity: O(rows · width).
  static func outer(
    _ column: (Int) -> Double, rows: Int, _ a: UnsafePointer<Double>,
    into c: UnsafeMutablePointer<Double>, width: Int, stride: Int
  ) {
    for i in 0..<rows {
      let factor = column(i)
      let row = c + i * stride
      for col in 0..<width { row[col] = factor * a[col] }
    }
  }

  /// Δa = f(z + Δz) − a for one unit at `point`, over the first `width` columns (a multiple
  /// of 8) of `dz`, written to `da`.
  ///
  /// For tanh and σ, a block of eight shifts all within `smallShift` uses the addition
  /// theorems, which need no f(z + Δz) at all and lose no digits to cancellation:
  /// tanh(z + d) − tanh z = tanh d · sech² z / (1 + tanh z · tanh d), and
  /// σ(z + d) − σ(z) = −σ(z) σ(−z) · m / (1 + σ(−z) · m) with m = e^(−d) − 1, tanh d and m
  /// by their Taylor series (to d¹¹ and d⁷: truncation below 1e-19 relative). Other blocks
  /// compute f(z + Δz) − a with `VectorMath`. Either way Δz = 0 gives Δa = 0 exactly.
  /// - Precondition: `point.activation` is element-wise.
  static func change(
    at point: UnitPoint, _ dz: UnsafePointer<Double>, into da: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    let source = UnsafeRawPointer(dz)
    let target = UnsafeMutableRawPointer(da)
    let size = MemoryLayout<Double>.stride
    let (z, a, slope, complement) = (point.z, point.a, point.slope, point.complement)
    var col = 0
    switch point.activation {
    case .tanh:
      while col < width {
        let d = source.loadUnaligned(fromByteOffset: col * size, as: Lanes.self)
        let result: Lanes
        if isSmall(d) {
          let d2 = d * d
          var q = Lanes(repeating: -1382.0 / 155_925)
          q = q * d2 + 62.0 / 2835
          q = q * d2 - 17.0 / 315
          q = q * d2 + 2.0 / 15
          q = q * d2 - 1.0 / 3
          let t = d + d * (d2 * q)
          result = t * slope / (1 + a * t)
        } else {
          result = VectorMath.tanh(z + d) - a
        }
        target.storeBytes(of: result, toByteOffset: col * size, as: Lanes.self)
        col += 8
      }
    case .sigmoid:
      while col < width {
        let d = source.loadUnaligned(fromByteOffset: col * size, as: Lanes.self)
        let result: Lanes
        if isSmall(d) {
          // m = e^(−d) − 1 = −d + d²/2 − d³/6 + …
          let x = -d
          var q = Lanes(repeating: 1.0 / 5040)
          q = q * x + 1.0 / 720
          q = q * x + 1.0 / 120
          q = q * x + 1.0 / 24
          q = q * x + 1.0 / 6
          q = q * x + 0.5
          let m = x + (x * x) * q
          result = -slope * m / (1 + complement * m)
        } else {
          result = VectorMath.sigmoid(z + d) - a
        }
        target.storeBytes(of: result, toByteOffset: col * size, as: Lanes.self)
        col += 8
      }
    default:
      for c in 0..<width { da[c] = scalarChange(at: point, dz[c]) }
    }
  }

  /// The change f(z + d) − a of one unit whose kind has no vector kernel.
  ///
  /// It avoids the cancellation of subtracting two nearby values where a closed form
  /// exists: d itself on a linear piece
  /// (relu, leaky relu, elu for z > 0, identity), the slope times d on leaky relu's other
  /// piece, e^z (e^d − 1) for elu at z ≤ 0 and ln(1 + σ(z)(e^d − 1)) for softplus. A step
  /// that changes piece takes f(z + d) − a. d = 0 gives 0 exactly.
  @inline(__always)
  private static func scalarChange(at point: UnitPoint, _ d: Double) -> Double {
    let (z, a) = (point.z, point.a)
    let moved = z + d
    switch point.activation {
    case .identity: return d
    case .relu:
      if z > 0 { return moved > 0 ? d : -a }
      return moved > 0 ? moved : 0
    case .leakyReLU:
      if (z > 0) == (moved > 0) { return z > 0 ? d : Activation.leakySlope * d }
    case .elu:
      if z > 0 && moved > 0 { return d }
      if z <= 0 && moved <= 0 { return point.slope * Foundation.expm1(d) }
    case .softplus:
      return Foundation.log1p(point.slope * Foundation.expm1(d))
    default: break
    }
    return scalar(point.activation, moved) - a
  }

  /// The largest shift for which `change` uses the series.
  static let smallShift = 1.0 / 64

  /// Whether the lanes' magnitudes add up to at most `smallShift`.
  ///
  /// Then each is within it; NaN gives false. Summed by halves: the generic reductions
  /// compile to scalar loops.
  @inline(__always)
  private static func isSmall(_ d: Lanes) -> Bool {
    let magnitude = d.replacing(with: -d, where: d .< 0)
    let four = magnitude.lowHalf + magnitude.highHalf
    let two = four.lowHalf + four.highHalf
    return two[0] + two[1] <= smallShift
  }

  /// a = f(z) for `count` units, with the functions `change` uses.
  /// - Precondition: `activation.isElementwise`.
  static func apply(
    _ activation: Activation, _ z: UnsafePointer<Double>, into a: UnsafeMutablePointer<Double>,
    count: Int
  ) {
    switch activation {
    case .tanh, .sigmoid:
      var start = 0
      while start < count {
        var x = Lanes()
        let n = min(8, count - start)
        for i in 0..<n { x[i] = z[start + i] }
        let y = activation == .tanh ? VectorMath.tanh(x) : VectorMath.sigmoid(x)
        for i in 0..<n { a[start + i] = y[i] }
        start += 8
      }
    default:
      for i in 0..<count { a[i] = scalar(activation, z[i]) }
    }
  }

  /// f(z) for the activations without a vector kernel.
  @inline(__always)
  private static func scalar(_ activation: Activation, _ z: Double) -> Double {
    switch activation {
    case .relu: return z > 0 ? z : 0
    case .identity: return z
    default: return activation.value(z)
    }
  }
}

/// A unit's base point, with what `ColumnKernels.change(at:_:into:width:)` needs besides
/// z and a: f′(z) (sech² z for tanh, σ(z) σ(−z) for σ, e^z for elu at z ≤ 0, σ(z) for
/// softplus) and σ(−z) for σ, each computed without cancellation.
struct UnitPoint: Sendable {
  let activation: Activation
  let z: Double
  let a: Double
  let slope: Double
  let complement: Double

  /// The point of a unit with pre-activation z and activation a (computed as `apply` does).
  init(_ activation: Activation, z: Double, a: Double) {
    self.activation = activation
    self.z = z
    self.a = a
    slope = activation.isElementwise ? activation.derivative(z) : 0
    complement = activation == .sigmoid ? Activation.sigmoid.value(-z) : 0
  }
}
