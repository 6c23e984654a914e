import TestSupport
import XCTest

@testable import Backprop

/// The convolution's backward pass as `nn-explain` works it out (zero-padded gradient,
/// kernels turned by 180°, their correlation) against the complex step, which does not use
/// any backward pass.
final class ConvolutionBackwardTests: XCTestCase {
  func testTheFullCorrelationWithTheFlippedKernelIsTheInputGradient() throws {
    let cases: [(LayerSpec, TensorShape)] = [
      (
        .conv(filters: 2, height: 3, width: 3, stride: 1, padding: .valid),
        .image(channels: 1, height: 4, width: 4)
      ),
      (
        .conv(filters: 2, height: 2, width: 3, stride: 1, padding: .valid),
        .image(channels: 2, height: 4, width: 5)
      ),
      (
        .conv(filters: 1, height: 3, width: 3, stride: 1, padding: .same),
        .image(channels: 2, height: 4, width: 4)
      ),
      (
        .conv(filters: 2, height: 3, width: 3, stride: 2, padding: .same),
        .image(channels: 2, height: 5, width: 5)
      ),
      (
        .conv(filters: 3, height: 2, width: 2, stride: 2, padding: .valid),
        .image(channels: 1, height: 5, width: 4)
      ),
    ]
    for (n, (spec, input)) in cases.enumerated() {
      let c = try LayerCase(spec, input: input, seed: UInt64(40 + n))
      let conv = try XCTUnwrap(c.layer as? Conv2DLayer)
      let work = ConvolutionBackward(conv, parameters: c.p, outputGradient: c.g)
      let reference = c.complexStepVJP().input
      XCTAssertEqual(work.inputGradient.count, reference.count, c.name)
      for (a, b) in zip(work.inputGradient, reference) {
        XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)), c.name)
      }
      // The flipped kernel is the kernel read backwards in both directions.
      let (kh, kw) = (conv.kernelHeight, conv.kernelWidth)
      XCTAssertEqual(work.flipped[0], c.p[kh * kw - 1], c.name)
      XCTAssertEqual(work.flipped[kh * kw - 1], c.p[0], c.name)
    }
  }

  func testThePaddedGradientHoldsEachOutputGradientOnceAndZerosElsewhere() throws {
    let c = try LayerCase(
      .conv(filters: 2, height: 3, width: 3, stride: 1, padding: .valid),
      input: .image(channels: 1, height: 4, width: 4), seed: 7)
    let conv = try XCTUnwrap(c.layer as? Conv2DLayer)
    let work = ConvolutionBackward(conv, parameters: c.p, outputGradient: c.g)
    // 2 filters × 6 × 6, the 2 × 2 gradient of each in the middle (rows and columns 2, 3).
    XCTAssertEqual(work.padded.count, 72)
    XCTAssertEqual(work.padded.filter { $0 != 0 }.sorted(), c.g.sorted())
    XCTAssertEqual(work.padded[2 * 6 + 2], c.g[0])
    XCTAssertEqual(work.padded[36 + 3 * 6 + 3], c.g[7])
  }
}
