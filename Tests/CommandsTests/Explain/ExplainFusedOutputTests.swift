import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// The fused output error (sigmoid with cross-entropy, softmax with categorical
/// cross-entropy): targets not summing to 1, and saturated outputs where the general chain
/// cannot be evaluated.
final class ExplainFusedOutputTests: ExplainCommandTestCase {
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

  /// A sigmoid output at z = 40 with target 1: σ(40) rounds to 1, so a − y computed from a
  /// is 0, while backprop's δ = −σ(−40) ≈ −4.2e-18 (from z).
  ///
  /// The simplified form printed is backprop's own δ, not a recomputation from the rounded
  /// output.
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
}
