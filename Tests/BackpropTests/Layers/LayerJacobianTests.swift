import Backprop
import TestSupport
import XCTest

/// Local Jacobians against finite differences, and their structures.
final class LayerJacobianTests: XCTestCase {
  func testLocalJacobiansMatchCentralDifferences() throws {
    for c in try layerCases() {
      let j = c.layer.jacobian(
        c.x, parameters: c.p, output: .a(1, c.layer.outputShape.count),
        input: .a(0, c.x.count))
      let fd = centralDifferenceJacobian(of: { c.layer.forward($0, parameters: c.p) }, at: c.x)
      assertClose(j.matrix, fd, rtol: 1e-7, atol: 1e-8, c.name)
      // The product with g uses the structure, not the dense matrix.
      assertClose(
        j.vectorProduct(c.g), fd.leftMultiplied(by: c.g), rtol: 1e-7, atol: 1e-8, c.name)
    }
  }

  func testStructuresSuitTheKind() throws {
    let expected: [String: String] = [
      "dense": "dense", "conv": "sparse", "maxpool": "selection", "avgpool": "sparse",
      "flatten": "identity", "tanh": "diagonal", "relu": "diagonal", "sigmoid": "diagonal",
      "softmax": "dense", "rnn": "dense", "lstm": "dense",
    ]
    for c in try layerCases() {
      let kind = String(c.layer.spec.description.split(separator: " ")[0])
      let j = c.layer.jacobian(
        c.x, parameters: c.p, output: .a(1, c.layer.outputShape.count),
        input: .a(0, c.x.count))
      XCTAssertEqual(j.structure.name, expected[kind], c.name)
    }
  }

  func testConvolutionJacobianIsBanded() throws {
    // 1 channel 4×4, one 2×2 kernel, valid: output (y, x) reads input rows y, y+1 and
    // columns x, x+1, so row (y, x) has non-zeros exactly at 4y+x, 4y+x+1, 4y+x+4, 4y+x+5.
    let layer = try LayerSpec.conv(filters: 1, height: 2, width: 2, stride: 1, padding: .valid)
      .fitted(to: .image(channels: 1, height: 4, width: 4), position: 1)
    let k = [1.0, 2, 3, 4, 0.5]
    let j = layer.jacobian(
      [Double](repeating: 1, count: 16), parameters: k, output: .z(1, 9), input: .a(0, 16))
    for y in 0..<3 {
      for x in 0..<3 {
        let base = 4 * y + x
        for col in 0..<16 {
          let want: Double =
            col == base ? 1 : col == base + 1 ? 2 : col == base + 4 ? 3 : col == base + 5 ? 4 : 0
          XCTAssertEqual(j[3 * y + x, col], want, "row \(3 * y + x) column \(col)")
        }
      }
    }
  }

  func testMaxPoolRoutesToTheLargestEntry() throws {
    let layer = try LayerSpec.maxPool(size: 2, stride: 2)
      .fitted(to: .image(channels: 1, height: 2, width: 4), position: 1)
    let x = [1.0, 5, 2, 0, 3, 4, 7, 1]
    XCTAssertEqual(layer.forward(x, parameters: []), [5, 7])
    XCTAssertEqual(
      layer.backward(x, parameters: [], outputGradient: [10, 20]).input,
      [0, 10, 0, 0, 0, 0, 20, 0])
  }

  func testMaxPoolTieIsRecordedAsAKink() throws {
    let layer = try LayerSpec.maxPool(size: 2, stride: 2)
      .fitted(to: .image(channels: 1, height: 2, width: 2), position: 1)
    var record = KinkRecord()
    _ = layer.forward([3.0, 3, 1, 0], parameters: [], kinks: &record)
    XCTAssertEqual(record.atKink, 1)
    var clear = KinkRecord()
    _ = layer.forward([3.0, 2, 1, 0], parameters: [], kinks: &clear)
    XCTAssertEqual(clear.atKink, 0)
  }
}
