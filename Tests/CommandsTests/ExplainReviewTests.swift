import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

/// The findings of the review of `nn-explain` (issue 5), each pinned by a test that fails on
/// the old behaviour: LaTeX specials, hidden softmax, the check's rule and kinks, the fused
/// output error, 80 columns, shapes on equations, messages.
final class ExplainReviewTests: XCTestCase {
  func run(_ arguments: [String]) -> (out: String, err: String, status: Int32) {
    let r = runTool(.explain, arguments)
    return (r.output, r.error, r.status.rawValue)
  }

  /// Writes `json` to a temporary network file and returns its path (removed at teardown).
  func networkFile(_ json: String, _ name: String) throws -> String {
    let directory = try TemporaryDirectory("explain-review")
    addTeardownBlock { directory.remove() }
    return try directory.write(json, "\(name).json")
  }

  func derivation(_ json: String, options: ExplainOptions = ExplainOptions()) throws -> Derivation {
    let file = try NetworkFile(json: json)
    return try Derivation.explain(file.network, samples: file.samples, options: options)
  }

  /// Every equation of the derivation, with the title of its section.
  func equations(_ d: Derivation) -> [(section: String, group: [DerivationEquation])] {
    d.sections.flatMap { s in
      s.blocks.compactMap { b -> (String, [DerivationEquation])? in
        if case .equations(let e) = b { return (s.title, e) }
        return nil
      }
    }
  }

  /// The last step of the equation whose left side is `lhs` (Unicode), as a number.
  func value(_ d: Derivation, lhs: String, firstStep: String? = nil) -> Double? {
    for (_, group) in equations(d) {
      for eq in group where eq.lhs.unicode.trimmingCharacters(in: .whitespaces) == lhs {
        if let firstStep, eq.steps.first?.ascii != firstStep { continue }
        if let last = eq.steps.last, let x = Double(last.unicode) { return x }
      }
    }
    return nil
  }

  // MARK: - 1a. LaTeX and KaTeX: \text{} contents are escaped, braces balance

  /// The contents of every `\text{…}` in `s`, braces matched.
  func textArguments(_ s: String) -> [String] {
    var out: [String] = []
    let chars = Array(s)
    let key = Array("\\text{")
    var i = 0
    while i + key.count <= chars.count {
      if Array(chars[i..<(i + key.count)]) == key {
        var depth = 1
        var j = i + key.count
        var content = ""
        while j < chars.count && depth > 0 {
          if chars[j] == "\\" && j + 1 < chars.count {
            content.append(chars[j])
            content.append(chars[j + 1])
            j += 2
            continue
          }
          if chars[j] == "{" { depth += 1 }
          if chars[j] == "}" { depth -= 1 }
          if depth > 0 { content.append(chars[j]) }
          j += 1
        }
        out.append(content)
        i = j
      } else {
        i += 1
      }
    }
    return out
  }

  /// Whether `s` has a LaTeX special character outside an escape sequence.
  func hasUnescapedSpecial(_ s: String) -> Bool {
    var rest = s
    for escape in [
      "\\textbackslash{}", "\\textgreater{}", "\\textless{}", "\\^{}", "\\~{}", "\\_", "\\&",
      "\\%", "\\#", "\\$", "\\{", "\\}",
    ] {
      rest = rest.replacingOccurrences(of: escape, with: "")
    }
    return rest.contains { "_^&%#$~\\{}".contains($0) }
  }

  /// Braces balance once escaped braces are removed, and never go negative.
  func bracesBalance(_ s: String) -> Bool {
    let t = s.replacingOccurrences(of: "\\{", with: "").replacingOccurrences(of: "\\}", with: "")
    var depth = 0
    for c in t {
      if c == "{" { depth += 1 }
      if c == "}" { depth -= 1 }
      if depth < 0 { return false }
    }
    return depth == 0
  }

