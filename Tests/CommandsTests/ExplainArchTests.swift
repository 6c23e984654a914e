import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// `nn-explain --arch`: the derivation of each layer kind, its numbers, and its check.
final class ExplainArchTests: XCTestCase {
  private func run(_ args: [String]) -> ToolRun { runTool(.explain, args) }

  /// `text` with each wrapped line joined to the one before it.
  private func unwrapped(_ text: String) -> String {
    text.replacing(/[ ]*\n[ ]{3,}/, with: " ")
  }

  func testTheIssuesFormsExplainEveryPartWithin80Columns() {
    let forms: [[String]] = [
      ["--arch", "input 4x3, lstm 2, dense 1, sigmoid", "--cost", "quadratic"],
      ["--arch", "input 4x3, rnn 3, dense 2, identity", "--cost", "mse"],
      [
        "--arch", "input 1x4x4, conv 2 2x2, relu, maxpool 2, flatten, dense 2, softmax",
        "--cost", "categorical-cross-entropy", "--samples", "2",
      ],
    ]
    for args in forms {
      let r = run(args)
      XCTAssertEqual(r.status, .success, "\(args): \(r.error)")
      for part in ["1. Layers", "2. Forward pass", "3. Cost", "4. Backward pass", "6. Check"] {
        XCTAssertTrue(r.output.contains(part), "\(part) missing for \(args)")
      }
      XCTAssertTrue(r.output.contains("PASSED"), r.output)
      for line in r.output.split(separator: "\n") {
        XCTAssertLessThanOrEqual(line.count, 80, "too wide: \(line)")
      }
    }
  }

  func testEachKindShowsItsOwnDerivation() {
    let conv = run([
      "--arch", "input 1x4x4, conv 2 2x2, relu, maxpool 2, flatten, dense 2, softmax",
      "--cost", "categorical-cross-entropy",
    ]).output
    let flat = unwrapped(conv)
    for piece in [
      // Forward and backward equations with their shapes.
      "z¹[f,y,x] = b1[f] + Σ_c Σ_i Σ_j K1[f,c,i,j] · a⁰[c, y+i, x+j]",
      "a⁰ (1×4×4), K1 (2×1×2×2), b1 (2) → 2×3×3",
      "∂C/∂a⁰[c] = Σ_f pad(∂C/∂z¹[f]) ⋆ rot180(K1[f,c])",
      "a full correlation with the flipped kernel: 5×5 ⋆ 2×2 → 4×4",
      "∂C/∂K1[f,c] = a⁰[c] ⋆ ∂C/∂z¹[f]",
      // The padded gradient and the flipped kernel, with their numbers.
      "pad(∂C/∂z¹) (2×5×5) =", "rot180(K1) (2×1×2×2) =",
      // The Jacobian in full and its band.
      "∂z¹/∂a⁰: 18×16, sparse", "■■··■■··········",
      "Routing (output ← winning input", "identity (reshaping)",
      "∂C/∂z⁴ = a⁴ − y",
    ] {
      XCTAssertTrue(conv.contains(piece) || flat.contains(piece), piece)
    }
    let lstm = run(["--arch", "input 4x3, lstm 2, dense 1, sigmoid", "--cost", "quadratic"]).output
    for piece in [
      "Gates and states by step:", "Through time", "∂c_t/∂c_(t−1) = diag(f_t)",
      "∂C/∂c_t = ∂C/∂h_t ⊙ o_t ⊙ (1 − tanh² c_t) + ∂C/∂c_(t+1) ⊙ f_(t+1)",
      "i_t = σ(Wi1 x_t + Ui1 h_(t−1) + bi1)      (2×3)(3×1) + (2×2)(2×1) + (2×1)",
      "δi=[", "C = ½‖a²", "∂C/∂a²[i] = aᵢ − yᵢ",
    ] {
      XCTAssertTrue(lstm.contains(piece), piece)
    }
    let rnn = run(["--arch", "input 4x3, rnn 3, dense 2, identity", "--cost", "mse"]).output
    for piece in [
      "δ_t = ∂C/∂h_t ⊙ (1 − h_t²)      (3×1) ⊙ (3×1) → 3×1", "∂C/∂h_(t−1) = Wh1ᵀ δ_t",
      "t=4: ∂C/∂h=[", "t=1: ∂C/∂h=[",
    ] {
      XCTAssertTrue(rnn.contains(piece), piece)
    }
  }

