import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// The findings of the second review of `nn-explain` (E1–E4), each pinned by a test that
/// fails on the old behaviour: kink statuses as gradcheck words them, LaTeX that fits the
/// page, no impossible product on saturation, titles within 80 columns.
final class ExplainReview2Tests: XCTestCase {
  func run(_ arguments: [String]) -> (out: String, err: String, status: Int32) {
    let r = runTool(.explain, arguments)
    return (r.output, r.error, r.status.rawValue)
  }

  func networkFile(_ json: String, _ name: String) throws -> String {
    let directory = try TemporaryDirectory("explain-review2")
    addTeardownBlock { directory.remove() }
    return try directory.write(json, "\(name).json")
  }

  // MARK: - E1. Kinks: gradcheck's statuses and words

  /// Every pre-activation of the relu layers is exactly 0 (all weights and biases 0).
  static let zeroRelu = """
    {"layers":[3,4,4,2],"activations":["relu","relu","sigmoid"],"cost":"quadratic",
     "weights":[[[0,0,0],[0,0,0],[0,0,0],[0,0,0]],[[0,0,0,0],[0,0,0,0],[0,0,0,0],[0,0,0,0]],
                [[0,0,0,0],[0,0,0,0]]],
     "biases":[[0,0,0,0],[0,0,0,0],[0,0]],
     "samples":[{"input":[1,2,3],"target":[0,1]},{"input":[0,-1,0.5],"target":[1,1]}]}
    """

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

  // MARK: - E3. Saturation: no impossible product

  /// sigmoid(1002) rounds to 1 with target 0: ∂C/∂a¹[0] = inf and σ′(z¹[0]) = 0.
  static let saturated = """
    {"layers":[2,2],"activations":["sigmoid"],"cost":"cross-entropy",
     "weights":[[[1000,2],[3,4]]],"biases":[[0,0]],
     "samples":[{"input":[1,1],"target":[0,0]}]}
    """

  func testSaturatedOutputPrintsTheFusedForm() throws {
    // Independently: a¹[0] = 1/(1 + e^−1002) rounds to 1, so δ¹[0] = a − y = 1.
    let a0 = 1 / (1 + exp(-1002.0))
    XCTAssertEqual(a0, 1)
    let path = try networkFile(Self.saturated, "sat")
    let r = run(["--network", path])
    XCTAssertEqual(r.status, 0, r.out)
    let line = try XCTUnwrap(
      r.out.split(separator: "\n").first { $0.hasPrefix("δ¹[0] = ") }, r.out)
    XCTAssertFalse(line.contains("inf"), String(line))
    XCTAssertFalse(line.contains("nan"), String(line))
    XCTAssertTrue(line.hasPrefix("δ¹[0] = a¹[0] − y[0] = 1 − 0 = 1"), String(line))
    // Every printed product a · b = c of the backward pass is one a finite number can have.
    for l in r.out.split(separator: "\n") where l.hasPrefix("δ") {
      XCTAssertFalse(l.contains("inf ·") || l.contains("· inf"), String(l))
    }
    // Unicode mode has no ASCII operators in the saturation paragraph.
    let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    XCTAssertFalse(flat.contains("1 - a"), r.out)
    XCTAssertFalse(flat.contains("dC/da"), r.out)
    XCTAssertTrue(flat.contains("divides by a¹ or 1 − a¹"), r.out)
    let ascii = run(["--network", path, "--ascii"])
    XCTAssertTrue(
      ascii.out.contains("d[0] = a[0] - y[0]") || ascii.out.contains("a^1[0] - y[0]"),
      ascii.out)
  }