  func testLatexAndMarkdownTextArgumentsAreEscaped() {
    let configs: [[String]] = [
      ["--layers", "2,2,2"],
      ["--layers", "3,4,3", "--cost", "categorical-cross-entropy"],
      ["--layers", "2,3,3", "--activation", "softmax"],
      ["--layers", "2,3,2", "--activation", "relu", "--samples", "2", "--param", "W1[0,1]"],
      ["--layers", "2,2", "--cost", "cross-entropy", "--precision", "2"],
    ]
    for args in configs {
      for format in ["latex", "markdown"] {
        let r = run(args + ["--format", format])
        XCTAssertNotEqual(r.status, 64, "\(args) \(format): \(r.err)")
        let texts = textArguments(r.out)
        XCTAssertFalse(texts.isEmpty, "\(args) \(format) has no \\text{}")
        for t in texts {
          XCTAssertFalse(hasUnescapedSpecial(t), "\(args) \(format): \\text{\(t)}")
        }
        if format == "latex" {
          XCTAssertTrue(bracesBalance(r.out), "\(args): unbalanced braces")
          for env in ["align*", "bmatrix", "tabular", "center"] {
            XCTAssertEqual(
              r.out.components(separatedBy: "\\begin{\(env)}").count,
              r.out.components(separatedBy: "\\end{\(env)}").count, "\(args): \(env)")
          }
        }
      }
    }
  }

  func testEscapeOfWords() {
    XCTAssertEqual(
      MathText.words("a_i & 50% #1 $x {y} ~ ^").latex,
      "\\text{a\\_i \\& 50\\% \\#1 \\$x \\{y\\} \\~{} \\^{}}")
  }

  // MARK: - 1b. A hidden softmax layer: dense Jacobian, no ⊙

  static let hiddenSoftmax = """
    {"layers":[2,3,3],"activations":["softmax","softmax"],"cost":"quadratic",
     "weights":[[[0.5,-0.3],[0.2,0.8],[-0.7,0.1]],[[0.3,-0.2,0.9],[-0.5,0.4,0.1],[0.6,0.7,-0.8]]],
     "biases":[[0.1,-0.2,0.05],[0.0,0.3,-0.1]],
     "samples":[{"input":[0.4,-0.9],"target":[0.2,0.5,0.3]}]}
    """

  func testHiddenSoftmaxUsesTheDenseJacobian() throws {
    let path = try networkFile(Self.hiddenSoftmax, "hidden-softmax")
    let text = run(["--network", path]).out
    XCTAssertTrue(text.contains("δ¹ = (∂a¹/∂z¹)ᵀ (W²)ᵀ δ²"), text)
    XCTAssertFalse(text.contains("δ¹ = (W²)ᵀ δ² ⊙"), "element-wise recursion for softmax")
    XCTAssertFalse(text.contains("softmax′"), "softmax has no element-wise derivative")
    XCTAssertFalse(text.contains(":\n\n\n"), "an empty block after a colon")
    // The index form of δ¹ for the hidden softmax: its values are ∂C/∂b¹ (one sample),
    // checked against central differences of an independent forward pass.
    let d = try derivation(
      Self.hiddenSoftmax, options: ExplainOptions(numberFormat: NumberFormat(digits: 17)))
    let reference = try ReferenceNetwork(json: Self.hiddenSoftmax)
    let db = reference.centralDifferences().biases[0]
    for j in 0..<3 {
      let printed = try XCTUnwrap(value(d, lhs: "δ¹[\(j)]"), "no index form for δ¹[\(j)]")
      assertClose(printed, db[j], rtol: 1e-6, atol: 1e-10, "δ¹[\(j)]")
    }
    // No equation group is empty and every matrix-form recursion line has its shapes.
    for (section, group) in equations(d) {
      XCTAssertFalse(group.isEmpty, "empty equations in \(section)")
    }
  }

  // MARK: - 1c. The check: gradcheck's rule, kinks

