import Backprop
import XCTest

final class SanityTests: XCTestCase {
  func testBackpropMatchesCentralDifferencesAllPairs() throws {
    for act in Activation.allCases {
      for cost in Cost.allCases {
        let out: Activation =
          cost.allowedOutputActivations == nil ? act : (act == .softmax ? .softmax : .sigmoid)
        let file = try NetworkFile.random(
          RandomNetworkSpec(
            sizes: [3, 4, 3], hiddenActivation: act, outputActivation: out, cost: cost,
            sampleCount: 3, seed: 7))
        let g = file.network.gradients(over: file.samples)
        var net = file.network
        for idx in net.parameterIndices {
          let v = net[idx]
          let h = 1e-6
          net[idx] = v + h
          let cp = net.cost(over: file.samples)
          net[idx] = v - h
          let cm = net.cost(over: file.samples)
          net[idx] = v
          let fd = (cp - cm) / (2 * h)
          XCTAssertEqual(g[idx], fd, accuracy: 1e-6 + 1e-5 * abs(fd), "\(act) \(cost) \(idx)")
        }
        // chain rule agrees with recursion
        let trace = net.forward(file.samples[0].input)
        let back = net.backward(trace, target: file.samples[0].target)
        let chain = net.chainRule(forDeltaOf: 1, trace: trace, target: file.samples[0].target)
        let d1 = chain.evaluate()
        for (x, y) in zip(d1, back.delta[1]) { XCTAssertEqual(x, y, accuracy: 1e-14) }
        // complex step
        var p = Parameters<Complex>(net)
        let idx = net.parameterIndices[2]
        p[idx] = Complex(net[idx], 1e-20)
        let cs = net.cost(with: p, over: file.samples).im / 1e-20
        XCTAssertEqual(cs, g[idx], accuracy: 1e-12 * max(1, abs(cs)), "complex \(act) \(cost)")
      }
    }
  }
}
