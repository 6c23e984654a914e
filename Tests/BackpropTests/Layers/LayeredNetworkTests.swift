import Backprop
import TestSupport
import XCTest

/// Whole layered networks: gradients of the mean cost against the complex step, the chain
/// rule's prefixes against the backward pass, numbering and names.
final class LayeredNetworkTests: XCTestCase {
  static let architectures: [(String, Cost)] = [
    (
      "input 1x6x6, conv 2 3x3, relu, maxpool 2, flatten, dense 3, softmax",
      .categoricalCrossEntropy
    ),
    (
      "input 2x5x5, conv 3 3x3 same, tanh, avgpool 2 stride 1, flatten, dense 2, sigmoid",
      .crossEntropy
    ),
    ("input 1x7x7, conv 2 3x3 stride 2, elu, conv 1 2x2, flatten, dense 2, identity", .mse),
    ("input 4x3, lstm 2, dense 1, sigmoid", .quadratic),
    ("input 4x3, rnn 3, dense 2, identity", .mse),
    ("input 3, dense 4, tanh, dense 2, sigmoid", .quadratic),
  ]

  func network(_ i: Int, samples: Int = 2) throws -> (LayeredNetwork, [Sample]) {
    let (text, cost) = LayeredNetworkTests.architectures[i]
    return try LayeredNetwork.random(
      Architecture.parse(text), cost: cost, sampleCount: samples, seed: UInt64(3 + i))
  }

  func testGradientsMatchComplexStepOfTheMeanCost() throws {
    for i in LayeredNetworkTests.architectures.indices {
      let (net, samples) = try network(i)
      let g = net.gradients(over: samples)
      let theta = net.parameters.map { Complex($0) }
      var kinks = KinkRecord()
      for j in theta.indices {
        var t = theta
        t[j].im = 1e-20
        let d = net.cost(parameters: t, over: samples, kinks: &kinks).im / 1e-20
        assertClose(
          g[j], d, rtol: 1e-12, atol: 1e-14, "\(net.architecture) \(net.parameterName(j))")
      }
    }
  }

  func testChainRulePrefixesMatchTheBackwardPass() throws {
    // ∂C/∂(input of layer k) = ∂C/∂a^L · J_(L−1) ⋯ J_k, composed as Jacobian objects, equals
    // what the layers' VJPs carry back (checked without the fused output shortcut: mse).
    for i in [2, 3, 4] {
      let (net, samples) = try network(i, samples: 1)
      let x = samples[0].input
      for prefix in try chainRulePrefixes(net, input: x, target: samples[0].target) {
        assertClose(
          prefix.chain, prefix.vjp, rtol: 1e-12, atol: 1e-14, "prefix to layer \(prefix.layer)")
      }
    }
  }

  func testLayerNumbersFoldActivationsIntoTheirLayer() throws {
    let (net, _) = try network(0)
    XCTAssertEqual(net.numbers, [1, 1, 2, 3, 4, 4])
    XCTAssertEqual(net.tensorSlots.map(\.name), ["K1", "b1", "W4", "b4"])
    XCTAssertEqual(net.outputQuantity(of: 0).symbol(), "z¹")
    XCTAssertEqual(net.outputQuantity(of: 1).symbol(), "a¹")
    let dense = try LayeredNetwork(
      architecture: Architecture.parse("input 3, dense 4, tanh, dense 2, sigmoid"),
      cost: .quadratic)
    XCTAssertEqual(dense.tensorSlots.map(\.name), ["W1", "b1", "W2", "b2"])
    let lstm = try LayeredNetwork(
      architecture: Architecture.parse("input 4x3, lstm 2, dense 1, sigmoid"), cost: .quadratic)
    XCTAssertEqual(
      lstm.tensorSlots.map(\.name),
      [
        "Wi1", "Ui1", "bi1", "Wf1", "Uf1", "bf1", "Wg1", "Ug1", "bg1", "Wo1", "Uo1", "bo1", "W2",
        "b2",
      ])
  }

