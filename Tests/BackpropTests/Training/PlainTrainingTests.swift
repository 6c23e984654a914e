import Backprop
import XCTest

/// Training compared with a separate plain implementation written here: nested arrays,
/// loops, sigmoid layers and the quadratic cost ½‖a − y‖², no library maths.
final class PlainTrainingTests: XCTestCase {
  /// A sigmoid network with the quadratic cost, as plain arrays: `w[l][j][k]`, `b[l][j]`.
  struct PlainNetwork {
    var w: [[[Double]]]
    var b: [[Double]]

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    func activations(_ x: [Double]) -> [[Double]] {
      var a = [x]
      for l in w.indices {
        a.append(
          w[l].indices.map { j in
            var z = b[l][j]
            for k in w[l][j].indices { z += w[l][j][k] * a[l][k] }
            return Self.sigmoid(z)
          })
      }
      return a
    }

    func cost(_ samples: [Sample]) -> Double {
      var total = 0.0
      for s in samples {
        let out = activations(s.input).last ?? []
        for i in out.indices { total += 0.5 * (out[i] - s.target[i]) * (out[i] - s.target[i]) }
      }
      return total / Double(samples.count)
    }

    /// The mean gradient over `samples`, shaped like (w, b).
    func gradient(_ samples: [Sample]) -> ([[[Double]]], [[Double]]) {
      var gw = w.map { $0.map { $0.map { _ in 0.0 } } }
      var gb = b.map { $0.map { _ in 0.0 } }
      let m = Double(samples.count)
      for s in samples {
        let a = activations(s.input)
        let depth = w.count
        let out = a[depth]
        var delta: [Double] = []
        for i in out.indices {
          let e: Double = out[i] - s.target[i]
          delta.append(e * out[i] * (1 - out[i]))
        }
        for l in stride(from: depth - 1, through: 0, by: -1) {
          for j in w[l].indices {
            gb[l][j] += delta[j] / m
            for k in w[l][j].indices { gw[l][j][k] += delta[j] * a[l][k] / m }
          }
          if l > 0 {
            var below: [Double] = []
            for k in w[l][0].indices {
              var sum = 0.0
              for j in w[l].indices { sum += w[l][j][k] * delta[j] }
              below.append(sum * a[l][k] * (1 - a[l][k]))
            }
            delta = below
          }
        }
      }
      return (gw, gb)
    }

    mutating func move(_ g: ([[[Double]]], [[Double]]), by eta: Double) {
      for l in w.indices {
        for j in w[l].indices {
          b[l][j] -= eta * g.1[l][j]
          for k in w[l][j].indices { w[l][j][k] -= eta * g.0[l][j][k] }
        }
      }
    }
  }

  /// The lab's half-adder network (2-3-2, sigmoid, quadratic) and its four samples.
  private func halfAdder() throws -> (Network, PlainNetwork, [Sample]) {
    let w: [[[Double]]] = [
      [[0.8, -0.6], [-0.4, 0.9], [0.3, 0.5]], [[0.7, -0.2, 0.4], [-0.5, 0.6, 0.1]],
    ]
    let b: [[Double]] = [[0.1, -0.3, 0.2], [-0.1, 0.05]]
    let network = try Network(
      sizes: [2, 3, 2], activations: [.sigmoid, .sigmoid], cost: .quadratic,
      weights: w.compactMap { Matrix(rowArrays: $0) }, biases: b)
    return (network, PlainNetwork(w: w, b: b), DataSet.halfAdder.samples(seed: 0))
  }

  private func assertSame(
    _ network: Network, _ plain: PlainNetwork, tolerance: Double, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    for l in plain.w.indices {
      XCTAssertEqual(network.biases[l].count, plain.b[l].count, file: file, line: line)
      for j in plain.w[l].indices {
        XCTAssertEqual(
          network.biases[l][j], plain.b[l][j], accuracy: tolerance, file: file, line: line)
        for k in plain.w[l][j].indices {
          XCTAssertEqual(
            network.weights[l][j, k], plain.w[l][j][k], accuracy: tolerance, file: file, line: line)
        }
      }
    }
  }