  func testAMaxPoolTieIsNamedAndRoutedToTheFirstLargest() throws {
    let (net, random) = try LayeredNetwork.random(
      Architecture.parse("input 1x2x4, maxpool 2, flatten, dense 1, identity"), cost: .quadratic,
      sampleCount: 1, seed: 3)
    // The first window ties at 0.5 (entries [0,0,1] and [0,1,0]); the second does not.
    let sample = Sample(
      input: [0.25, 0.5, 0.75, 0.125, 0.5, -1, 0.0, 0.0625], target: random[0].target)
    let e = LayerExplanation(network: net, samples: [sample], traced: 0)
    let text = e.text()
    XCTAssertTrue(
      text.contains("[0,0,0] ← [0,0,1]"), text)
    XCTAssertTrue(text.contains("tie with [0,1,0]: the first is taken (a kink)"), text)
    XCTAssertTrue(text.contains("[0,0,1] ← [0,0,2]"), text)
    // The gradient goes where the layer's own backward pass sends it.
    let pool = e.steps[0]
    XCTAssertEqual(pool.inputGradient[1], try XCTUnwrap(pool.outputGradient)[0])
    XCTAssertEqual(pool.inputGradient[4], 0)
  }

  func testJSONGradientsFeedGradcheck() throws {
    let arch = "input 4x3, rnn 3, dense 2, identity"
    let r = run(["--arch", arch, "--cost", "mse", "--samples", "2", "--format", "json"])
    XCTAssertEqual(r.status, .success)
    let directory = try TemporaryDirectory("explain-arch")
    // The JSON has more members than a gradient file: keep the gradient file's own.
    guard case .object(let members) = try JSONValue.parse(r.output) else { return XCTFail() }
    let file = JSONValue.object(members.filter { $0.0 == "gradients" || $0.0 == "cost" })
    let gradients = try directory.write(file.pretty, "g.json")
    let check = runTool(
      .gradcheck, ["--arch", arch, "--cost", "mse", "--samples", "2", "--gradients", gradients])
    XCTAssertEqual(check.status, .success, check.error)
  }

