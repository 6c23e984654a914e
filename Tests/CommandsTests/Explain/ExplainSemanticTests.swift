import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// What `nn-explain --format json` says, checked against the library and against an
/// independent forward pass with central differences written here.
final class ExplainSemanticTests: ExplainCommandTestCase {
  func json(_ arguments: [String]) throws -> JSONValue {
    let r = run(arguments + ["--format", "json"])
    XCTAssertEqual(r.status, 0, r.err)
    return try JSONValue.parse(r.out)
  }

  func numbers(_ v: JSONValue?) -> [Double] {
    guard case .array(let items)? = v else { return [] }
    return items.compactMap { if case .number(let x) = $0 { return x } else { return nil } }
  }

  func scalar(_ v: JSONValue?) -> Double {
    if case .number(let x)? = v { return x }
    return .nan
  }

  func arrays(_ v: JSONValue?) -> [JSONValue] {
    guard case .array(let items)? = v else { return [] }
    return items
  }

  /// The network and samples the command builds for `--layers` (same seeded spec).
  func randomFile(_ spec: RandomNetworkSpec) throws -> NetworkFile { try NetworkFile.random(spec) }

  // MARK: - Every JSON number is the library's

  func checkAgainstLibrary(_ doc: JSONValue, _ file: NetworkFile) throws {
    let net = file.network
    XCTAssertEqual(numbers(doc["layers"]), net.sizes.map(Double.init))
    XCTAssertEqual(doc["cost"], .string(net.cost.name))
    XCTAssertEqual(doc["activations"], .array(net.activations.map { .string($0.name) }))
    let g = net.gradients(over: file.samples)
    XCTAssertEqual(scalar(doc["costValue"]), net.cost(over: file.samples))
    let samples = arrays(doc["samples"])
    XCTAssertEqual(samples.count, file.samples.count)
    for (s, (item, sample)) in zip(samples, file.samples).enumerated() {
      let trace = net.forward(sample.input)
      let back = net.backward(trace, target: sample.target)
      XCTAssertEqual(numbers(item["input"]), sample.input, "sample \(s) input")
      XCTAssertEqual(numbers(item["target"]), sample.target, "sample \(s) target")
      XCTAssertEqual(arrays(item["z"]).map { numbers($0) }, trace.z, "sample \(s) z")
      XCTAssertEqual(arrays(item["a"]).map { numbers($0) }, trace.a, "sample \(s) a")
      XCTAssertEqual(arrays(item["deltas"]).map { numbers($0) }, back.delta, "sample \(s) deltas")
    }
    // `gradients` is exactly a gradient file.
    guard let gradients = doc["gradients"] else { return XCTFail("no gradients") }
    let read = try GradientFile.read(json: gradients.compact, for: net)
    XCTAssertEqual(read.weights, g.weights)
    XCTAssertEqual(read.biases, g.biases)
    XCTAssertEqual(read.cost, g.cost)
    // The whole output is accepted as a gradient file too (`gradcheck --gradients`).
    let whole = try GradientFile.read(json: doc.pretty, for: net)
    XCTAssertEqual(whole.weights, g.weights)
    XCTAssertEqual(whole.biases, g.biases)
    // `network` is a network file: the weights, biases and samples rebuild the network.
    guard let network = doc["network"] else { return XCTFail("no network") }
    let rebuilt = try NetworkFile(json: network.compact)
    XCTAssertEqual(rebuilt, file, "the network member rebuilds the network and its samples")
  }

  func testJSONNumbersAreTheLibrarys() throws {
    let configs: [([String], RandomNetworkSpec)] = [
      (["--layers", "2,2,2,2"], RandomNetworkSpec(sizes: [2, 2, 2, 2])),
      (
        [
          "--layers", "2,3,2", "--activation", "tanh", "--cost", "mse", "--seed", "7", "--samples",
          "3",
        ],
        RandomNetworkSpec(
          sizes: [2, 3, 2], hiddenActivation: .tanh, cost: .mse, sampleCount: 3, seed: 7)
      ),
      (
        [
          "--layers", "3,4,3", "--output-activation", "softmax", "--cost",
          "categorical-cross-entropy",
        ],
        RandomNetworkSpec(
          sizes: [3, 4, 3], outputActivation: .softmax, cost: .categoricalCrossEntropy)
      ),
    ]
    for (args, spec) in configs {
      try checkAgainstLibrary(try json(args), try randomFile(spec))
    }
  }