  static let kink = """
    {"layers":[2,2,1],"activations":["relu","identity"],"cost":"quadratic",
     "weights":[[[1,0],[0,1]],[[1,1]]],"biases":[[0,0],[0]],
     "samples":[{"input":[0,1],"target":[0]}]}
    """

  func testKinkIsReportedAsKinkNotFailure() throws {
    // Independently: unit 0 of layer 1 has z = 0 exactly, so the one-sided slopes of the
    // cost in b¹[0] differ (a true kink).
    let reference = try ReferenceNetwork(json: Self.kink)
    let i = reference.flatIndex(layer: 1, bias: 0)
    let h = 1e-5
    let right =
      (reference.cost(reference.theta.with(i, reference.theta[i] + h))
        - reference.cost(reference.theta)) / h
    let left =
      (reference.cost(reference.theta)
        - reference.cost(reference.theta.with(i, reference.theta[i] - h))) / h
    XCTAssertGreaterThan(abs(right - left), 0.5, "the test network has no kink")
    let path = try networkFile(Self.kink, "kink")
    let r = run(["--network", path])
    XCTAssertEqual(r.status, 0, r.out)
    XCTAssertFalse(r.out.contains("FAIL"), r.out)
    let kinkRows = r.out.split(separator: "\n").filter { $0.contains("  kink, ") }
    XCTAssertTrue(kinkRows.contains { $0.hasPrefix("b¹[0]") }, r.out)
    XCTAssertTrue(r.out.contains("crossed a kink"))
    let d = try derivation(Self.kink)
    XCTAssertTrue(d.data.check.passed)
    XCTAssertEqual(d.data.check.kinkCount, kinkRows.count)
    XCTAssertEqual(d.data.check.rtol, 1e-5)
    XCTAssertEqual(d.data.check.atol, 1e-8)
  }

  /// Large costs (hundreds) with correct gradients: nn-explain and gradcheck give the
  /// same verdict, and nn-explain's rule is gradcheck's.
  func testLargeCostsAgreeWithGradcheck() throws {
    let url = try XCTUnwrap(
      Bundle.module.url(forResource: "Golden/large-cost-elu.json", withExtension: nil))
    let file = try NetworkFile(contentsOf: url.path)
    XCTAssertGreaterThan(file.network.cost(over: file.samples), 100)
    let explain = run(["--network", url.path])
    let capture = CapturingConsole()
    let gradcheck = GradcheckCommand.main(["--network", url.path], console: capture.console)
    XCTAssertEqual(explain.status, gradcheck.rawValue, explain.out)
    XCTAssertEqual(explain.status, 0, explain.out)
    // Entry by entry, the rule |a − n| ≤ atol + rtol · max(|a|, |n|) with 1e-5 and 1e-8.
    let d = try derivation(String(contentsOf: url, encoding: .utf8))
    for e in d.data.check.entries where !e.outcome.crossedKink {
      let rule = abs(e.analytic - e.numeric) <= 1e-8 + 1e-5 * max(abs(e.analytic), abs(e.numeric))
      XCTAssertEqual(!e.outcome.isFailure, rule, "\(e.index)")
    }
  }

  // MARK: - 1d. The fused output error

