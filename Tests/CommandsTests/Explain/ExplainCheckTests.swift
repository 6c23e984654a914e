import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// nn-explain's check is gradcheck's: its rule, its tolerances for large costs, its kink
/// statuses and words.
final class ExplainCheckTests: ExplainCommandTestCase {
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

  /// gradcheck's `--verbose` words for an entry, written out here from its status and
  /// re-check (CheckReport+Text): the labels nn-explain must print.
  func gradcheckLabel(_ e: EntryCheck) -> String {
    switch (e.status, e.recheck) {
    case (.passed, _): return "ok"
    case (.failed, .none): return "FAIL"
    case (.failed, .some): return "kink, re-check failed"
    case (.kink, .none): return "kink, no clear step"
    case (.kink, .some): return "kink, re-check ok"
    }
  }

  func testKinkStatusesAreGradchecks() throws {
    let file = try NetworkFile(json: Self.zeroRelu)
    let d = try Derivation.explain(file.network, samples: file.samples)
    let options = GradientCheckOptions(method: .central, seed: 0, diagnose: false)
    let reference = GradientCheck.check(
      network: file.network, samples: file.samples,
      analytic: file.network.gradients(over: file.samples),
      indices: file.network.parameterIndices, options: options)
    XCTAssertEqual(d.data.check.entries.count, reference.count)
    XCTAssertTrue(reference.contains { $0.recheck != nil }, "the test network has no kink")
    let path = try networkFile(Self.zeroRelu, "zero")
    let r = run(["--network", path])
    let lines = r.out.split(separator: "\n").map(String.init)
    for (mine, theirs) in zip(d.data.check.entries, reference) {
      XCTAssertEqual(mine.index, theirs.index)
      XCTAssertEqual(mine.outcome.label, gradcheckLabel(theirs), "\(theirs.index)")
      XCTAssertEqual(!mine.outcome.isFailure, theirs.status != .failed)
      let name = theirs.index.name(.unicode)
      XCTAssertTrue(
        lines.contains { $0.hasPrefix(name + " ") && $0.hasSuffix("  " + gradcheckLabel(theirs)) },
        "\(name) \(gradcheckLabel(theirs))\n\(r.out)")
    }
    // The note says what happened: re-checked, not "not judged" when every re-check agreed.
    let agreeing = reference.filter { $0.status == .kink && $0.recheck != nil }.count
    XCTAssertEqual(d.data.check.kinkCount, reference.filter { $0.status == .kink }.count)
    let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    XCTAssertTrue(flat.contains("re-checked with smaller or one-sided steps"), r.out)
    XCTAssertTrue(flat.contains("\(agreeing) agree (kink, re-check ok"), r.out)
    XCTAssertFalse(flat.contains("Kinks are not judged"), r.out)
    XCTAssertEqual(r.status, reference.allSatisfy { $0.status != .failed } ? 0 : 1)
  }

  func testKinkWhoseRecheckFailedIsAFailure() {
    let index = ParameterIndex(layer: 1, kind: .bias(row: 0), columns: 2)
    let failed = EntryCheck(
      index: index, analytic: 1, numeric: 0.5, status: .failed,
      recheck: KinkRecheck(method: .forward, epsilon: 1e-8, numeric: 0.5, agrees: false))
    let e = failed
    XCTAssertTrue(e.outcome.isFailure)
    XCTAssertTrue(e.outcome.crossedKink)
    XCTAssertEqual(e.outcome.label, "kink, re-check failed")
    let ok =
      (EntryCheck(
        index: ParameterIndex(layer: 1, kind: .bias(row: 1), columns: 2), analytic: 2, numeric: 2,
        status: .kink,
        recheck: KinkRecheck(method: .backward, epsilon: 1e-8, numeric: 2, agrees: true)))
    XCTAssertFalse(ok.outcome.isFailure)
    XCTAssertEqual(ok.outcome.label, "kink, re-check ok")
    let unclear =
      (EntryCheck(
        index: ParameterIndex(layer: 1, kind: .bias(row: 2), columns: 2), analytic: 2, numeric: 7,
        status: .kink))
    XCTAssertEqual(unclear.outcome.label, "kink, no clear step")
    let report = CheckReport(
      method: .central, epsilon: 1e-6, tolerance: Tolerance(rtol: 1e-5, atol: 1e-8),
      precision: .double, sizes: [2, 3], sampleCount: 1, entries: [e, ok, unclear])
    let check = DerivationCheck(report: report, parameterCount: 3, isComplete: true)
    XCTAssertFalse(check.passed)
    XCTAssertEqual(check.failureCount, 1)
    XCTAssertEqual(check.kinkCount, 2)
    XCTAssertEqual(check.crossedKinkCount, 3)
  }
}