  func testParameterNamesRoundTrip() throws {
    let (net, _) = try network(0)
    for i in net.parameters.indices {
      XCTAssertEqual(net.parameterIndex(named: net.parameterName(i)), i)
    }
    XCTAssertEqual(net.parameterName(0), "K1[0,0,0,0]")
    XCTAssertEqual(net.parameterIndex(named: "K¹[1,0,2,2]"), 17)
    XCTAssertNil(net.parameterIndex(named: "K1[2,0,0,0]"))
    XCTAssertNil(net.parameterIndex(named: "K2[0,0,0,0]"))
    XCTAssertNil(net.parameterIndex(named: "K1[0,0,0]"))
  }

  func testALayerThatDoesNotFitNamesTheLayerAndBothShapes() throws {
    // A layer with parameters by its number l and tensors, one without by its --arch item.
    let cases: [(String, String)] = [
      (
        "input 6, conv 2 3x3",
        "layer 1 'conv 2 3x3' (K1, b1) needs an image C×H×W, got the vector 6"
      ),
      (
        "input 1x3x3, conv 2 5x5",
        "layer 1 'conv 2 5x5' (K1, b1) needs an image at least 1×5×5, got the image 1×3×3"
      ),
      (
        "input 1x4x4, dense 3",
        "layer 1 'dense 3' (W1, b1) needs a vector (add flatten before it), got the image 1×4×4"
      ),
      ("input 5, lstm 2", "layer 1 'lstm 2' (Wi1 … bo1) needs a sequence T×F, got the vector 5"),
      (
        "input 1x4x4, conv 1 2x2, maxpool 4",
        "item 2 'maxpool 4' needs an image at least 1×4×4, got the image 1×3×3"
      ),
      // conv 1 3x3 and relu are layer 1; the second conv's tensors are K2, b2.
      (
        "input 1x5x5, conv 1 3x3, relu, conv 1 4x4, flatten, dense 2",
        "layer 2 'conv 1 4x4' (K2, b2) needs an image at least 1×4×4, got the image 1×3×3"
      ),
      (
        "input 6, dense 3, relu, dense 2, relu, dense 9, relu, maxpool 2",
        "item 7 'maxpool 2' needs an image C×H×W, got the vector 9"
      ),
      (
        "input 4x3, rnn 2, tanh, conv 1 1x1",
        "layer 2 'conv 1 1x1' (K2, b2) needs an image C×H×W, got the vector 2"
      ),
    ]
    for (text, message) in cases {
      XCTAssertThrowsError(
        try LayeredNetwork(architecture: Architecture.parse(text), cost: .quadratic)
      ) { error in
        XCTAssertEqual((error as? LayeredNetworkError)?.description, message)
      }
    }
  }

  func testTheArchitectureNumbersItsLayersLikeTheNetwork() throws {
    let a = try Architecture.parse("input 1x5x5, conv 1 3x3, relu, maxpool 1, relu, flatten")
    XCTAssertEqual(a.numbers, [1, 1, 2, 3, 4])
    XCTAssertEqual(try LayeredNetwork(architecture: a, cost: .quadratic).numbers, a.numbers)
    XCTAssertEqual(a.name(of: 1).description, "item 2 'relu'")
    XCTAssertEqual(a.name(of: 0).description, "layer 1 'conv 1 3x3' (K1, b1)")
  }

  func testAMissingOutputActivationNamesTheLastLayer() throws {
    for (text, found) in [
      ("input 3, dense 2", "layer 1 'dense 2' (W1, b1)"),
      ("input 3, dense 2, relu", "item 2 'relu'"),
      ("input 1x2x2, conv 1 1x1, flatten", "item 2 'flatten'"),
    ] {
      XCTAssertThrowsError(
        try LayeredNetwork(architecture: Architecture.parse(text), cost: .crossEntropy), text
      ) { error in
        let message = (error as? LayeredNetworkError)?.description ?? ""
        XCTAssertTrue(message.hasSuffix("must be sigmoid or softmax, found \(found)"), message)
      }
    }
  }

  func testCrossEntropyNeedsASigmoidOrSoftmaxOutput() throws {
    XCTAssertThrowsError(
      try LayeredNetwork(
        architecture: Architecture.parse("input 3, dense 2"), cost: .crossEntropy))
  }
}