  // MARK: - Independent reference: central differences on `ReferenceNetwork`, written in the tests

  func flatGradients(_ doc: JSONValue) -> [Double] {
    var out: [Double] = []
    let g = doc["gradients"]
    for (w, b) in zip(arrays(g?["weights"]), arrays(g?["biases"])) {
      for row in arrays(w) { out += numbers(row) }
      out += numbers(b)
    }
    return out
  }

  func testGradientsAgreeWithCentralDifferences() throws {
    let specs: [RandomNetworkSpec] = [
      RandomNetworkSpec(sizes: [2, 2, 2, 2]),
      RandomNetworkSpec(
        sizes: [2, 3, 2], hiddenActivation: .tanh, cost: .mse, sampleCount: 3, seed: 7),
      RandomNetworkSpec(
        sizes: [3, 4, 3], outputActivation: .softmax, cost: .categoricalCrossEntropy, seed: 3),
      RandomNetworkSpec(
        sizes: [3, 2, 4], outputActivation: .sigmoid, cost: .crossEntropy, sampleCount: 2, seed: 11),
      RandomNetworkSpec(
        sizes: [2, 4, 3], hiddenActivation: .relu, outputActivation: .identity, sampleCount: 2,
        seed: 2),
      RandomNetworkSpec(
        sizes: [3, 4, 2], hiddenActivation: .leakyReLU, outputActivation: .elu, cost: .mse,
        seed: 4),
      RandomNetworkSpec(
        sizes: [2, 3, 3], hiddenActivation: .softplus, outputActivation: .identity, seed: 5),
      RandomNetworkSpec(
        sizes: [2, 3, 3], hiddenActivation: .softmax, outputActivation: .softmax,
        cost: .categoricalCrossEntropy, seed: 6),
    ]
    let directory = try TemporaryDirectory("explain-semantic")
    for (n, spec) in specs.enumerated() {
      let file = try NetworkFile.random(spec)
      let path = try directory.write(file.json.pretty, "net-\(n).json")
      let doc = try json(["--network", path])
      let reference = try ReferenceNetwork(json: file.json.compact)
      let (theta, f) = (reference.theta, reference.cost(_:))
      XCTAssertEqual(
        file.network.activations.map(\.name),
        arrays(try JSONValue.parse(file.json.compact)["activations"]).compactMap {
          if case .string(let s) = $0 { return s } else { return nil }
        }, "spec \(n)")
      let analytic = flatGradients(doc)
      XCTAssertEqual(analytic.count, theta.count, "spec \(n)")
      assertClose(scalar(doc["costValue"]), f(theta), rtol: 1e-12, atol: 1e-14, "spec \(n) cost")
      let h = 1e-5
      for i in theta.indices {
        var p = theta
        p[i] = theta[i] + h
        let plus = f(p)
        p[i] = theta[i] - h
        let minus = f(p)
        assertClose(
          analytic[i], (plus - minus) / (2 * h), rtol: 1e-6, atol: 1e-9, "spec \(n) parameter \(i)")
      }
    }
  }

  // MARK: - The classic worked example

  func classicPath() throws -> String {
    let url = try XCTUnwrap(
      Bundle.module.url(forResource: "Golden/classic-2-2-2.json", withExtension: nil))
    return url.path
  }