  func testParamTracesOneEntryWithItsTermsAndCheck() throws {
    let arch = "input 1x4x4, conv 2 2x2, relu, maxpool 2, flatten, dense 2, softmax"
    let args = ["--arch", arch, "--cost", "categorical-cross-entropy", "--samples", "2"]
    let r = run(args + ["--param", "K1[0,0,1,0]"])
    XCTAssertEqual(r.status, .success, r.error)
    XCTAssertTrue(r.output.contains("Σ ∂C/∂z¹[0,y,x] · a⁰[0,y+1,x]"), r.output)
    XCTAssertTrue(r.output.contains("9 terms over"), r.output)
    // The printed gradient is the library's mean gradient.
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse(arch), cost: .categoricalCrossEntropy, sampleCount: 2, seed: 0)
    let g = net.gradients(over: samples)[try XCTUnwrap(net.parameterIndex(named: "K1[0,0,1,0]"))]
    XCTAssertTrue(
      r.output.contains("∂C̄/∂K1[0,0,1,0] = \(NumberFormat(digits: 6).string(g))"), r.output)
    let bad = run(args + ["--param", "K9[0,0,0,0]"])
    XCTAssertEqual(bad.status, .usage)
    XCTAssertTrue(bad.error.contains("K1[0,0,0,0]"), bad.error)
  }

  func testOptionsOfTheDenseDerivationAreUsageErrors() {
    for args in [
      ["--arch", "input 3, dense 2", "--layer", "1"],
      ["--arch", "input 3, dense 2", "--mistake", "sign"],
      ["--arch", "input 3, dense 2", "--sample", "3"],
      ["--arch", "input 3x3, dense 2"],
    ] {
      let r = run(args)
      XCTAssertEqual(r.status, .usage, "\(args)")
      XCTAssertTrue(r.error.hasPrefix("Error: "), r.error)
    }
  }

  /// The numbers of `text` (decimals and exponents), each once.
  private func numbers(_ text: String) -> Set<String> {
    var found = Set<String>()
    var current = ""
    for c in text + " " {
      let digit = c.isASCII && c.isNumber
      if digit || c == "." || c == "e" && !current.isEmpty || c == "-" && current.hasSuffix("e") {
        current.append(c)
      } else {
        if current.contains("."), current.first?.isNumber == true, current.last != "." {
          found.insert(current)
        }
        current = ""
      }
    }
    return found
  }

  func testEveryFormatCarriesTheNumbersOfTheText() throws {
    let arch = "input 1x4x4, conv 1 2x2, relu, maxpool 2, flatten, dense 2, softmax"
    let base = ["--arch", arch, "--cost", "categorical-cross-entropy", "--samples", "2"]
    let text = run(base)
    XCTAssertEqual(text.status, .success, text.error)
    let expected = numbers(text.output)
    XCTAssertGreaterThan(expected.count, 40)
    let ascii = run(base + ["--ascii"])
    XCTAssertEqual(numbers(ascii.output), expected)
    // The math formats typeset the same numbers (exponents as × 10^{…}): every gradient,
    // of the traced sample and of the mean, is there, as the library computes it.
    let (net, samples) = try LayeredNetwork.random(
      Architecture.parse(arch), cost: .categoricalCrossEntropy, sampleCount: 2, seed: 0)
    let f = NumberFormat(digits: 6)
    for extra in [["--format", "markdown"], ["--format", "latex"]] {
      let r = run(base + extra)
      XCTAssertEqual(r.status, .success, "\(extra) \(r.error)")
      for g in net.gradients(over: samples) + net.gradients(of: samples[0]) {
        XCTAssertTrue(r.output.contains(f.latex(g)), "\(extra): \(f.latex(g))")
      }
    }
    let dot = run(base + ["--format", "dot"]).output
    XCTAssertTrue(dot.hasPrefix("digraph layers {"), dot)
    for piece in [
      "1 conv 1 2x2|z¹ 1×3×3|K1 1×1×2×2|b1 1", "2 maxpool 2|a² 1×1×1", "layer5 -> cost",
    ] {
      XCTAssertTrue(dot.contains(piece), piece)
    }
    let sampleCost = f.string(net.cost(over: [samples[0]]))
    XCTAssertTrue(dot.contains("sample 0: \(sampleCost)"), "\(sampleCost) \(dot)")
  }

  func testAsciiFitsEightyColumnsForEveryKind() {
    for args in [
      ["--arch", "input 4x3, lstm 2, dense 1, sigmoid", "--cost", "quadratic"],
      ["--arch", "input 4x3, rnn 3, dense 2, identity", "--cost", "mse"],
      [
        "--arch", "input 1x5x5, conv 2 3x3, avgpool 2, flatten, dense 2, softmax",
        "--cost", "categorical-cross-entropy",
      ],
    ] {
      let r = run(args + ["--ascii"])
      XCTAssertEqual(r.status, .success, r.error)
      for line in r.output.split(separator: "\n") {
        XCTAssertLessThanOrEqual(line.count, 80, line.description)
        XCTAssertTrue(line.unicodeScalars.allSatisfy(\.isASCII), line.description)
      }
      let dot = run(args + ["--format", "dot", "--ascii"]).output
      XCTAssertTrue(dot.unicodeScalars.allSatisfy(\.isASCII), dot)
    }
  }

  func testMarkdownTypesetsTheMathWithoutTextBlocks() {
    let r = run([
      "--arch", "input 1x4x4, conv 2 3x3, relu, maxpool 2, flatten, dense 2, softmax", "--cost",
      "categorical-cross-entropy", "--format", "markdown",
    ])
    XCTAssertEqual(r.status, .success, r.error)
    XCTAssertFalse(r.output.contains("```"), r.output)
    for piece in [
      "\\begin{bmatrix}", "\\begin{aligned}", "| l | layer | input | output | parameters |",
      "\\operatorname{rot180}",
      "\\left(2\\times 1\\right)\\left(1\\times 2\\right) \\to 2\\times 2",
    ] {
      XCTAssertTrue(r.output.contains(piece), piece)
    }
  }

  func testLatexIsABalancedDocumentBody() {
    for (arch, cost) in [
      ("input 4x3, lstm 2, dense 1, sigmoid", "quadratic"),
      ("input 4x3, rnn 3, dense 2, identity", "mse"),
      ("input 1x4x4, conv 2 2x2, relu, maxpool 2, flatten, dense 2, softmax", "quadratic"),
      (
        "input 2x5x5, conv 2 3x3 stride 2 same, avgpool 2, flatten, dense 2, sigmoid",
        "cross-entropy"
      ),
    ] {
      let r = run(["--arch", arch, "--cost", cost, "--format", "latex"])
      XCTAssertEqual(r.status, .success, r.error)
      XCTAssertFalse(r.output.contains("verbatim"), arch)
      var depth = 0
      var environments: [String] = []
      for line in r.output.split(separator: "\n", omittingEmptySubsequences: false) {
        XCTAssertTrue(line.unicodeScalars.allSatisfy(\.isASCII), line.description)
        if line.hasPrefix("%") { continue }
        var previous: Character = " "
        for c in line {
          if previous != "\\" {
            if c == "{" { depth += 1 }
            if c == "}" { depth -= 1 }
          }
          XCTAssertGreaterThanOrEqual(depth, 0, line.description)
          previous = previous == "\\" && c == "\\" ? " " : c
        }
        var rest = Substring(line)
        while let range = [rest.range(of: "\\begin{"), rest.range(of: "\\end{")].compactMap({ $0 })
          .min(by: { $0.lowerBound < $1.lowerBound })
        {
          let name = String(rest[range.upperBound...].prefix { $0 != "}" })
          if rest[range].hasPrefix("\\begin") {
            environments.append(name)
          } else {
            XCTAssertEqual(environments.popLast(), name, line.description)
          }
          rest = rest[range.upperBound...]
        }
      }
      XCTAssertEqual(depth, 0, arch)
      XCTAssertEqual(environments, [], arch)
    }
  }

  /// `values` as numbers, flattening nested arrays.
  private func numbers(_ value: Any?) -> [Double] {
    if let x = value as? Double { return [x] }
    if let xs = value as? [Any] { return xs.flatMap { numbers($0) } }
    return []
  }

  private func assertClose(_ a: [Double], _ b: [Double], _ what: String) {
    XCTAssertEqual(a.count, b.count, what)
    XCTAssertFalse(a.isEmpty, what)
    for (x, y) in zip(a, b) {
      XCTAssertEqual(x, y, accuracy: 1e-12 * max(1, abs(y)), what)
    }
  }

  func testADenseArchitectureHasTheNumbersOfLayers() throws {
    let cases: [(arch: String, layers: [String])] = [
      (
        "input 3, dense 4, tanh, dense 2, sigmoid",
        ["--layers", "3,4,2", "--activation", "tanh", "--output-activation", "sigmoid"]
      ),
      (
        "input 2, dense 2, relu, dense 3, relu, dense 1, identity",
        ["--layers", "2,2,3,1", "--activation", "relu", "--output-activation", "identity"]
      ),
    ]
    for c in cases {
      let common = ["--samples", "2", "--seed", "4", "--format", "json"]
      let a = run(["--arch", c.arch] + common)
      let l = run(c.layers + common)
      XCTAssertEqual(a.status, .success, a.error)
      XCTAssertEqual(l.status, .success, l.error)
      let arch = try XCTUnwrap(
        JSONSerialization.jsonObject(with: Data(a.output.utf8)) as? [String: Any])
      let dense = try XCTUnwrap(
        JSONSerialization.jsonObject(with: Data(l.output.utf8)) as? [String: Any])
      assertClose(numbers(arch["cost"]), numbers(dense["costValue"]), "\(c.arch): mean cost")
      let gradients = try XCTUnwrap(dense["gradients"] as? [String: Any])
      let weights = try XCTUnwrap(gradients["weights"] as? [Any])
      let biases = try XCTUnwrap(gradients["biases"] as? [Any])
      let archGradients = try XCTUnwrap(arch["gradients"] as? [String: Any])
      for l in 1...weights.count {
        assertClose(
          numbers(archGradients["W\(l)"]), numbers(weights[l - 1]), "\(c.arch): ∂C̄/∂W\(l)")
        assertClose(
          numbers(archGradients["b\(l)"]), numbers(biases[l - 1]), "\(c.arch): ∂C̄/∂b\(l)")
      }
      // The traced sample's forward and backward pass, layer by layer: z^l and δ^l at the
      // dense layer, a^l at its activation.
      let traced = try XCTUnwrap((dense["samples"] as? [[String: Any]])?.first)
      let (z, activations, deltas) = (
        try XCTUnwrap(traced["z"] as? [Any]), try XCTUnwrap(traced["a"] as? [Any]),
        try XCTUnwrap(traced["deltas"] as? [Any])
      )
      let layers = try XCTUnwrap(arch["layers"] as? [[String: Any]])
      XCTAssertEqual(layers.count, 2 * (z.count - 1))
      for layer in layers {
        let n = try XCTUnwrap(layer["number"] as? Int)
        let isDense = (layer["layer"] as? String)?.hasPrefix("dense") == true
        assertClose(
          numbers(layer["outputValues"]), numbers(isDense ? z[n] : activations[n]),
          "\(c.arch): layer \(n)")
        if isDense {
          assertClose(numbers(layer["outputGradient"]), numbers(deltas[n]), "\(c.arch): δ\(n)")
        }
      }
    }
  }
}