  func testSoftmaxTargetNotSummingToOne() throws {
    let json = """
      {"layers":[2,3],"activations":["softmax"],"cost":"categorical-cross-entropy",
       "weights":[[[1,0],[0,1],[1,1]]],"biases":[[0,0,0]],
       "samples":[{"input":[0.5,1],"target":[0.5,0.5,0.5]}]}
      """
    let path = try networkFile(json, "cce")
    let text = run(["--network", path, "--precision", "12"]).out
    XCTAssertFalse(text.contains("δ¹ = a¹ − y"), "claims a − y for a target summing to 1.5")
    XCTAssertTrue(text.contains("δ¹ = a¹ (Σᵢ yᵢ) − y"), text)
    XCTAssertTrue(text.contains("Σᵢ yᵢ = 1.5"), text)
    let diff = try XCTUnwrap(
      text.range(of: "largest\ndifference ") ?? text.range(of: "largest difference "))
    let number = text[diff.upperBound...].prefix { !")".contains($0) }
    XCTAssertLessThan(Double(number) ?? 1, 1e-12, "general chain and simplified differ: \(number)")
    // The printed simplified values are δ¹ = ∂C/∂b¹, by independent central differences.
    let d = try derivation(
      json, options: ExplainOptions(numberFormat: NumberFormat(digits: 17)))
    let reference = try ReferenceNetwork(json: json).centralDifferences().biases[0]
    let simplified = d.sections.flatMap(\.blocks).compactMap { b -> Matrix? in
      guard case .matrices(let m) = b, m.items.count == 2, case .math(let label) = m.items[0],
        label.unicode.hasPrefix("a¹ (Σᵢ yᵢ) − y"), case .matrix(let x) = m.items[1]
      else { return nil }
      return x
    }
    let values = try XCTUnwrap(simplified.first)
    for j in 0..<3 { assertClose(values[j, 0], reference[j], rtol: 1e-6, atol: 1e-10, "δ[\(j)]") }
  }

  func testSaturatedSigmoidSaysTheGeneralChainOverflows() throws {
    let json = """
      {"layers":[2,2],"activations":["sigmoid"],"cost":"cross-entropy",
       "weights":[[[1000,2],[3,4]]],"biases":[[0,0]],"samples":[{"input":[1,1],"target":[0,0]}]}
      """
    let path = try networkFile(json, "sat")
    let r = run(["--network", path])
    XCTAssertFalse(r.out.contains("difference nan"), r.out)
    XCTAssertFalse(r.out.contains("difference inf"), r.out)
    XCTAssertTrue(r.out.contains("cannot be evaluated"), r.out)
    // The fused δ is finite (a − y), so every gradient printed is a number.
    let d = try derivation(json)
    XCTAssertTrue(d.data.gradients.weights.allSatisfy { $0.storage.allSatisfy(\.isFinite) })
  }

  // MARK: - 1e. 80 columns for every shape and precision

  func testTextFitsEightyColumnsForManyShapesAndPrecisions() {
    let shapes = [
      "10,10", "10,10,10", "9,10,10,9", "7,8,9,10", "10,1,10", "1,6", "6,1,6", "12,3", "3,11,2",
    ]
    let activations = ["sigmoid", "relu", "softmax", "tanh"]
    for (n, shape) in shapes.enumerated() {
      for precision in ["1", "6", "12", "17"] {
        for ascii in [false, true] {
          var args = [
            "--layers", shape, "--activation", activations[n % activations.count], "--precision",
            precision, "--seed", String(n % 4),
          ]
          if ascii { args.append("--ascii") }
          if precision == "17" && n % 2 == 0 { args += ["--param", "W1[0,0]"] }
          if precision == "12" && n % 3 == 0 { args += ["--cost", "categorical-cross-entropy"] }
          let out = run(args).out
          XCTAssertFalse(out.isEmpty, "\(args)")
          for (i, line) in out.split(separator: "\n").enumerated() where line.count > 80 {
            XCTFail("\(args) line \(i + 1) has \(line.count) columns: \(line)")
          }
        }
      }
    }
  }

  // MARK: - 1f. Every equation carries its shapes