  func testSaturatedSoftmaxPrintsTheFusedForm() throws {
    let json = """
      {"layers":[2,2],"activations":["softmax"],"cost":"categorical-cross-entropy",
       "weights":[[[1000,0],[0,0]]],"biases":[[0,0]],
       "samples":[{"input":[1,0],"target":[0,1]}]}
      """
    // Independently: a = softmax(1000, 0) = (1, e^−1000 = 0): ln a₁ = −inf, δ = a Σy − y.
    XCTAssertEqual(exp(-1000.0), 0)
    let path = try networkFile(json, "satsoft")
    let r = run(["--network", path])
    let lines = r.out.split(separator: "\n").filter { $0.hasPrefix("δ¹[") }
    XCTAssertFalse(lines.isEmpty, r.out)
    for l in lines {
      XCTAssertFalse(l.contains("inf") || l.contains("nan"), String(l))
    }
    XCTAssertTrue(
      lines.contains { $0.hasPrefix("δ¹[0] = a¹[0] (Σᵢ yᵢ) − y[0] = 1 · 1 − 0 = 1") },
      lines.joined(separator: "\n"))
    XCTAssertTrue(
      lines.contains { $0.hasPrefix("δ¹[1] = a¹[1] (Σᵢ yᵢ) − y[1] = 0 · 1 − 1 = -1") },
      lines.joined(separator: "\n"))
  }

  // MARK: - E4. Titles within 80 columns

  func testLongTitlesFit80Columns() {
    let ones = Array(repeating: "1", count: 32).joined(separator: ",")
    let wide = Array(repeating: "12", count: 30).joined(separator: ",")
    for args in [
      ["--layers", ones], ["--layers", ones, "--layer", "12"],
      ["--layers", ones, "--param", "W31[0,0]", "--ascii"], ["--layers", wide, "--ascii"],
    ] {
      let r = run(args)
      XCTAssertEqual(r.status, 0, r.err)
      let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
      XCTAssertGreaterThan(lines.count, 2)
      XCTAssertLessThanOrEqual(lines[0].count, 80, String(lines[0]))
      XCTAssertEqual(lines[1].count, lines[0].count, String(lines[1]))
      let count = args[1].split(separator: ",").count
      XCTAssertTrue(lines[0].contains("(\(count) layer sizes)"), String(lines[0]))
      if args.contains("--layer") { XCTAssertTrue(lines[0].hasSuffix(", layer 12")) }
      if args.contains("--param") {
        XCTAssertTrue(lines[0].hasSuffix(", parameter W31[0,0]"), String(lines[0]))
      }
    }
    // A short title is unchanged.
    XCTAssertEqual(
      run(["--layers", "2,3,2"]).out.split(separator: "\n").first,
      "Backpropagation through a 2,3,2 network")
  }
}

// MARK: - E2. LaTeX that fits the page

extension ExplainReview2Tests {
  /// A crude count of the visible characters of one line of LaTeX math, written apart from
  /// the renderer's width estimate: a matrix counts as its widest row, `\left`, `\right`
  /// and sizes count nothing, any other command one character, braces, scripts marks,
  /// alignment marks and spaces nothing.
  static func visibleLength(_ line: String) -> Int {
    var s = line
    while let begin = s.range(of: "\\begin{bmatrix}"),
      let end = s.range(of: "\\end{bmatrix}", range: begin.upperBound..<s.endIndex)
    {
      let body = String(s[begin.upperBound..<end.lowerBound])
      let rows = body.components(separatedBy: "\\\\")
      let widest = rows.max { visibleLength($0) < visibleLength($1) } ?? ""
      s.replaceSubrange(begin.lowerBound..<end.upperBound, with: "[" + widest + "]")
    }
    var count = 0
    var chars = Array(s)[...]
    while let c = chars.first {
      chars = chars.dropFirst()
      if c == "\\" {
        let name = String(chars.prefix { $0.isLetter })
        chars = chars.dropFirst(max(name.count, 1))
        if !["left", "right", "bigl", "bigr", "text", "mathrm", "quad", "qquad", "frac"]
          .contains(name)
        {
          count += 1
        }
        continue
      }
      if "{}^_& ".contains(c) { continue }
      count += 1
    }
    return count
  }

