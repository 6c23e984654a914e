import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// `nn-explain --mistake`: the mistaken numbers against a plain implementation of each
/// mistake, the changed ones marked, the check failing with gradcheck's diagnosis.
final class ExplainMistakeTests: ExplainCommandTestCase {
  /// The comparison table after the "With the mistake" subheading of `section`.
  func mistakeTable(_ d: Derivation, _ section: String) throws -> DerivationTable {
    let blocks = try XCTUnwrap(d.sections.first { $0.title == section }, section).blocks
    let start = try XCTUnwrap(
      blocks.firstIndex {
        if case .subheading(let s) = $0 { return s.hasPrefix("With the mistake") }
        return false
      }, "no mistake subheading in \(section)")
    for b in blocks[start...] { if case .table(let t) = b { return t } }
    throw XCTSkip("no table in \(section)")
  }

  /// The number printed in cell `column` of `row`.
  func number(_ row: [[DerivationInline]], _ column: Int) throws -> Double {
    guard case .text(let printed)? = row[column].first else { throw XCTSkip("no number") }
    return try XCTUnwrap(Double(printed), printed)
  }

  /// Checks every mistaken δ and gradient the derivation prints, and every mark, against
  /// the plain implementation.
  func checkMarks(_ mistake: InjectedMistake, samples sampleCount: Int) throws {
    let (file, d, plain) = try mistakenDerivation(mistake, samples: sampleCount)
    let name = mistake.rawValue
    let s = file.samples[0]
    let right = plain.deltas(s.input, s.target, nil)
    let wrong = plain.deltas(s.input, s.target, name)
    let deltas = try mistakeTable(d, "Backward pass")
    var row = 0
    for l in [2, 1] {
      for j in 0..<2 {
        let r = deltas.rows[row]
        assertClose(try number(r, 1), right[l][j], rtol: 1e-13, atol: 0, "\(name) δ\(l)[\(j)]")
        assertClose(try number(r, 2), wrong[l][j], rtol: 1e-13, atol: 0, "\(name) δ\(l)[\(j)]")
        let mark: [DerivationInline] = [.text(differ(right[l][j], wrong[l][j]) ? "*" : "")]
        XCTAssertEqual(r[3], mark, "\(name) mark of δ\(l)[\(j)]")
        row += 1
      }
    }
    let rightGradients = plain.gradients(file.samples, nil)
    let wrongGradients = plain.gradients(file.samples, name)
    let table = try mistakeTable(d, "Gradients")
    let indices = file.network.parameterIndices
    XCTAssertEqual(table.rows.count, indices.count)
    let given = try XCTUnwrap(d.data.mistake?.gradients)
    for (p, r) in zip(indices, table.rows) {
      let x = PlainMistakenBackprop.value(rightGradients, p)
      let y = PlainMistakenBackprop.value(wrongGradients, p)
      assertClose(try number(r, 2), y, rtol: 1e-12, atol: 1e-300, "\(name) \(p)")
      assertClose(given[p], y, rtol: 1e-12, atol: 1e-300, "\(name) \(p) in the data")
      XCTAssertEqual(r[3], [.text(differ(x, y) ? "*" : "")], "\(name) mark of \(p)")
    }
  }

  func testEveryMistakeChangesAndMarksWhatAPlainImplementationChanges() throws {
    for mistake in InjectedMistake.allCases {
      if mistake != .sumInsteadOfMean { try checkMarks(mistake, samples: 1) }
      try checkMarks(mistake, samples: 3)
    }
  }