  func testEveryVectorEquationHasShapes() throws {
    for args in [
      ["--layers", "2,3,2", "--samples", "2"],
      ["--layers", "3,4,3", "--cost", "categorical-cross-entropy"],
      ["--layers", "2,3,3", "--activation", "softmax", "--cost", "mse"],
    ] {
      let text = run(args).out
      for needle in [
        "×1, element-wise", "→ 1×1", "BP1 (nᴸ×nᴸ)ᵀ(nᴸ×1) → nᴸ×1", "BP2 (nˡ×nˡ⁺¹)",
        "BP3 (nˡ×1)", "BP4 (nˡ×1)(1×nˡ⁻¹)", "∂C/∂bˡ = δˡ           (nˡ×1)",
      ] where !(needle.contains("element-wise") && args.contains("softmax")) {
        XCTAssertTrue(text.contains(needle), "\(args): no '\(needle)'")
      }
    }
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 2], sampleCount: 2))
    let d = try Derivation.explain(file.network, samples: file.samples)
    // An equation between vectors or matrices (a left side without an index, not a number)
    // has a shape comment, or sits in a group with a `shapes` line.
    let scalarMarks = Set("[ᵢⱼₖₘ")
    for (section, group) in equations(d) where section != "Check" {
      let hasShapesLine = group.contains { $0.lhs.unicode == "shapes" }
      for eq in group {
        let lhs = eq.lhs.unicode
        let isNumber = eq.steps.count == 1 && Double(eq.steps[0].unicode) != nil
        if lhs.contains(where: { scalarMarks.contains($0) }) || lhs.hasPrefix("path") || isNumber
          || hasShapesLine || lhs == "shapes"
        {
          continue
        }
        XCTAssertNotNil(eq.comment, "\(section): \(lhs) = \(eq.steps.map(\.unicode)) has no shapes")
      }
    }
  }

  // MARK: - 2. Messages

  func testParameterAndLayerMessages() throws {
    let r = run(["--layers", "2,2", "--param", "b1[5]"])
    XCTAssertEqual(r.status, 64)
    XCTAssertTrue(r.err.contains("b1 has 2 entries"), r.err)
    let many = run(["--layers", Array(repeating: "2", count: 66).joined(separator: ",")])
    XCTAssertEqual(many.status, 64)
    XCTAssertTrue(many.err.contains("at most 64 layers after the input"), many.err)
    let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Docs/Explaining.md")
    let text = try String(contentsOf: docs, encoding: .utf8).replacingOccurrences(
      of: "\n", with: " ")
    XCTAssertTrue(
      text.contains("at most \(NetworkOptions.maximumDepth) layers after the input"))
    XCTAssertFalse(text.contains("at most 32 sizes"))
  }

  // MARK: - 4. Polish

  func testBiasTraceWordingAndHeadings() {
    let bias = run(["--layers", "2,2,2", "--param", "b2[1]"]).out
    XCTAssertFalse(bias.contains("= 1 = 1"), bias)
    XCTAssertFalse(bias.contains("parameter's input"), bias)
    XCTAssertTrue(bias.contains("∂C/∂b²[1] = δ²[1] = "), bias)
    XCTAssertTrue(bias.contains("Paths from the cost to b²[1]"), bias)
    let ascii = run(["--layers", "2,2,2,2", "--param", "W2[1,0]", "--ascii"]).out
    XCTAssertTrue(ascii.contains("Paths from the cost to W^2[1,0]"), ascii)
    let rounded = run(["--layers", "2,2", "--precision", "1"]).out
    XCTAssertTrue(rounded.contains("rounded to 1 significant digit"), rounded)
    XCTAssertFalse(run(["--layers", "2,2"]).out.contains("rounded to"))
    // 10^20 paths overflow a 64-bit count: the message says so instead of "too many".
    let deep = run([
      "--layers", Array(repeating: "10", count: 21).joined(separator: ","), "--param", "W1[0,0]",
    ])
    XCTAssertTrue(deep.out.contains("more paths than a 64-bit integer can count"), deep.err)
    let wide = run(["--layers", "2,10,10,10", "--param", "W1[0,0]"])
    XCTAssertTrue(wide.out.contains("There are 100 paths, too many to list"), wide.err)
  }

  // MARK: - 5. Printed terms are the library's numbers (code review 2.11 and 4)

  /// Softmax saturated at z = (40, 0, 0): a⁰ rounds to 1, so a₀(1 − a₀) is 0 while the true
  /// ∂a₀/∂z₀ = a₀ (a₁ + a₂) ≈ 8.5e-18. The index form and the paths print the library's
  /// cancellation-free entries, so their terms add up to δ.
  func testSaturatedSoftmaxTermsAddUpToDelta() throws {
    let json = """
      {"layers":[1,3],"activations":["softmax"],"cost":"quadratic",
       "weights":[[[40],[0],[0]]],"biases":[[0,0,0]],
       "samples":[{"input":[1],"target":[0,0,0]}]}
      """
    // Closed form: a₁ = a₂ = ε = 1/(e⁴⁰ + 2), a₀ = 1 − 2ε; with ∂C/∂a = a,
    // δ₀ = Σᵢ aᵢ ∂aᵢ/∂z₀ = a₀ · 2ε a₀ − 2 ε · ε a₀ = 2ε a₀ (a₀ − ε).
    let epsilon = 1 / (exp(40.0) + 2)
    let a0 = exp(40.0) / (exp(40.0) + 2)
    let delta0 = 2 * epsilon * a0 * (a0 - epsilon)
    XCTAssertGreaterThan(delta0, 1e-18)
    let digits = ExplainOptions(numberFormat: NumberFormat(digits: 17))
    let d = try derivation(json, options: digits)
    let index = try XCTUnwrap(
      equations(d).flatMap(\.group).first {
        $0.lhs.unicode.trimmingCharacters(in: .whitespaces) == "δ¹[0]" && $0.steps.count == 3
      }, "no index form of δ¹[0]")
    let printedSum = try sumOfProducts(index.steps[1].unicode)
    assertClose(printedSum, delta0, rtol: 1e-12, atol: 0, "index-form terms of δ¹[0]")
    assertClose(d.data.backward[0].delta[1][0], delta0, rtol: 1e-12, atol: 0, "backprop δ¹[0]")

    var options = digits
    options.parameter = ParameterIndex(layer: 1, kind: .bias(row: 0), columns: 1)
    let paths = try derivation(json, options: options)
    let sum = try XCTUnwrap(
      value(paths, lhs: "∂C/∂b¹[0]", firstStep: "sum over paths"), "no sum over paths")
    assertClose(sum, delta0, rtol: 1e-12, atol: 0, "sum over the paths to b¹[0]")
  }

  /// `x · y + (−u) · v + …` as printed, evaluated.
  func sumOfProducts(_ s: String) throws -> Double {
    try s.replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")
      .components(separatedBy: " + ").reduce(0) { total, term in
        try total
          + term.components(separatedBy: " · ").reduce(1) { product, factor in
            let trimmed = factor.trimmingCharacters(in: .whitespaces)
            return try product * XCTUnwrap(Double(trimmed), "not a number: \(trimmed)")
          }
      }
  }

  /// A sigmoid output at z = 40 with target 1: σ(40) rounds to 1, so a − y computed from a
  /// is 0, while backprop's δ = −σ(−40) ≈ −4.2e-18 (from z). The simplified form printed
  /// is backprop's own δ, not a recomputation from the rounded output.
  func testSaturatedSigmoidSimplificationIsBackpropsDelta() throws {
    let json = """
      {"layers":[1,1],"activations":["sigmoid"],"cost":"cross-entropy",
       "weights":[[[40]]],"biases":[[0]],"samples":[{"input":[1],"target":[1]}]}
      """
    let d = try derivation(
      json, options: ExplainOptions(numberFormat: NumberFormat(digits: 17)))
    let simplified = d.sections.flatMap(\.blocks).compactMap { b -> Matrix? in
      guard case .matrices(let m) = b, m.items.count == 2, case .math(let label) = m.items[0],
        label.unicode.hasPrefix("a¹ − y"), case .matrix(let x) = m.items[1]
      else { return nil }
      return x
    }
    let value = try XCTUnwrap(simplified.first, "no simplified form printed")[0, 0]
    assertClose(value, -1 / (1 + exp(40.0)), rtol: 1e-12, atol: 0, "simplified δ¹[0]")
    XCTAssertEqual(value, d.data.backward[0].delta[1][0])
  }
}