  /// The lines inside `align*` displays that are set at normal size, and the number of
  /// displays set smaller.
  static func displayLines(_ latex: String) -> (lines: [String], shrunk: Int) {
    var lines: [String] = []
    var shrunk = 0
    var inside = false
    var previous = ""
    for line in latex.split(separator: "\n").map(String.init) {
      if line == "\\begin{align*}" {
        inside = true
        if previous.hasPrefix("{\\") {
          shrunk += 1
          inside = false
        }
      } else if line == "\\end{align*}" {
        inside = false
      } else if inside {
        lines.append(line)
      }
      previous = line
    }
    return (lines, shrunk)
  }

  func testLatexDisplaysAreBrokenToFitThePage() throws {
    let r = run([
      "--layers", "3,4,3", "--output-activation", "softmax", "--cost",
      "categorical-cross-entropy", "--format", "latex",
    ])
    XCTAssertEqual(r.status, 0, r.err)
    let (lines, shrunk) = Self.displayLines(r.out)
    XCTAssertFalse(lines.isEmpty)
    // 345pt of text width at about 5pt a character: at most ~62 visible characters.
    let widest = lines.max { Self.visibleLength($0) < Self.visibleLength($1) } ?? ""
    XCTAssertLessThanOrEqual(Self.visibleLength(widest), 62, widest)
    XCTAssertEqual(shrunk, 0, "every display of this network fits by line breaks alone")
    // δ¹'s index lines are broken after a + with an indented continuation, and a
    // \left … \right pair never spans two lines.
    XCTAssertTrue(lines.contains { $0.hasPrefix("&\\quad + ") }, r.out)
    for line in lines {
      XCTAssertEqual(
        line.components(separatedBy: "\\left").count, line.components(separatedBy: "\\right").count,
        line)
    }
    // The value of each δ¹ⱼ still ends its equation.
    XCTAssertTrue(lines.contains("&= 0.0558219 \\\\") || lines.contains("&= 0.0558219"), r.out)
    // Prose is set sloppy and long displays may break across pages, inside a group.
    XCTAssertTrue(r.out.contains("\\begingroup\\sloppy\\allowdisplaybreaks\n"), r.out)
    XCTAssertTrue(r.out.hasSuffix("\\par\\endgroup\n"))
  }

  func testLatexMatricesWiderThanThePageAreSmallerOrSummarized() throws {
    let r = run([
      "--layers", "3,8,8,4", "--output-activation", "softmax", "--cost",
      "categorical-cross-entropy", "--format", "latex",
    ])
    XCTAssertEqual(r.status, 0, r.err)
    let (lines, _) = Self.displayLines(r.out)
    // At normal size: nothing wider than the page.
    for line in lines {
      XCTAssertLessThanOrEqual(Self.visibleLength(line), 62, line)
    }
    // An 8×8 matrix (eight columns of ~9 characters) is summarized, as in the text.
    XCTAssertTrue(r.out.contains("_{8\\times 8,\\ \\lVert\\cdot\\rVert = "), r.out)
  }

  func testLongLatexTablesAreSplit() throws {
    let path = try networkFile(Self.zeroRelu, "zero-latex")
    let r = run(["--network", path, "--format", "latex"])
    let tabulars = r.out.components(separatedBy: "\\begin{tabular}").dropFirst()
    let checkTables = tabulars.filter { $0.contains("central diff.") }
    XCTAssertGreaterThan(checkTables.count, 1, r.out)
    var rows = 0
    for t in checkTables {
      let body = t.components(separatedBy: "\\end{tabular}")[0]
      let n = body.components(separatedBy: " \\\\").count - 2  // minus header and tail
      XCTAssertLessThanOrEqual(n, 30, body)
      rows += n
    }
    let file = try NetworkFile(json: Self.zeroRelu)
    XCTAssertEqual(rows, file.network.parameterCount)
  }
}