  func testEveryMistakeFailsTheCheckAndGradcheckNamesIt() throws {
    let directory = try TemporaryDirectory("explain-mistake")
    addTeardownBlock { directory.remove() }
    for mistake in InjectedMistake.allCases {
      let name = mistake.rawValue
      let arguments = ["--layers", "2,2,2", "--samples", "3", "--mistake", name]
      let text = run(arguments)
      XCTAssertEqual(text.status, 1, "\(name): the check fails")
      XCTAssertTrue(text.out.contains("FAIL"), text.out)
      let r = run(arguments + ["--format", "json"])
      let doc = try JSONValue.parse(r.out)
      let m = try XCTUnwrap(doc["mistake"])
      XCTAssertEqual(m["name"], .string(name))
      let net = try directory.write(try XCTUnwrap(doc["network"]).pretty, "\(name)-net.json")
      let grads = try directory.write(try XCTUnwrap(m["gradients"]).pretty, "\(name)-g.json")
      let check = runTool(.gradcheck, ["--network", net, "--gradients", grads])
      XCTAssertEqual(check.status.rawValue, 1, check.output)
      // gradcheck's first diagnosis names the mistake, and nn-explain quotes its sentence.
      let line = try XCTUnwrap(
        check.output.split(separator: "\n").first { $0.hasPrefix("Diagnosis:") }, check.output)
      XCTAssertTrue(line.hasPrefix("Diagnosis: \(name) ("), "\(name): \(line)")
      let sentence = try XCTUnwrap(
        check.output.components(separatedBy: line + "\n").last?.split(separator: " ")
          .prefix(4).joined(separator: " "))
      XCTAssertTrue(
        text.out.replacingOccurrences(of: "\n", with: " ").contains(sentence),
        "\(name): '\(sentence)' not in nn-explain's diagnosis")
    }
    XCTAssertNil(run(["--layers", "2,2,2", "--format", "json"]).out.range(of: "\"mistake\""))
  }

  func testTheGoldenTransposeFileHoldsThePlainMistakenGradients() throws {
    let url = try XCTUnwrap(
      Bundle.module.url(
        forResource: "Golden/explain-2-2-2-mistake-transpose.json", withExtension: nil))
    let doc = try JSONValue.parse(try String(contentsOf: url, encoding: .utf8))
    let file = try NetworkFile(json: try XCTUnwrap(doc["network"]).pretty)
    let plain = PlainMistakenBackprop(file.network)
    let wrong = plain.gradients(file.samples, "transpose")
    let m = try GradientFile.read(
      json: try XCTUnwrap(doc["mistake"]?["gradients"]).pretty, for: file.network)
    for p in file.network.parameterIndices {
      assertClose(
        m[p], PlainMistakenBackprop.value(wrong, p), rtol: 1e-12, atol: 0, "\(p)")
    }
  }

  func testTheMistakenStepIsWrittenWhereItHappens() {
    let sign = run(["--layers", "2,2,2", "--mistake", "sign"]).out
    let backward = sign.components(separatedBy: "Gradients\n").first ?? ""
    XCTAssertTrue(backward.contains("δᴸ = −(∂aᴸ/∂zᴸ)ᵀ ∇ₐC   instead of (∂aᴸ/∂zᴸ)ᵀ ∇ₐC"), sign)
    let bias = run(["--layers", "2,2,2", "--mistake", "bias", "--ascii"]).out
    let gradients = bias.components(separatedBy: "6. Gradients").last ?? ""
    XCTAssertTrue(gradients.contains("dC/db^l = 0   instead of delta^l"), bias)
    let scale = run(["--layers", "2,2,2", "--mistake", "scale"]).out
    XCTAssertTrue(scale.contains("δᴸ = 2 (∂aᴸ/∂zᴸ)ᵀ ∇ₐC"), scale)
  }

  func testAnImpossibleOrUnknownMistakeIsAUsageError() {
    let transpose = run(["--layers", "2,3,2", "--mistake", "transpose"])
    XCTAssertEqual(transpose.status, 64)
    XCTAssertTrue(transpose.err.contains("--mistake transpose cannot happen"), transpose.err)
    let single = run(["--layers", "2,2,2", "--mistake", "sum-instead-of-mean"])
    XCTAssertEqual(single.status, 64)
    XCTAssertTrue(
      single.err.replacingOccurrences(of: "\n  ", with: " ").contains(
        "with one sample the sum is the mean"), single.err)
    let relu = [
      "--layers", "2,2,2", "--activation", "relu", "--mistake", "derivative-of-activation",
    ]
    let same = run(relu)
    XCTAssertEqual(same.status, 64)
    XCTAssertTrue(same.err.contains("changes nothing"), same.err)
    // A sigmoid output layer is affected, so the mixed network shows the mistake.
    XCTAssertNotEqual(run(relu + ["--output-activation", "sigmoid"]).status, 64)
    let unknown = run(["--layers", "2,2,2", "--mistake", "typo"])
    XCTAssertEqual(unknown.status, 64)
    for m in InjectedMistake.allCases {
      XCTAssertTrue(unknown.err.contains(m.rawValue), "\(m) in \(unknown.err)")
    }
    let help = run(["--help"]).out.replacingOccurrences(of: "\n", with: " ")
    for m in InjectedMistake.allCases {
      XCTAssertTrue(help.contains(m.rawValue), "\(m) in --help")
    }
  }