  func testFullBatchGradientDescentMatchesThePlainLoop() throws {
    var (network, plain, samples) = try halfAdder()
    let run = Trainer.train(
      network, on: samples,
      options: TrainingOptions(epochs: 300, learningRate: 0.5, recordEvery: 100))
    for _ in 0..<300 { plain.move(plain.gradient(samples), by: 0.5) }
    assertSame(run.network, plain, tolerance: 1e-13)
    XCTAssertEqual(run.finalCost, plain.cost(samples), accuracy: 1e-15)
    XCTAssertEqual(run.history.map(\.epoch), [0, 100, 200, 300])
    network = run.network
    XCTAssertLessThan(network.cost(over: samples), run.history[0].cost)
  }

  func testOnlineTrainingMatchesThePlainLoopOneSampleAStep() throws {
    let (network, initialPlain, samples) = try halfAdder()
    var plain = initialPlain
    let run = Trainer.train(
      network, on: samples,
      options: TrainingOptions(epochs: 40, learningRate: 0.3, batching: .online))
    for _ in 0..<40 { for s in samples { plain.move(plain.gradient([s]), by: 0.3) } }
    assertSame(run.network, plain, tolerance: 1e-13)
  }

  func testMiniBatchesFollowTheSeededShuffle() throws {
    let (network, initialPlain, samples) = try halfAdder()
    var plain = initialPlain
    let run = Trainer.train(
      network, on: samples,
      options: TrainingOptions(epochs: 20, learningRate: 0.4, batching: .miniBatch(3), seed: 7))
    // The same Fisher–Yates shuffle by SplitMix64, every epoch; batches of 3 then 1.
    var rng = SplitMix64(seed: 7)
    var order = Array(samples.indices)
    for _ in 0..<20 {
      for i in stride(from: order.count - 1, to: 0, by: -1) {
        order.swapAt(i, rng.nextInt(below: i + 1))
      }
      plain.move(plain.gradient(order[0..<3].map { samples[$0] }), by: 0.4)
      plain.move(plain.gradient([samples[order[3]]]), by: 0.4)
    }
    assertSame(run.network, plain, tolerance: 1e-13)
  }

  func testMomentumMatchesThePlainVelocityRule() throws {
    let (network, initialPlain, samples) = try halfAdder()
    var plain = initialPlain
    let run = Trainer.train(
      network, on: samples,
      options: TrainingOptions(epochs: 30, learningRate: 0.5, optimizer: .momentum(0.8)))
    var vw = plain.w.map { $0.map { $0.map { _ in 0.0 } } }
    var vb = plain.b.map { $0.map { _ in 0.0 } }
    for _ in 0..<30 {
      let (gw, gb) = plain.gradient(samples)
      for l in plain.w.indices {
        for j in plain.w[l].indices {
          vb[l][j] = 0.8 * vb[l][j] - 0.5 * gb[l][j]
          plain.b[l][j] += vb[l][j]
          for k in plain.w[l][j].indices {
            vw[l][j][k] = 0.8 * vw[l][j][k] - 0.5 * gw[l][j][k]
            plain.w[l][j][k] += vw[l][j][k]
          }
        }
      }
    }
    assertSame(run.network, plain, tolerance: 1e-13)
  }

  func testFrozenBiasesStayPut() throws {
    let (network, _, samples) = try halfAdder()
    for optimizer in [Optimizer.gradientDescent, .momentum(0.9), .rprop(RpropParameters())] {
      let run = Trainer.train(
        network, on: samples,
        options: TrainingOptions(
          epochs: 5, learningRate: 0.5, optimizer: optimizer, freezeBiases: true))
      XCTAssertEqual(run.network.biases, network.biases, "\(optimizer)")
      XCTAssertNotEqual(run.network.weights, network.weights, "\(optimizer)")
    }
  }

  func testTheSameSeedGivesTheSameRunAndAnotherSeedAnother() throws {
    let (network, _, _) = try halfAdder()
    let samples = DataSet.moons(count: 30).samples(seed: 1).map {
      Sample(input: $0.input, target: [$0.target[0], 1 - $0.target[0]])
    }
    func train(_ seed: UInt64) -> TrainingRun {
      Trainer.train(
        network, on: samples,
        options: TrainingOptions(epochs: 5, learningRate: 0.5, batching: .miniBatch(4), seed: seed))
    }
    XCTAssertEqual(train(3), train(3))
    XCTAssertNotEqual(train(3).network, train(4).network)
  }
}
