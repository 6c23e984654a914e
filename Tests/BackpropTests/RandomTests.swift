import Backprop
import XCTest

final class RandomTests: XCTestCase {
  /// The first outputs of the reference SplitMix64 (Steele, Lea and Flood; Vigna's
  /// splitmix64.c), computed independently with a few lines of Python.
  ///
  /// Seed 1234567 gives the values 6457827717110365317, 3203168211198807973,
  /// 9817491932198370423 that are also quoted as test vectors for Java's SplittableRandom.
  func testSplitMix64MatchesReferenceOutputs() {
    let expected: [(UInt64, [UInt64])] = [
      (0, [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F]),
      (42, [0xBDD7_3226_2FEB_6E95, 0x28EF_E333_B266_F103, 0x4752_6757_130F_9F52]),
      (
        1_234_567,
        [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423]
      ),
    ]
    for (seed, outputs) in expected {
      var rng = SplitMix64(seed: seed)
      XCTAssertEqual((0..<3).map { _ in rng.next() }, outputs, "seed \(seed)")
    }
    // nextUniform takes the top 53 bits: (0xE220A8397B1DCDAF >> 11) · 2⁻⁵³.
    var rng = SplitMix64(seed: 0)
    XCTAssertEqual(rng.nextUniform(), 0.8833108082136426)
  }

  func testGeneratorsAreReproducibleAndInRange() {
    var a = SplitMix64(seed: 99)
    var b = SplitMix64(seed: 99)
    var c = SplitMix64(seed: 100)
    let xs = (0..<100).map { _ in a.next() }
    XCTAssertEqual(xs, (0..<100).map { _ in b.next() })
    XCTAssertNotEqual(xs, (0..<100).map { _ in c.next() })
    var sum = 0.0
    var sumSquares = 0.0
    let n = 20_000
    for _ in 0..<n {
      let u = a.nextUniform()
      XCTAssertTrue(u >= 0 && u < 1)
      let k = a.nextInt(below: 7)
      XCTAssertTrue((0..<7).contains(k))
      let g = a.nextGaussian()
      XCTAssertTrue(g.isFinite)
      sum += g
      sumSquares += g * g
    }
    // Mean 0 and variance 1 within about 4 standard errors.
    XCTAssertEqual(sum / Double(n), 0, accuracy: 4 / Double(n).squareRoot())
    XCTAssertEqual(
      sumSquares / Double(n), 1, accuracy: 4 * 2.0.squareRoot() / Double(n).squareRoot())
  }

  /// Random networks: reproducible, shaped by the spec, with targets suited to the cost.
  func testRandomNetworksSuitTheirCost() throws {
    for config in pairConfigurations {
      let spec = RandomNetworkSpec(
        sizes: [3, 5, 4], hiddenActivation: config.hidden, outputActivation: config.output,
        cost: config.cost, sampleCount: 5, seed: 21)
      let file = try NetworkFile.random(spec)
      XCTAssertEqual(try NetworkFile.random(spec), file, "same spec, same network")
      XCTAssertEqual(file.network.sizes, [3, 5, 4])
      XCTAssertEqual(file.network.activations, [config.hidden, config.output])
      XCTAssertEqual(file.network.cost, config.cost)
      XCTAssertEqual(file.samples.count, 5)
      for s in file.samples {
        XCTAssertNoThrow(try file.network.validate(s, field: "sample"))
        switch config.cost {
        case .categoricalCrossEntropy:
          XCTAssertEqual(s.target.filter { $0 == 1 }.count, 1, "one-hot \(s.target)")
          XCTAssertEqual(s.target.filter { $0 == 0 }.count, 3, "one-hot \(s.target)")
        case .crossEntropy:
          XCTAssertTrue(s.target.allSatisfy { $0 == 0 || $0 == 1 }, "\(s.target)")
        case .quadratic, .mse:
          XCTAssertTrue(s.target.allSatisfy { $0 >= 0 && $0 < 1 }, "\(s.target)")
        }
      }
      // The file it writes reads back (targets pass the reader's checks).
      XCTAssertEqual(try NetworkFile(json: file.json.compact), file)
    }
    let other = try NetworkFile.random(RandomNetworkSpec(sizes: [3, 5, 4], seed: 22))
    XCTAssertNotEqual(other, try NetworkFile.random(RandomNetworkSpec(sizes: [3, 5, 4], seed: 21)))
  }

  /// Weights are scaled by 1/√n_in: over many entries their variance is about 1/n_in.
  func testWeightScale() throws {
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [100, 100, 1], seed: 5))
    let w = file.network.weights[0].storage
    let variance = w.reduce(0) { $0 + $1 * $1 } / Double(w.count)
    XCTAssertEqual(variance, 0.01, accuracy: 0.001)
  }

  func testInconsistentSpecsThrow() {
    XCTAssertThrowsError(try NetworkFile.random(RandomNetworkSpec(sizes: [2])))
    XCTAssertThrowsError(try NetworkFile.random(RandomNetworkSpec(sizes: [2, 0, 1])))
    XCTAssertThrowsError(try NetworkFile.random(RandomNetworkSpec(sizes: [2, 2], sampleCount: 0)))
    XCTAssertThrowsError(
      try NetworkFile.random(
        RandomNetworkSpec(sizes: [2, 2], hiddenActivation: .relu, cost: .crossEntropy))
    ) { error in
      XCTAssertEqual((error as? NetworkError)?.field, "activations[0]")
    }
  }
}