  /// With m = 2 a factor 2 is both `scale` and `sum-instead-of-mean`: the trace says both
  /// readings, that two samples cannot tell them apart, and how to (`--samples 3`).
  func testAFactorOfTwoWithTwoSamplesIsDiagnosedBothWays() {
    let two = run(["--layers", "2,2,2", "--samples", "2", "--mistake", "scale"])
    XCTAssertEqual(two.status, 1)
    let text = two.out.replacingOccurrences(of: "\n", with: " ")
    for needle in [
      "summed over the samples instead of averaged", "or the same factor 2 from elsewhere",
      "With m = 2 the two cannot be told apart", "check again with --samples 3",
    ] {
      XCTAssertTrue(text.contains(needle), "no '\(needle)' in the diagnosis")
    }
    // LaTeX keeps the option's two hyphens (`--` alone would set an en dash).
    let latex = run([
      "--layers", "2,2,2", "--samples", "2", "--mistake", "scale", "--format", "latex",
    ])
    XCTAssertTrue(latex.out.contains("check again with -{}-samples 3"), latex.out)
    // With three samples the factor 2 is not m, and the diagnosis is the scale alone.
    let three = run(["--layers", "2,2,2", "--samples", "3", "--mistake", "scale"]).out
    XCTAssertTrue(three.contains("off by the same factor 2"), three)
    XCTAssertFalse(three.contains("cannot be told apart"), three)
  }

  /// Every format runs the check of the mistaken gradients: JSON holds it and exits 1,
  /// dot marks the mistaken values and exits 1, as text does.
  func testEveryFormatRunsTheCheckOfTheMistake() throws {
    let arguments = ["--layers", "2,2,2", "--samples", "3", "--mistake", "sign"]
    let json = run(arguments + ["--format", "json"])
    XCTAssertEqual(json.status, 1, "a failing check in JSON")
    let doc = try JSONValue.parse(json.out)
    let check = try XCTUnwrap(doc["check"], "no check in the JSON")
    XCTAssertEqual(check["passed"], .bool(false))
    guard case .array(let diagnosis)? = check["diagnosis"] else { return XCTFail("no diagnosis") }
    XCTAssertEqual(diagnosis.first?["cause"], .string("sign"))
    guard case .array(let entries)? = check["entries"] else { return XCTFail("no entries") }
    XCTAssertEqual(entries.count, 12)
    // The checked values are the mistaken gradients, next to central differences.
    let file = try NetworkFile(json: try XCTUnwrap(doc["network"]).pretty)
    let right = file.network.gradients(over: file.samples)
    for (p, e) in zip(file.network.parameterIndices, entries) {
      guard case .number(let analytic)? = e["analytic"], case .number(let numeric)? = e["numeric"]
      else { return XCTFail("entry \(p) without numbers") }
      assertClose(analytic, -right[p], rtol: 1e-12, atol: 0, "\(p) mistaken")
      assertClose(numeric, right[p], rtol: 1e-5, atol: 1e-9, "\(p) central difference")
    }
    let right0 = run(["--layers", "2,2,2", "--format", "json"])
    XCTAssertEqual(right0.status, 0)
    XCTAssertEqual(try JSONValue.parse(right0.out)["check"]?["passed"], .bool(true))

    let dot = run(arguments + ["--format", "dot"])
    XCTAssertEqual(dot.status, 1, "a failing check in dot")
    let z2 = try XCTUnwrap(dot.out.split(separator: "\n").first { $0.hasPrefix("  z2 [") })
    XCTAssertTrue(z2.contains("|sample 0 with the mistake: (δ²)ᵀ\\n["), String(z2))
    let b1 = try XCTUnwrap(dot.out.split(separator: "\n").first { $0.hasPrefix("  b1 [") })
    XCTAssertTrue(b1.contains("|with the mistake: mean ∂C̄/∂b¹\\n["), String(b1))
    let marked = b1.components(separatedBy: "with the mistake").last ?? ""
    XCTAssertEqual(marked.filter { $0 == "*" }.count, 2, String(b1))
    // The graph's label, wrapped into lines (\n) of at most 60 characters.
    let label = try XCTUnwrap(dot.out.split(separator: "\n").first { $0.hasPrefix("  label=") })
    XCTAssertTrue(label.hasPrefix("  label=\"With the mistake sign:"), String(label))
    XCTAssertTrue(
      label.replacingOccurrences(of: "\\n", with: " ").contains("the check fails: 12 of 12"),
      String(label))
    for line in label.components(separatedBy: "\\n") {
      XCTAssertLessThanOrEqual(line.count, 60 + "  label=\"".count, line)
    }
    XCTAssertFalse(run(["--layers", "2,2,2", "--format", "dot"]).out.contains("mistake"))
  }

