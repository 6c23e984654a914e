import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// `nn-explain --arch`: the derivation of each layer kind, its numbers, and its check.
final class ExplainArchTests: XCTestCase {
  private func run(_ args: [String]) -> ToolRun { runTool(.explain, args) }

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
    XCTAssertTrue(conv.contains("⋆full rot180(K1[f,c])"), conv)
    XCTAssertTrue(conv.contains("∂z¹/∂a⁰: 18×16, sparse"), conv)
    // The band of the first row: input (0,0), (0,1), (1,0), (1,1) of a 4-wide image.
    XCTAssertTrue(conv.contains("■■··■■··········"), conv)
    XCTAssertTrue(conv.contains("Routing (output ← winning input)"), conv)
    XCTAssertTrue(conv.contains("identity (reshaping)"), conv)
    let lstm = run(["--arch", "input 4x3, lstm 2, dense 1, sigmoid", "--cost", "quadratic"]).output
    XCTAssertTrue(lstm.contains("Gates and states by step:"), lstm)
    XCTAssertTrue(lstm.contains("Through time"), lstm)
    XCTAssertTrue(lstm.contains("dc ← dc ⊙ f_t"), lstm)
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
      r.output.contains("∂C/∂K1[0,0,1,0] = \(NumberFormat(digits: 6).string(g))"), r.output)
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
      if c.isNumber || c == "." || c == "e" && !current.isEmpty
        || c == "-" && current.hasSuffix("e")
      {
        current.append(c)
      } else {
        if current.contains("."), current.first?.isNumber == true { found.insert(current) }
        current = ""
      }
    }
    return found
  }

  func testEveryFormatCarriesTheNumbersOfTheText() {
    let arch = "input 1x4x4, conv 1 2x2, relu, maxpool 2, flatten, dense 2, softmax"
    let base = ["--arch", arch, "--cost", "categorical-cross-entropy", "--samples", "2"]
    let text = run(base)
    XCTAssertEqual(text.status, .success, text.error)
    let expected = numbers(text.output)
    XCTAssertGreaterThan(expected.count, 40)
    for extra in [["--ascii"], ["--format", "markdown"], ["--format", "latex"]] {
      let r = run(base + extra)
      XCTAssertEqual(r.status, .success, "\(extra) \(r.error)")
      XCTAssertEqual(numbers(r.output), expected, "\(extra)")
    }
    let dot = run(base + ["--format", "dot"]).output
    XCTAssertTrue(dot.hasPrefix("digraph layers {"), dot)
    for piece in [
      "1 conv 1 2x2|z¹ 1×3×3|K1 1×1×2×2|b1 1", "2 maxpool 2|a² 1×1×1", "layer5 -> cost",
    ] {
      XCTAssertTrue(dot.contains(piece), piece)
    }
    let words = text.output.split(whereSeparator: \.isWhitespace)
    let at = words.indices.first { words[$0] == "for" && words[$0 + 1] == "this" }
    let sampleCost = at.map { String(words[$0 - 1]) } ?? "?"
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

  func testLatexIsABalancedDocumentBody() {
    for arch in [
      "input 4x3, lstm 2, dense 1, sigmoid",
      "input 1x4x4, conv 2 2x2, relu, maxpool 2, flatten, dense 2, softmax",
    ] {
      let r = run(["--arch", arch, "--cost", "quadratic", "--format", "latex"])
      XCTAssertEqual(r.status, .success, r.error)
      var depth = 0
      var environments: [String] = []
      var inVerbatim = false
      for line in r.output.split(separator: "\n", omittingEmptySubsequences: false) {
        XCTAssertTrue(line.unicodeScalars.allSatisfy(\.isASCII), line.description)
        if inVerbatim {
          if line == "\\end{verbatim}" { inVerbatim = false }
          continue
        }
        if line == "\\begin{verbatim}" {
          inVerbatim = true
          continue
        }
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
        if line.hasPrefix("\\begin{") {
          environments.append(String(line.dropFirst(7).prefix { $0 != "}" }))
        }
        if line.hasPrefix("\\end{") {
          XCTAssertEqual(
            environments.popLast(), String(line.dropFirst(5).prefix { $0 != "}" }), line.description
          )
        }
      }
      XCTAssertEqual(depth, 0, arch)
      XCTAssertFalse(inVerbatim, arch)
      XCTAssertEqual(environments, [], arch)
    }
  }
}