  /// The 2-2-2 example with weights .15 … .55 and its published first-step values.
  func testClassicWorkedExample() throws {
    let doc = try json(["--network", try classicPath()])
    let sample = try XCTUnwrap(arrays(doc["samples"]).first)
    let z = arrays(sample["z"]).map { numbers($0) }
    let a = arrays(sample["a"]).map { numbers($0) }
    let published = 5e-9  // the published values have 9 or 10 significant digits
    assertClose(z[1][0], 0.3775, rtol: 0, atol: published, "net h1")
    assertClose(a[1][0], 0.593269992, rtol: 0, atol: published, "out h1")
    assertClose(a[1][1], 0.596884378, rtol: 0, atol: published, "out h2")
    assertClose(a[2][0], 0.75136507, rtol: 0, atol: published, "out o1")
    assertClose(a[2][1], 0.772928465, rtol: 0, atol: published, "out o2")
    assertClose(scalar(doc["costValue"]), 0.298371109, rtol: 0, atol: published, "total error")
    let w = arrays(doc["gradients"]?["weights"]).map { arrays($0).map { numbers($0) } }
    assertClose(w[1][0][0], 0.082167041, rtol: 0, atol: published, "dE/dw5")
    assertClose(w[0][0][0], 0.000438568, rtol: 0, atol: published, "dE/dw1")
    // The text trace prints the same numbers.
    let text = run(["--network", try classicPath(), "--precision", "9"]).out
    for expected in [
      "0.3775", "0.593269992", "0.596884378", "0.75136507", "0.772928465", "0.298371109",
      "0.08216704", "0.000438567734",
    ] {
      XCTAssertTrue(text.contains(expected), "text output lacks \(expected)")
    }
    XCTAssertTrue(text.contains("PASS"))
  }

  /// `--param` lists every path; their values add up to the gradient.
  func testParameterPathsSumToGradient() throws {
    let r = run(["--network", try classicPath(), "--param", "W1[0,0]", "--precision", "12"])
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssertTrue(r.out.contains("There are 2 paths"), r.out)
    XCTAssertTrue(r.out.contains("path 1 ="))
    XCTAssertTrue(r.out.contains("path 2 ="))
    // Parse the derivation itself: each path's value, and the "Σ over paths" line.
    let file = try NetworkFile(contentsOf: try classicPath())
    let d = try Derivation.explain(
      file.network, samples: file.samples,
      options: ExplainOptions(
        parameter: file.network.parameterIndex(named: "W1[0,0]"),
        numberFormat: NumberFormat(digits: 17)))
    var paths: [Double] = []
    var sum: Double?
    for case .equations(let group) in d.sections.flatMap(\.blocks) {
      for eq in group {
        let last = eq.steps.last.flatMap { Double($0.unicode) }
        if eq.lhs.unicode.hasPrefix("path "), let last { paths.append(last) }
        if eq.steps.first?.ascii == "sum over paths" { sum = last }
      }
    }
    XCTAssertEqual(paths.count, 2)
    let total = try XCTUnwrap(sum, "no 'Σ over paths' line")
    assertClose(total, paths.reduce(0, +), rtol: 1e-15, atol: 0, "sum of the listed paths")
    assertClose(total, 0.000438568, rtol: 0, atol: 5e-10, "the published ∂E/∂w1")
  }

  // MARK: - Samples

  func testSeveralSamplesAreAveraged() throws {
    let spec = RandomNetworkSpec(sizes: [2, 3, 2], sampleCount: 4, seed: 5)
    let file = try NetworkFile.random(spec)
    let doc = try json(["--layers", "2,3,2", "--samples", "4", "--seed", "5", "--sample", "2"])
    // Mean of per-sample outer products δ (a^(l−1))ᵀ, computed here from the JSON's own deltas.
    let samples = arrays(doc["samples"])
    let w = arrays(doc["gradients"]?["weights"]).map { arrays($0).map { numbers($0) } }
    for l in 1...2 {
      for j in 0..<file.network.sizes[l] {
        for k in 0..<file.network.sizes[l - 1] {
          let mean =
            samples.map { s -> Double in
              numbers(arrays(s["deltas"])[l])[j] * numbers(arrays(s["a"])[l - 1])[k]
            }.reduce(0, +) / 4
          assertClose(w[l - 1][j][k], mean, rtol: 1e-12, atol: 1e-15, "W\(l)[\(j),\(k)]")
        }
      }
    }
    let text = run(["--layers", "2,3,2", "--samples", "4", "--seed", "5", "--sample", "2"]).out
    XCTAssertTrue(text.contains("Numbers (sample 2)"))
    XCTAssertTrue(text.contains("Mean over the 4 samples"))
  }