  /// One rule for a mistake that changes nothing for the network given: refused (64) with
  /// the reason, for every name, never traced with nothing marked and a PASS.
  func testAMistakeThatChangesNothingIsRefusedWithTheReason() throws {
    // Every δ of both samples is 0: the identity output equals the target exactly.
    let fit = try networkFile(
      """
      {"layers":[1,1,1],"activations":["sigmoid","identity"],"cost":"quadratic",
       "weights":[[[0.5]],[[0]]],"biases":[[0.1],[0.25]],
       "samples":[{"input":[0.3],"target":[0.25]},{"input":[-0.7],"target":[0.25]}]}
      """, "exact-fit")
    // A relu output with z² = σ(z¹) + 1 > 0: f′(z²) = 1 for this sample, but δ ≠ 0.
    let active = try networkFile(
      """
      {"layers":[1,1,1],"activations":["sigmoid","relu"],"cost":"quadratic",
       "weights":[[[0.5]],[[1]]],"biases":[[0.1],[1]],
       "samples":[{"input":[0.3],"target":[0.25]}]}
      """, "active-relu")
    let cases: [([String], String)] =
      InjectedMistake.allCases.map { (["--network", fit, "--mistake", $0.rawValue], "is 0") } + [
        (
          [
            "--layers", "2,2,2", "--output-activation", "identity", "--mistake",
            "missing-output-derivative",
          ], "identity, whose f'(z) = 1"
        ),
        (["--network", active, "--mistake", "missing-output-derivative"], "exactly 1 at every"),
        (["--layers", "1,1,1", "--mistake", "transpose"], "symmetric"),
        (["--layers", "2,2,2", "--mistake", "sum-instead-of-mean"], "the sum is the mean"),
        (
          ["--layers", "2,2,2", "--activation", "relu", "--mistake", "derivative-of-activation"],
          "f'(a) = f'(z)"
        ),
      ]
    for (arguments, reason) in cases {
      let r = run(arguments)
      let err = r.err.replacingOccurrences(of: "\n  ", with: " ")
      XCTAssertEqual(r.status, 64, "\(arguments): \(r.out.suffix(300))")
      XCTAssertTrue(err.contains("changes nothing here: "), "\(arguments): \(err)")
      // The structural reasons come before the samples' (transpose is symmetric at 1×1).
      let expected =
        arguments.contains(fit) && arguments.last == "transpose"
        ? "symmetric"
        : arguments.contains(fit) && arguments.last == "missing-output-derivative"
          ? "identity, whose f'(z) = 1" : reason
      XCTAssertTrue(err.contains(expected), "\(arguments): '\(expected)' not in \(err)")
      XCTAssertTrue(r.out.isEmpty, "\(arguments) printed a trace")
    }
    // The library says why, typed.
    let file = try NetworkFile(json: try String(contentsOfFile: active, encoding: .utf8))
    var options = ExplainOptions()
    options.mistake = .missingOutputDerivative
    XCTAssertThrowsError(
      try Derivation.explain(file.network, samples: file.samples, options: options)
    ) { error in
      XCTAssertEqual(
        error as? ExplainError, .mistakeImpossible(.missingOutputDerivative, .unitOutputDerivative))
    }
    // Where the mistake changes something, it is traced.
    XCTAssertEqual(run(["--network", active, "--mistake", "sign"]).status, 1)
  }
}
