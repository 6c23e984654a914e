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

  /// Whether two plain-computed values differ beyond rounding.
  func differ(_ x: Double, _ y: Double) -> Bool {
    abs(x - y) > 1e-12 * max(abs(x), abs(y), 1e-300)
  }

  /// Checks every mistaken δ and gradient the derivation prints, and every mark, against
  /// the plain implementation.
  func checkMarks(_ mistake: InjectedMistake, samples sampleCount: Int) throws {
    let file = try NetworkFile.random(
      RandomNetworkSpec(sizes: [2, 2, 2], sampleCount: sampleCount))
    var options = ExplainOptions(numberFormat: NumberFormat(digits: 17))
    options.mistake = mistake
    let d = try Derivation.explain(file.network, samples: file.samples, options: options)
    let plain = PlainMistakenBackprop(file.network)
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
    XCTAssertTrue(single.err.contains("more than one sample"), single.err)
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
}
