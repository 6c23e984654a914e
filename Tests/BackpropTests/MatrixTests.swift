import Backprop
import TestSupport
import XCTest

final class MatrixTests: XCTestCase {
  // A = [1 2 3; 4 5 6], 2 x 3, and hand-computed products.
  private let a = Matrix(rows: 2, columns: 3, storage: [1, 2, 3, 4, 5, 6])

  func testShapeStorageAndAccess() throws {
    XCTAssertEqual(a.rows, 2)
    XCTAssertEqual(a.columns, 3)
    XCTAssertTrue(a.shape == (2, 3))
    XCTAssertEqual(a[1, 0], 4)
    XCTAssertEqual(a[0, 2], 3)
    XCTAssertEqual(a.row(1), [4, 5, 6])
    XCTAssertEqual(a.column(2), [3, 6])
    XCTAssertEqual(a.rowArrays, [[1, 2, 3], [4, 5, 6]])
    XCTAssertEqual(Matrix(rowArrays: [[1, 2, 3], [4, 5, 6]]), a)
    XCTAssertNil(Matrix(rowArrays: [[1, 2], [3]]))
    XCTAssertEqual(Matrix(column: [7, 8]), Matrix(rows: 2, columns: 1, storage: [7, 8]))
    XCTAssertEqual(Matrix(rows: 2, columns: 2, repeating: 3).storage, [3, 3, 3, 3])
    XCTAssertEqual(Matrix.identity(2).storage, [1, 0, 0, 1])
    XCTAssertEqual(Matrix.diagonal([2, 3]).storage, [2, 0, 0, 3])
    var m = a
    m[0, 1] = -1
    XCTAssertEqual(m.storage, [1, -1, 3, 4, 5, 6])
  }

  func testTransposeAndNorm() {
    XCTAssertEqual(a.transposed, Matrix(rows: 3, columns: 2, storage: [1, 4, 2, 5, 3, 6]))
    XCTAssertEqual(a.transposed.transposed, a)
    // √(1 + 4 + 9 + 16 + 25 + 36) = √91.
    XCTAssertEqual(a.frobeniusNorm, 91.0.squareRoot())
  }

  func testProductsAgainstHandComputedValues() {
    // A [1, 0, −1] = [1 − 3, 4 − 6] = [−2, −2].
    XCTAssertEqual(a.multiplied(by: [1, 0, -1]), [-2, -2])
    // Aᵀ [1, 2] = [1 + 8, 2 + 10, 3 + 12] = [9, 12, 15].
    XCTAssertEqual(a.transposeMultiplied(by: [1, 2]), [9, 12, 15])
    XCTAssertEqual(a.leftMultiplied(by: [1, 2]), [9, 12, 15])
    // A Aᵀ = [14 32; 32 77].
    XCTAssertEqual(
      a.multiplied(by: a.transposed), Matrix(rows: 2, columns: 2, storage: [14, 32, 32, 77]))
    // Aᵀ A = [17 22 27; 22 29 36; 27 36 45].
    XCTAssertEqual(
      a.transposed.multiplied(by: a),
      Matrix(rows: 3, columns: 3, storage: [17, 22, 27, 22, 29, 36, 27, 36, 45]))
    XCTAssertEqual(a.multiplied(by: .identity(3)), a)
    XCTAssertEqual(Matrix.identity(2).multiplied(by: a), a)
    // u vᵀ for u = [1, 2], v = [3, 4, 5].
    XCTAssertEqual(
      Matrix.outer([1, 2], [3, 4, 5]), Matrix(rows: 2, columns: 3, storage: [3, 4, 5, 6, 8, 10]))
    XCTAssertEqual(a + a, 2 * a)
    XCTAssertEqual((a - a).storage, [0, 0, 0, 0, 0, 0])
    XCTAssertEqual((0.5 * a).storage, [0.5, 1, 1.5, 2, 2.5, 3])
    // Empty shapes work.
    XCTAssertEqual(Matrix(rows: 0, columns: 3).multiplied(by: [1, 2, 3]), [])
    XCTAssertEqual(Matrix(rows: 2, columns: 0).multiplied(by: []), [0, 0])
  }

  func testVectorHelpers() {
    XCTAssertEqual(Vector.hadamard([1, 2, 3], [4, 5, 6]), [4, 10, 18])
    XCTAssertEqual(Vector.dot([1, 2, 3], [4, 5, 6]), 32)
    XCTAssertEqual(Vector.norm([3, 4]), 5)
    XCTAssertEqual(Vector.dot([], []), 0)
  }

  /// Products of random matrices against a plain triple loop over `rowArrays`.
  func testRandomProductsAgainstNaiveLoops() {
    var rng = SplitMix64(seed: 55)
    for _ in 0..<20 {
      let (m, n, p) = (
        1 + rng.nextInt(below: 5), 1 + rng.nextInt(below: 5), 1 + rng.nextInt(below: 5)
      )
      let x = Matrix(rows: m, columns: n, storage: (0..<(m * n)).map { _ in rng.nextGaussian() })
      let y = Matrix(rows: n, columns: p, storage: (0..<(n * p)).map { _ in rng.nextGaussian() })
      let v = (0..<n).map { _ in rng.nextGaussian() }
      let w = (0..<m).map { _ in rng.nextGaussian() }
      let xr = x.rowArrays
      let yr = y.rowArrays
      var expected = [[Double]](repeating: [Double](repeating: 0, count: p), count: m)
      for i in 0..<m { for j in 0..<p { for k in 0..<n { expected[i][j] += xr[i][k] * yr[k][j] } } }
      assertClose(
        x.multiplied(by: y).rowArrays.flatMap { $0 }, expected.flatMap { $0 }, rtol: 1e-14,
        atol: 1e-14)
      let xv = (0..<m).map { i in (0..<n).reduce(0.0) { $0 + xr[i][$1] * v[$1] } }
      assertClose(x.multiplied(by: v), xv, rtol: 1e-14, atol: 1e-14)
      let wx = (0..<n).map { k in (0..<m).reduce(0.0) { $0 + w[$1] * xr[$1][k] } }
      assertClose(x.transposeMultiplied(by: w), wx, rtol: 1e-14, atol: 1e-14)
    }
  }

  /// Bracket art, as in the seed's comments.
  func testBracketArt() {
    let m = Matrix(rows: 2, columns: 2, storage: [0.15, 0.2, 0.25, 0.3])
    XCTAssertEqual(m.description, "⎡ 0.15  0.2 ⎤\n⎣ 0.25  0.3 ⎦")
    XCTAssertEqual(m.bracketArt(notation: .ascii), ["/ 0.15  0.2 \\", "\\ 0.25  0.3 /"])
    XCTAssertEqual(Matrix(rows: 1, columns: 2, storage: [1, -2]).description, "[ 1  -2 ]")
    let tall = Matrix(column: [1, 22, 0.593269992])
    XCTAssertEqual(tall.bracketArt(), ["⎡       1 ⎤", "⎢      22 ⎥", "⎣ 0.59327 ⎦"])
    XCTAssertEqual(NumberFormat.significant(1.2e-7, digits: 6), "1.2e-07")
    XCTAssertEqual(NumberFormat.significant(.nan, digits: 6), "nan")
    XCTAssertEqual(NumberFormat.significant(-.infinity, digits: 6), "-inf")
  }
}