  func testInputAndTarget() throws {
    let doc = try json(["--layers", "2,2", "--input", "0.5,-1", "--target", "1,0"])
    let sample = try XCTUnwrap(arrays(doc["samples"]).first)
    XCTAssertEqual(numbers(sample["input"]), [0.5, -1])
    XCTAssertEqual(numbers(sample["target"]), [1, 0])
  }

  // MARK: - Other formats

  func testOtherFormatsRender() throws {
    let latex = run(["--layers", "2,2,2", "--format", "latex"])
    XCTAssertEqual(latex.status, 0)
    XCTAssertTrue(latex.out.contains("\\begin{align*}"))
    XCTAssertTrue(latex.out.contains("\\begin{bmatrix}"))
    XCTAssertEqual(
      latex.out.components(separatedBy: "\\begin{align*}").count,
      latex.out.components(separatedBy: "\\end{align*}").count)
    let dot = run(["--layers", "2,2,2", "--format", "dot"])
    XCTAssertTrue(dot.out.hasPrefix("digraph backprop {"))
    XCTAssertTrue(dot.out.contains("a2 -> C;"))
    XCTAssertTrue(dot.out.hasSuffix("}\n"))
    let md = run(["--layers", "2,2,2", "--format", "markdown", "--view", "index"])
    XCTAssertTrue(md.out.contains("### Index form"))
    XCTAssertFalse(md.out.contains("### Chain rule as a product of Jacobians"))
  }

  // MARK: - Errors

  func testErrorsAndExitStatuses() throws {
    let directory = try TemporaryDirectory("explain-bad")
    let bad = try directory.write(
      #"{"layers": [2, 2], "activations": ["sigmoid"], "cost": "quadratic", "weights": [[[1, 2], [3, 4]]], "biases": [[0, 0]], "samples": []}"#,
      "bad.json")
    let cases: [([String], Int32, String)] = [
      ([], 64, "--layers"),
      (["--layers", "2,x"], 64, "'x'"),
      (["--layers", "2,0,2"], 64, "from 1"),
      (["--layers", "2"], 64, "at least 2"),
      (["--layers", "100000,100000"], 64, "at most"),
      (["--layers", "2,2", "--network", "f.json"], 64, "cannot be combined"),
      (["--layers", "2,2", "--param", "W3[0,0]"], 64, "not a parameter"),
      (["--layers", "2,2", "--param", "W1[2,0]"], 64, "not a parameter"),
      (["--layers", "2,2", "--layer", "2"], 64, "--layer"),
      (["--layers", "2,2", "--sample", "1"], 64, "--sample"),
      (["--layers", "2,2", "--input", "1,2,3", "--target", "0,1"], 64, "--input needs 2"),
      (["--layers", "2,2", "--input", "1,2"], 64, "go together"),
      (
        ["--layers", "2,2", "--cost", "cross-entropy", "--output-activation", "tanh"], 64,
        "sigmoid or softmax"
      ),
      (["--layers", "2,2", "--format", "pdf"], 64, "--format"),
      (["--layers", "2,2", "--precision", "0"], 64, "--precision"),
      (["--layers", "2,2", "--activation", "swish"], 64, "--activation"),
      (["--network", "/nonexistent/net.json"], 66, "cannot read"),
      (["--network", bad], 65, "samples"),
    ]
    for (args, status, fragment) in cases {
      let r = run(args)
      XCTAssertEqual(r.status, status, "\(args): \(r.err)")
      XCTAssertTrue(r.err.contains(fragment), "\(args): stderr '\(r.err)' lacks '\(fragment)'")
      XCTAssertTrue(r.out.isEmpty, "\(args) wrote to stdout")
    }
  }

  func testHelp() {
    let r = run(["--help"])
    XCTAssertEqual(r.status, 0)
    XCTAssertTrue(r.out.hasPrefix("OVERVIEW:"))
    for line in r.out.split(separator: "\n") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
  }
}
