import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// `nn-explain --mistake`: the mistaken numbers against an independent computation, the
/// changed ones marked, the check failing with gradcheck's diagnosis.
final class ExplainMistakeTests: ExplainCommandTestCase {
  func testMissingOutputDerivativeMarksEveryChangedNumber() throws {
    let r = run(["--layers", "2,2,2", "--mistake", "missing-output-derivative"])
    XCTAssertEqual(r.status, 1, "the check fails with the mistake")
    XCTAssertTrue(r.out.contains("δᴸ = ∇ₐC   instead of (∂aᴸ/∂zᴸ)ᵀ ∇ₐC"), r.out)
    XCTAssertTrue(r.out.contains("FAIL: 12 of 12 judged parameters differ"), r.out)
    XCTAssertTrue(
      r.out.contains("gradcheck's diagnosis: The output error δ² leaves out the derivative"),
      r.out)
    // The mistaken δ² is ∂C/∂a² = a² − y (quadratic cost), computed here from the trace.
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 2, 2]))
    let trace = file.network.forward(file.samples[0].input)
    let a = trace.output
    let y = file.samples[0].target
    let d = try Derivation.explain(
      file.network, samples: file.samples,
      options: {
        var o = ExplainOptions(numberFormat: NumberFormat(digits: 17))
        o.mistake = .missingOutputDerivative
        return o
      }())
    let section = try XCTUnwrap(d.sections.first { $0.title == "The mistake " })
    let tables = section.blocks.compactMap { b -> DerivationTable? in
      if case .table(let t) = b { return t } else { return nil }
    }
    let deltas = try XCTUnwrap(tables.first)
    for j in 0..<2 {
      let row = deltas.rows[j]
      guard case .text(let printed)? = row[2].first else { return XCTFail("no number") }
      assertClose(try XCTUnwrap(Double(printed)), a[j] - y[j], rtol: 1e-15, atol: 0, "δ²[\(j)]")
      XCTAssertEqual(row[3], [.text("*")])
    }
  }

  func testPreviousActivationLeavesTheErrorsAlone() {
    let r = run(["--layers", "2,2,2", "--mistake", "previous-activation"])
    XCTAssertEqual(r.status, 1)
    XCTAssertTrue(r.out.contains("The mistake changes 0 of the 4 errors of sample 0"), r.out)
    XCTAssertTrue(r.out.contains("∂C/∂Wˡ = δˡ (aˡ)ᵀ   instead of δˡ (aˡ⁻¹)ᵀ"), r.out)
    // Biases are δ itself: unchanged, so not marked.
    XCTAssertTrue(r.out.contains("of the 12 gradients") && r.out.contains("8 of the 12"), r.out)
  }

  func testJSONHoldsTheMistakenGradientsThatGradcheckNames() throws {
    let r = run([
      "--layers", "2,2,2", "--mistake", "missing-output-derivative", "--format", "json",
    ])
    let doc = try JSONValue.parse(r.out)
    let mistake = try XCTUnwrap(doc["mistake"])
    XCTAssertEqual(mistake["name"], .string("missing-output-derivative"))
    let directory = try TemporaryDirectory("explain-mistake")
    addTeardownBlock { directory.remove() }
    let net = try directory.write(try XCTUnwrap(doc["network"]).pretty, "net.json")
    let grads = try directory.write(try XCTUnwrap(mistake["gradients"]).pretty, "grads.json")
    let check = runTool(.gradcheck, ["--network", net, "--gradients", grads])
    XCTAssertEqual(check.status.rawValue, 1, check.output)
    XCTAssertTrue(check.output.contains("missing-output-derivative"), check.output)
    XCTAssertNil(run(["--layers", "2,2,2", "--format", "json"]).out.range(of: "\"mistake\""))
  }

  func testAnImpossibleOrUnknownMistakeIsAUsageError() {
    let transpose = run(["--layers", "2,3,2", "--mistake", "transpose"])
    XCTAssertEqual(transpose.status, 64)
    XCTAssertTrue(transpose.err.contains("--mistake transpose cannot happen"), transpose.err)
    let unknown = run(["--layers", "2,2,2", "--mistake", "typo"])
    XCTAssertEqual(unknown.status, 64)
    XCTAssertTrue(unknown.err.contains("--mistake must be one of missing-output-derivative"))
    XCTAssertEqual(run(["--layers", "2,2,2", "--mistake", "transpose"]).status, 1)
  }
}
