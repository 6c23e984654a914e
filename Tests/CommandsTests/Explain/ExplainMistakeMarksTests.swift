import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// The marks `--mistake` puts on the numbers of the matrix displays and equations: exactly
/// those whose value the plain mistaken implementation computes differently.
final class ExplainMistakeMarksTests: ExplainCommandTestCase {
  /// The matrix and its marks of the display whose first formula is `label` in `section`.
  func display(_ d: Derivation, _ section: String, _ label: String, item: Int = 1) throws -> (
    matrix: Matrix, marks: [Bool]
  ) {
    let blocks = try XCTUnwrap(d.sections.first { $0.title == section }, section).blocks
    for case .matrices(let m) in blocks {
      guard case .math(let first) = m.items[0], first.unicode.trimmed == label,
        case .matrix(let x) = m.items[item]
      else { continue }
      return (x, m.marks[item] ?? Array(repeating: false, count: x.storage.count))
    }
    throw XCTSkip("no display \(label) in \(section)")
  }

  /// Checks the marks of the δ, per-sample and mean gradient displays of a 2-2-2 sigmoid
  /// network with `mistake` against the plain implementation.
  func checkDisplays(_ mistake: InjectedMistake, samples sampleCount: Int) throws {
    let (file, d, plain) = try mistakenDerivation(mistake, samples: sampleCount)
    let name = mistake.rawValue
    let s = file.samples[0]
    let (right, wrong) = (
      plain.deltas(s.input, s.target, nil), plain.deltas(s.input, s.target, name)
    )
    let (rightOne, wrongOne) = (plain.gradients([s], nil), plain.gradients([s], name))
    let (rightMean, wrongMean) = (
      plain.gradients(file.samples, nil), plain.gradients(file.samples, name)
    )
    let (_, a) = plain.forward(s.input)
    var marked = 0
    for l in [1, 2] {
      let delta = try display(d, "Backward pass", "δ\(["", "¹", "²"][l]) =")
      XCTAssertEqual(
        delta.marks, zip(right[l], wrong[l]).map(differ), "\(name) δ\(l), \(sampleCount)")
      let sup = ["", "¹", "²"][l]
      let w = try display(d, "Gradients", "∂C/∂W\(sup) =", item: 4)
      let expectedW = (0..<2).flatMap { j in
        (0..<2).map { k in differ(rightOne.w[l - 1][j][k], wrongOne.w[l - 1][j][k]) }
      }
      XCTAssertEqual(w.marks, expectedW, "\(name) ∂C/∂W\(l), \(sampleCount)")
      let input = try display(d, "Gradients", "∂C/∂W\(sup) =", item: 2)
      let wrongInput = mistake == .previousActivation ? a[l] : a[l - 1]
      XCTAssertEqual(input.marks, zip(a[l - 1], wrongInput).map(differ), "\(name) a\(l - 1)")
      let b = try display(d, "Gradients", "∂C/∂b\(sup) =")
      XCTAssertEqual(b.marks, zip(rightOne.b[l - 1], wrongOne.b[l - 1]).map(differ), name)
      marked += (delta.marks + w.marks + input.marks + b.marks).filter { $0 }.count
      guard sampleCount > 1 else { continue }
      let mean = try display(d, "Gradients", "∂C̄/∂W\(sup) =")
      let expectedMean = (0..<2).flatMap { j in
        (0..<2).map { k in differ(rightMean.w[l - 1][j][k], wrongMean.w[l - 1][j][k]) }
      }
      XCTAssertEqual(mean.marks, expectedMean, "\(name) ∂C̄/∂W\(l)")
      let meanB = try display(d, "Gradients", "∂C̄/∂b\(sup) =")
      XCTAssertEqual(meanB.marks, zip(rightMean.b[l - 1], wrongMean.b[l - 1]).map(differ), name)
    }
    if mistake != .sumInsteadOfMean { XCTAssertGreaterThan(marked, 0, name) }
  }

  func testTheDisplaysMarkExactlyTheNumbersAPlainMistakenProgramChanges() throws {
    for mistake in InjectedMistake.allCases {
      if mistake != .sumInsteadOfMean { try checkDisplays(mistake, samples: 1) }
      try checkDisplays(mistake, samples: 3)
    }
  }

  func testAParameterTraceMarksBackpropsAnswer() throws {
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 2, 2], sampleCount: 1))
    let plain = PlainMistakenBackprop(file.network)
    let s = file.samples[0]
    let (_, a) = plain.forward(s.input)
    for mistake in InjectedMistake.allCases where mistake != .sumInsteadOfMean {
      var options = ExplainOptions(numberFormat: NumberFormat(digits: 17))
      options.mistake = mistake
      options.parameter = ParameterIndex(layer: 2, kind: .weight(row: 0, column: 1), columns: 2)
      let d = try Derivation.explain(file.network, samples: file.samples, options: options)
      let answer = try XCTUnwrap(
        equations(d).filter { $0.section.hasPrefix("Paths") }.flatMap(\.group).last {
          $0.lhs.unicode == "∂C/∂W²[0,1]" && $0.steps.count == 3
        })
      let name = mistake.rawValue
      let right = plain.gradients([s], nil).w[1][0][1]
      let wrong = plain.gradients([s], name).w[1][0][1]
      XCTAssertEqual(answer.steps[2].unicode.hasSuffix("*"), differ(right, wrong), name)
      // The factors: δ²[0], then a¹[1] (a²[1] with previous-activation).
      let deltaChanges = differ(
        plain.deltas(s.input, s.target, nil)[2][0], plain.deltas(s.input, s.target, name)[2][0])
      let inputChanges = mistake == .previousActivation && differ(a[1][1], a[2][1])
      let factors = answer.steps[1].unicode.components(separatedBy: " · ")
      XCTAssertEqual(factors[0].hasSuffix("*"), deltaChanges, name)
      XCTAssertEqual(factors[1].hasSuffix("*"), inputChanges, name)
    }
  }

  func testEveryFormatShowsTheMarksAndALegend() throws {
    let arguments = ["--layers", "2,2,2", "--mistake", "transpose"]
    let text = run(arguments).out
    // transpose changes δ¹ only: its display, and the products built from it, are marked.
    XCTAssertTrue(text.contains("δ¹ = ⎡ 0.00209704* ⎤"), text)
    XCTAssertTrue(text.contains("δ² = ⎡ -0.0566308 ⎤"), text)
    XCTAssertTrue(text.contains("Note: A number marked like 0.25*"), text)
    let ascii = run(arguments + ["--ascii"]).out
    XCTAssertTrue(ascii.contains("delta^1 = [ <0.00209704> ]"), ascii)
    XCTAssertTrue(ascii.contains("marked like <0.25>"), ascii)
    for format in ["markdown", "latex"] {
      let out = run(arguments + ["--format", format]).out
      XCTAssertTrue(out.contains("\\boxed{0.00209704}"), format)
      XCTAssertFalse(out.contains("\\boxed{-0.0566308}"), format)
    }
    for line in (text + ascii).split(separator: "\n") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
    XCTAssertFalse(run(["--layers", "2,2,2"]).out.contains("*"))
  }
}

extension String {
  fileprivate var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
