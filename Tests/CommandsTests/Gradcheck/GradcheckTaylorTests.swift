import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import TextSupport
import XCTest

/// `gradcheck --taylor` beside the tolerance check, and the hardening of the command:
/// overflow reported, the size guard, files found wanting before the work.
final class GradcheckTaylorTests: XCTestCase {
  /// A 2-3-1 sigmoid network whose targets sit 1e-5 from its outputs: every gradient is
  /// below 1e-5, so a factor of 1.001 changes none by more than atol = 1e-8.
  func nearMinimum() throws -> NetworkFile {
    var file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 1], sampleCount: 2, seed: 3))
    file.samples = file.samples.map { s in
      Sample(input: s.input, target: [file.network.forward(s.input).output[0] + 1e-5])
    }
    return file
  }

  func files(_ file: NetworkFile, factor: Double, in directory: TemporaryDirectory) throws
    -> (network: String, gradients: String)
  {
    let gradients = file.network.gradients(over: file.samples).scaled(by: factor)
    return (
      try directory.write(file.json.pretty, "net.json"),
      try directory.write(GradientFile.json(gradients).pretty, "grad.json")
    )
  }

  func testTaylorRejectsWhatTheToleranceCheckAccepts() throws {
    let directory = try TemporaryDirectory("taylor")
    let (network, gradients) = try files(nearMinimum(), factor: 1.001, in: directory)
    let tolerance = runTool(.gradcheck, ["--network", network, "--gradients", gradients])
    XCTAssertEqual(tolerance.status, .success, tolerance.output)
    let taylor = runTool(.gradcheck, ["--network", network, "--gradients", gradients, "--taylor"])
    XCTAssertEqual(taylor.status, .checkFailed, taylor.output)
    XCTAssertTrue(taylor.output.contains("FAILED: 2 of 2 layers shrink like h"), taylor.output)
    for line in taylor.output.split(separator: "\n") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
    let right = try files(nearMinimum(), factor: 1, in: directory)
    let passing = runTool(
      .gradcheck, ["--network", right.network, "--gradients", right.gradients, "--taylor"])
    XCTAssertEqual(passing.status, .success, passing.output)
  }

  func testTaylorJSONHasTheOrdersAndVerboseTheEntries() throws {
    let run = runTool(
      .gradcheck,
      [
        "--layers", "3,4,2", "--activation", "tanh", "--samples", "2", "--taylor",
        "--format", "json", "--verbose",
      ])
    XCTAssertEqual(run.status, .success)
    let json = try JSONValue.parse(run.output)
    XCTAssertEqual(json["test"], .string("taylor"))
    XCTAssertEqual(json["passingOrder"], .number(2))
    guard case .array(let layers)? = json["layers"], case .array(let entries)? = json["entries"]
    else { return XCTFail(run.output) }
    XCTAssertEqual(layers.count, 2)
    XCTAssertEqual(entries.count, 4 * 3 + 4 + 2 * 4 + 2)
    for series in layers + entries {
      guard case .number(let order)? = series["order"] else { return XCTFail("\(series)") }
      XCTAssertEqual(order, 3, accuracy: 0.1)
      XCTAssertEqual(series["status"], .string("passed"))
    }
    let forward = runTool(
      .gradcheck, ["--layers", "3,4,2", "--taylor", "--method", "forward", "--format", "markdown"])
    XCTAssertEqual(forward.status, .success)
    XCTAssertTrue(forward.output.hasPrefix("# Taylor test: passed"), forward.output)
    XCTAssertTrue(forward.output.contains("| 2.00 |"), forward.output)
  }

  func testOptionsThatTaylorReplacesAreUsageErrors() {
    for (extra, named) in [
      (["--epsilon", "1e-3"], "--epsilon"), (["--rtol", "1e-3"], "--rtol"),
      (["--entries", "2"], "--entries"), (["--directional", "3"], "--directional"),
      (["--method", "five-point"], "--method"), (["--precision", "float"], "--precision"),
    ] {
      let run = runTool(.gradcheck, ["--layers", "2,2", "--taylor"] + extra)
      XCTAssertEqual(run.status, .usage, "\(extra)")
      XCTAssertTrue(run.error.hasPrefix("Error: ") && run.error.contains(named), run.error)
    }
  }

  /// Overflow in the forward pass or the cost is reported on one line, never judged.
  ///
  /// W¹ = 1e300 and x = 0.5: z¹ = 5e299 is finite, a¹ = tanh(z¹) = 1, z² = 1e300, and the
  /// cost ½(1e300)² overflows: the first value that is not finite is sample 0's cost.
  /// With x = 1e10 in the first sample, z¹ itself overflows.
  func testOverflowIsReportedOnOneLineAndNeverJudged() throws {
    let directory = try TemporaryDirectory("overflow")
    let network = try Network(
      sizes: [1, 1, 1], activations: [.tanh, .identity], cost: .quadratic,
      weights: [
        Matrix(rows: 1, columns: 1, storage: [1e300]),
        Matrix(rows: 1, columns: 1, storage: [1e300]),
      ],
      biases: [[0], [0]])
    let cases: [([Double], String)] = [
      ([0.5], "the network cannot be evaluated: the cost of sample 0 is inf"),
      ([1e10], "the network cannot be evaluated: layer 1 of sample 0 gives z¹[0] = inf"),
    ]
    for (input, message) in cases {
      let file = NetworkFile(network: network, samples: [Sample(input: input, target: [0])])
      let path = try directory.write(file.json.pretty, "net.json")
      for (tool, extra) in [(Tool.gradcheck, []), (.gradcheck, ["--taylor"]), (.explain, [])] {
        let run = runTool(tool, ["--network", path] + extra)
        XCTAssertEqual(run.status, .dataError, "\(tool) \(extra)")
        XCTAssertEqual(run.output, "")
        XCTAssertEqual(run.error, "Error: \(path): \(message)\n".wrappedLikeAnError, "\(tool)")
      }
    }
  }

  /// W¹ = 0, W² = 1e308, b² = 1, x = 1, y = −1 (identity layers, quadratic cost): the
  /// forward pass and the cost (2) are finite, δ¹ = W² (a² − y) = 2e308 is not; with
  /// W² = 1e300 and x = 1e10, δ¹ is finite and ∂C/∂W¹ = δ¹ x is not.
  func testBackpropOverflowIsReportedWithItsLayerOrParameter() throws {
    let directory = try TemporaryDirectory("overflow-backprop")
    let cases: [(Double, Double, String)] = [
      (1e308, 1, "backprop cannot be evaluated: layer 1 of sample 0 gives δ¹[0] = inf"),
      (1e300, 1e10, "backprop cannot be evaluated: the mean gradient ∂C/∂W¹[0,0] is inf"),
    ]
    for (w2, x, message) in cases {
      let network = try Network(
        sizes: [1, 1, 1], activations: [.identity, .identity], cost: .quadratic,
        weights: [
          Matrix(rows: 1, columns: 1, storage: [0]), Matrix(rows: 1, columns: 1, storage: [w2]),
        ],
        biases: [[0], [1]])
      let file = NetworkFile(network: network, samples: [Sample(input: [x], target: [-1])])
      let path = try directory.write(file.json.pretty, "net.json")
      let run = runTool(.gradcheck, ["--network", path])
      XCTAssertEqual(run.status, .dataError)
      XCTAssertEqual(run.error, "Error: \(path): \(message)\n".wrappedLikeAnError)
    }
  }

  func testSizeGuardRefusesBeforeAllocatingAndSaysHowToRaiseIt() throws {
    func run(_ tool: Tool, _ args: [String]) -> ToolRun {
      var r = runTool(tool, args)
      r.error = r.error.replacingOccurrences(of: "\n  ", with: " ")
      return r
    }
    let parameters = run(.gradcheck, ["--layers", "10,10", "--max-parameters", "50"])
    XCTAssertEqual(parameters.status, .usage)
    XCTAssertTrue(parameters.error.contains("110 parameters; at most 50"), parameters.error)
    XCTAssertTrue(parameters.error.contains("raise --max-parameters"), parameters.error)
    // 40,200 parameters × 10 samples × 1000 directions × 2 offsets = 8.04e8 > 2000 × 41,000.
    let work = run(
      .gradcheck,
      [
        "--layers", "200,200", "--samples", "10", "--directional", "1000",
        "--max-parameters", "41000",
      ])
    XCTAssertEqual(work.status, .usage)
    XCTAssertTrue(work.error.contains("8e+8 steps"), work.error)
    XCTAssertTrue(work.error.contains("raise --max-parameters"), work.error)
    let directory = try TemporaryDirectory("guard")
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 2], seed: 1))
    let path = try directory.write(file.json.pretty, "net.json")
    let refused = run(.gradcheck, ["--network", path, "--max-parameters", "10"])
    XCTAssertEqual(refused.status, .dataError)
    XCTAssertTrue(refused.error.contains("17 parameters; at most 10"), refused.error)
    XCTAssertTrue(refused.error.contains("raise --max-parameters"), refused.error)
    XCTAssertEqual(
      runTool(.gradcheck, ["--network", path, "--max-parameters", "17"]).status, .success)
    XCTAssertEqual(
      runTool(.explain, ["--network", path, "--max-parameters", "10"]).status, .dataError)
  }

  /// Output paths that cannot be written are found before the work starts: exit 66 naming
  /// the option, and nothing on stdout.
  func testUnwritableOutputPathsAreFoundBeforeTheWork() throws {
    let directory = try TemporaryDirectory("output")
    let missing = directory.url.path + "/missing/out.svg"
    let cases: [(Tool, [String], String)] = [
      (.gradcheck, ["--layers", "2,2", "--sweep", "--plot", missing], "--plot"),
      (.gradcheck, ["--layers", "2,2", "--sweep", "--plot", directory.url.path], "--plot"),
      (.train, ["--layers", "2,2", "--epochs", "1", "--save", missing], "--save"),
      (.train, ["--layers", "2,2", "--epochs", "1", "--plot", missing], "--plot"),
      (
        .train, ["--layers", "2,2", "--epochs", "1", "--plot-boundary", missing], "--plot-boundary"
      ),
    ]
    for (tool, args, option) in cases {
      let run = runTool(tool, args)
      XCTAssertEqual(run.status, .cannotOpen, "\(tool) \(args): \(run.error)")
      let error = run.error.replacingOccurrences(of: "\n  ", with: " ")
      XCTAssertTrue(error.hasPrefix("Error: \(option) "), error)
      XCTAssertEqual(run.output, "")
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory.url.path + "/missing"))
  }

  func testWorkEstimateCountsParametersSamplesAndEvaluations() {
    let sizes = [784, 30, 10]
    let full = WorkEstimate.gradientCheck(
      sizes: sizes, samples: 10, options: GradientCheckOptions())
    XCTAssertEqual(full.parameters, 23_860)
    XCTAssertEqual(full.work, 23_860 * 10 * 2)
    // Four copies of the parameters, z and a of 824 units for 10 samples.
    XCTAssertEqual(full.memoryNumbers, 4 * 23_860 + 2 * 10 * 824)
    XCTAssertNil(full.excess(maximumParameters: 23_860))
    XCTAssertEqual(full.excess(maximumParameters: 23_859), .parameters(limit: 23_859))
    let taylor = WorkEstimate.taylor(sizes: sizes, samples: 10, options: TaylorOptions())
    XCTAssertEqual(taylor.evaluations, 2 * 48 * 2)
    let huge = WorkEstimate.gradientCheck(
      sizes: [100_000, 100_000, 100_000], samples: Int.max / 2, options: GradientCheckOptions())
    XCTAssertEqual(huge.work, Int.max)
  }
}

extension String {
  /// The text as `runCommand` prints an error: wrapped at 80 columns, continuation lines
  /// indented by two spaces.
  fileprivate var wrappedLikeAnError: String {
    guard hasPrefix("Error: ") else { return self }
    let message = String(dropFirst(7).dropLast())
    return WordWrap.lines(message, width: 80, prefix: "Error: ", indent: 2).joined(separator: "\n")
      + "\n"
  }
}
