import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// `nn-explain --arch`: every number printed (parameters, states), what is left out named,
/// the JSON's network read back, overflow and dense-only flags refused, tidy lines.
final class LayeredExplainTests: XCTestCase {
  private func run(_ args: [String]) -> ToolRun { runTool(.explain, args) }

  private let conv = [
    "--arch", "input 1x6x6, conv 2 3x3, relu, maxpool 2, flatten, dense 3, softmax",
    "--cost", "categorical-cross-entropy", "--samples", "2",
  ]

  func testEveryParameterAndEveryRecurrentStateIsPrinted() throws {
    let arch = "input 3x2, rnn 2, dense 1, sigmoid"
    let r = run(["--arch", arch, "--cost", "quadratic", "--seed", "4"])
    XCTAssertEqual(r.status, .success, r.error)
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse(arch), cost: .quadratic, sampleCount: 1, seed: 4)
    let f = NumberFormat(digits: 6)
    let forward = try XCTUnwrap(r.output.components(separatedBy: "3. Cost").first)
    for p in net.parameters {
      XCTAssertTrue(forward.contains(f.string(p)), "parameter \(f.string(p)) missing")
    }
    // h_1 … h_T by a plain loop of the Elman equations (Wx 2×2, Wh 2×2, b 2).
    let p = net.parameters
    let x = samples[0].input
    var h = [0.0, 0.0]
    for t in 0..<3 {
      h = (0..<2).map { i in
        tanh(
          p[8 + i] + p[i * 2] * x[t * 2] + p[i * 2 + 1] * x[t * 2 + 1] + p[4 + i * 2] * h[0]
            + p[4 + i * 2 + 1] * h[1])
      }
      let row = "t=\(t + 1) " + h.map { f.string($0) }.joined(separator: " ")
      XCTAssertTrue(
        forward.split(separator: "\n").contains { $0.replacing(/[ ]+/, with: " ").hasSuffix(row) },
        "h_\(t + 1): \(row)\n\(forward)")
    }
  }

  func testSixWideImageRowsStayOnOneLineAndNoLineEndsInASpace() throws {
    let r = run(conv)
    XCTAssertEqual(r.status, .success, r.error)
    let lines = r.output.split(separator: "\n", omittingEmptySubsequences: false)
    let start = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("   a⁰ (1×6×6) =") })
    let (_, samples) = try LayeredNetwork.random(
      Architecture.parse(conv[1]), cost: .categoricalCrossEntropy, sampleCount: 2, seed: 0)
    let f = NumberFormat(digits: 6)
    for row in 0..<6 {
      let numbers = lines[start + 1 + row].split(separator: " ").filter { !$0.hasPrefix("[") }
      XCTAssertEqual(
        numbers.map(String.init), samples[0].input[(row * 6)..<(row * 6 + 6)].map { f.string($0) })
    }
    var archs: [[String]] = [
      conv, ["--arch", "input 4x3, lstm 2, dense 1, sigmoid", "--cost", "quadratic"],
      ["--arch", "input 4x3, rnn 3, dense 2, identity", "--cost", "mse"],
      [
        "--arch", "input 2x5x5, conv 2 3x3 stride 2 same, avgpool 2, flatten, dense 2, sigmoid",
        "--cost", "cross-entropy",
      ],
    ]
    archs += archs.map { $0 + ["--ascii"] }
    for args in archs {
      for format in ["text", "markdown", "latex", "json", "dot"] {
        let out = run(args + ["--format", format]).output
        for line in out.split(separator: "\n") where line.hasSuffix(" ") {
          XCTFail("\(format) \(args[1]): trailing space in '\(line)'")
        }
      }
      let trace = run(args + ["--param", args[1].contains("conv") ? "b1[0]" : "W2[0,0]"]).output
      XCTAssertFalse(trace.isEmpty)
      for line in trace.split(separator: "\n") where line.hasSuffix(" ") {
        XCTFail("--param \(args[1]): trailing space in '\(line)'")
      }
    }
  }

  func testTheParamTraceBracketsNegativeFactors() throws {
    let r = run(conv + ["--param", "K1[0,0,0,0]"])
    XCTAssertEqual(r.status, .success, r.error)
    XCTAssertFalse(r.output.contains("·-"), r.output)
    XCTAssertFalse(r.output.contains("+ -"), r.output)
    // The first sample's input has negative entries in the window of K1[0,0,0,0].
    XCTAssertTrue(r.output.contains("·(-"), r.output)
  }

  func testMathFormatsShowTheJacobiansAndThePaddedGradientTheTextShows() throws {
    let text = run(conv).output
    XCTAssertTrue(text.contains("pad(∂C/∂z¹) (2×8×8) ="), text)
    XCTAssertTrue(text.contains("diagonal: ["), text)
    XCTAssertTrue(text.contains("non-zeros (■) by row"), text)
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse(conv[1]), cost: .categoricalCrossEntropy, sampleCount: 2, seed: 0)
    let values = net.trace(samples[0].input)
    let f = NumberFormat(digits: 6)
    for format in ["markdown", "latex"] {
      let r = run(conv + ["--format", format])
      XCTAssertEqual(r.status, .success, r.error)
      XCTAssertFalse(r.output.contains("too wide to print"), format)
      // The conv's band in blocks of columns, its pattern, the pool's selection pattern.
      XCTAssertTrue(r.output.contains("(columns 0--"), format)
      // Patterns in blocks of 24 columns: the conv's 32×36 and the pool's 8×32 in two each.
      for piece in [
        "\\text{pattern of }\\frac{\\partial z^{1}}{\\partial a^{0}}\\ \\text{(columns 24--35)}",
        "\\text{pattern of }\\frac{\\partial a^{2}}{\\partial a^{1}}\\ \\text{(columns 24--31)}",
      ] {
        XCTAssertTrue(r.output.contains(piece), "\(format): \(piece)")
      }
      // The relu's diagonal: relu′(z¹) entry by entry (1 where z¹ > 0).
      let diagonal = values[1].map { $0 > 0 ? "$1$" : "$0$" }.joined(separator: ", ")
      XCTAssertTrue(r.output.contains("its diagonal: " + diagonal), format)
      // pad(∂C/∂z¹): 2×8×8, printed as two 8×8 matrices.
      XCTAssertTrue(r.output.contains("\\operatorname{pad}"), format)
      XCTAssertFalse(r.output.contains("128 numbers"), format)
      // Every kernel entry, as the network holds it.
      for k in net.parameters[0..<18] {
        XCTAssertTrue(r.output.contains(f.latex(k)), "\(format): K1 entry \(f.latex(k))")
      }
    }
  }

  func testWhatIsLeftOutForSizeIsNamedAndInTheJSON() throws {
    let args = ["--arch", "input 8x2, lstm 6, dense 1, sigmoid", "--cost", "quadratic"]
    let text = run(args).output
    for piece in [
      "Note: The gates and states of the 8 steps of 6 units are not printed here",
      "Note: The 8 steps through time of 6 units are not printed here",
      "--format json lists every step (the layer's forwardSteps)",
    ] {
      XCTAssertTrue(text.replacing(/\n +/, with: " ").contains(piece), piece)
    }
    let md = run(args + ["--format", "markdown"]).output
    XCTAssertTrue(md.contains("> **Note.** The gates and states of the 8 steps"), md)
    let r = run(args + ["--format", "json"])
    XCTAssertEqual(r.status, .success, r.error)
    let layer = try member(try member(try JSONValue.parse(r.output), "layers"), 0)
    let forward = try array(member(layer, "forwardSteps"))
    let backward = try array(member(layer, "backwardSteps"))
    XCTAssertEqual(forward.count, 8)
    XCTAssertEqual(backward.count, 8)
    // The last step's h is the layer's output; step 1's ∂C/∂x_1 (worked out step by step)
    // is the first row of the layer's own vector-Jacobian product.
    XCTAssertEqual(try numbers(member(forward[7], "h")), try numbers(member(layer, "outputValues")))
    let dx1 = try numbers(member(backward[7], "inputGradient"))
    let vjp = try numbers(member(layer, "inputGradient"))
    XCTAssertEqual(try numbers(member(backward[7], "t")), [1])
    for (a, b) in zip(dx1, vjp.prefix(2)) { XCTAssertEqual(a, b, accuracy: 1e-12) }
    XCTAssertEqual(try array(member(layer, "jacobianEntries")).count, 6)
  }

  func testTheJSONRoutesEachPoolWindowWhereThePoolsBackwardPassDoes() throws {
    let r = run(conv + ["--format", "json"])
    let pool = try member(try member(try JSONValue.parse(r.output), "layers"), 2)
    let routes = try array(member(pool, "routing"))
    XCTAssertEqual(routes.count, 8)
    let gradient = try numbers(member(pool, "inputGradient"))
    for route in routes {
      let at = try numbers(member(route, "input")).map { Int($0) }
      let g = try numbers(member(route, "gradient"))[0]
      XCTAssertEqual(gradient[(at[0] * 4 + at[1]) * 4 + at[2]], g)
    }
  }

  func testTheJSONNetworkIsReadBackWithTheSameGradients() throws {
    for (arch, cost) in [
      (
        "input 1x4x4, conv 2 2x2, relu, maxpool 2, flatten, dense 2, softmax",
        "categorical-cross-entropy"
      ),
      ("input 3x2, lstm 2, dense 1, sigmoid", "quadratic"),
    ] {
      let args = ["--arch", arch, "--cost", cost, "--samples", "2", "--seed", "7"]
      let r = run(args + ["--format", "json"])
      XCTAssertEqual(r.status, .success, r.error)
      let json = try JSONValue.parse(r.output)
      let directory = try TemporaryDirectory("layered-explain")
      let network = try directory.write(member(json, "network").pretty, "net.json")
      guard case .object(let members) = json else { return XCTFail() }
      let file = JSONValue.object(members.filter { $0.0 == "gradients" || $0.0 == "cost" })
      let gradients = try directory.write(file.pretty, "g.json")
      // The file holds the seeded network: the library's own random network and gradients.
      let read = try LayeredNetworkFile(contentsOf: network)
      let (net, samples) = try LayeredNetwork.random(
        Architecture.parse(arch), cost: try XCTUnwrap(Cost(rawValue: cost)), sampleCount: 2,
        seed: 7)
      XCTAssertEqual(read.network.parameters, net.parameters)
      XCTAssertEqual(read.samples.map(\.input), samples.map(\.input))
      XCTAssertEqual(read.samples.map(\.target), samples.map(\.target))
      let check = runTool(.gradcheck, ["--network", network, "--gradients", gradients])
      XCTAssertEqual(check.status, .success, check.output + check.error)
      let again = run(["--network", network, "--format", "json"])
      XCTAssertEqual(again.status, .success, again.error)
      XCTAssertEqual(
        try member(JSONValue.parse(again.output), "gradients"), try member(json, "gradients"))
    }
  }

  func testAnOverflowingNetworkExitsWithTheDenseMessage() throws {
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse("input 1x3x3, conv 1 2x2, relu, flatten, dense 1, identity"),
      cost: .quadratic, sampleCount: 1, seed: 0)
    var big = net
    big.parameters = big.parameters.map { _ in 1e300 }
    let directory = try TemporaryDirectory("layered-explain-inf")
    let path = try directory.write(
      LayeredNetworkFile(network: big, samples: samples).json.pretty, "inf.json")
    let r = run(["--network", path])
    XCTAssertEqual(r.status, .dataError)
    XCTAssertEqual(r.output, "")
    let error = r.error.replacing(/\s*\n\s*/, with: " ")
    // 4 products of 1e300 with inputs under 3 in size stay finite, their sum with the
    // bias may not; whichever overflows first is named with its layer and sample.
    XCTAssertTrue(
      error.hasPrefix("Error: \(path): the network cannot be evaluated: "), error)
    XCTAssertTrue(error.contains("of sample 0"), error)
  }

  func testDenseOnlyOptionsAreUsageErrorsNamingTheOption() {
    for (name, extra) in [
      ("update", ["0.5"]), ("update-order", ["sequential"]), ("freeze-biases", []),
      ("max-parameters", ["10"]), ("view", ["matrix"]), ("layer", ["1"]),
    ] {
      let r = run(["--arch", "input 3, dense 2, sigmoid", "--\(name)"] + extra)
      XCTAssertEqual(r.status, .usage, name)
      XCTAssertTrue(r.error.hasPrefix("Error: --\(name) applies to dense networks"), r.error)
    }
    let help = run(["--help"]).output.replacing(/\s*\n\s*/, with: " ")
    XCTAssertTrue(
      help.contains(
        "--layer, --view, --input, --target, --mistake, --update, --update-order, "
          + "--freeze-biases and --max-parameters are for dense networks only"), help)
  }

  func testDenseOnlyOptionsWithALayeredFileNameTheFileNotOnlyArch() throws {
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse("input 2, dense 2, sigmoid"), cost: .quadratic, sampleCount: 1,
      seed: 0)
    let directory = try TemporaryDirectory("layered-explain-update")
    let path = try directory.write(
      LayeredNetworkFile(network: net, samples: samples).json.pretty, "l.json")
    let r = run(["--network", path, "--update", "0.1"])
    XCTAssertEqual(r.status, .usage)
    let error = r.error.replacing(/\s*\n\s*/, with: " ")
    XCTAssertTrue(
      error.contains("not to layered networks (--arch or a layered network file)"), error)
  }

  // MARK: - JSON access

  /// A JSON value that is not what the test reads (fails the test).
  private struct Malformed: Error { var what: String }

  private func member(_ v: JSONValue, _ name: String) throws -> JSONValue {
    guard case .object(let members) = v, let m = members.first(where: { $0.0 == name }) else {
      throw Malformed(what: "no member \(name)")
    }
    return m.1
  }

  private func member(_ v: JSONValue, _ k: Int) throws -> JSONValue {
    try array(v)[k]
  }

  private func array(_ v: JSONValue) throws -> [JSONValue] {
    guard case .array(let items) = v else { throw Malformed(what: "not an array") }
    return items
  }

  private func numbers(_ v: JSONValue) throws -> [Double] {
    if case .number(let x) = v { return [x] }
    return try array(v).map {
      guard case .number(let x) = $0 else { throw Malformed(what: "not a number") }
      return x
    }
  }
}
