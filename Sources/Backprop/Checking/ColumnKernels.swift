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
  /// The kind is opened once per call and its own `change(at:_:into:width:)` runs
  /// specialised: closed forms where the kind has one (the addition theorems for tanh and
  /// σ, Δz on a linear piece, …), f(z + Δz) − a otherwise. Δz = 0 gives Δa = 0 exactly.
  /// - Precondition: `point.activation` is element-wise.
  static func change(
    at point: UnitPoint, _ dz: UnsafePointer<Double>, into da: UnsafeMutablePointer<Double>,
    width: Int
  ) {
    point.activation.visit(ColumnChange(point: point, dz: dz, da: da, width: width))
  }

  /// The largest shift for which `change` uses the series.
  static let smallShift = 1.0 / 64

  /// Whether the lanes' magnitudes add up to at most `smallShift`.
  ///
  /// Then each is within it; NaN gives false. Summed by halves: the generic reductions
  /// compile to scalar loops.
  @inline(__always)
  static func isSmall(_ d: Lanes) -> Bool {
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
    activation.visit(ColumnApply(z: z, a: a, count: count))
  }

  /// a = f(z) for `count` entries with a vector function `f`, eight lanes at a time.
  @inline(__always)
  static func applyInLanes(
    _ z: UnsafePointer<Double>, into a: UnsafeMutablePointer<Double>, count: Int,
    _ f: (Lanes) -> Lanes
  ) {
    var start = 0
    while start < count {
      var x = Lanes()
      let n = min(8, count - start)
      for i in 0..<n { x[i] = z[start + i] }
      let y = f(x)
      for i in 0..<n { a[start + i] = y[i] }
      start += 8
    }
  }
}

/// `ActivationFunction.change(at:_:into:width:)` for the kind, specialised.
private struct ColumnChange: ActivationVisitor {
  let point: UnitPoint
  let dz: UnsafePointer<Double>
  let da: UnsafeMutablePointer<Double>
  let width: Int
  func visit<F: ActivationFunction>(_ function: F) {
    function.change(at: point, dz, into: da, width: width)
  }
}

/// `ActivationFunction.applyForChanges(_:into:count:)` for the kind, specialised.
private struct ColumnApply: ActivationVisitor {
  let z: UnsafePointer<Double>
  let a: UnsafeMutablePointer<Double>
  let count: Int
  func visit<F: ActivationFunction>(_ function: F) {
    function.applyForChanges(z, into: a, count: count)
  }
}
