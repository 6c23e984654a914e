import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// The backward pass as nn-explain prints it: a hidden softmax layer's dense Jacobian,
/// shapes on every equation, printed terms that add up to the library's δ.
final class ExplainBackwardTests: ExplainCommandTestCase {
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

  /// The index form of a hidden softmax layer is the dense one: evaluated with the network's
  /// own numbers, Σᵢ Σₖ δˡ⁺¹ₖ Wˡ⁺¹ₖᵢ aˡᵢ([i = j] − aˡⱼ) gives δˡⱼ, checked here against
  /// central differences of an independent forward pass (δ¹ = ∂C/∂b¹ with one sample).
  func testTheIndexFormOfAHiddenSoftmaxSumsOverTheWholeLayer() throws {
    let text = run([
      "--layers", "2,3,2", "--activation", "softmax", "--output-activation", "sigmoid",
    ]).out
    let index =
      text.components(separatedBy: "Index form").dropFirst().first?
      .components(separatedBy: "Matrix form").first ?? ""
    for needle in [
      "Layer 1 is softmax here", "Σᵢ Σₖ δˡ⁺¹ₖ Wˡ⁺¹ₖᵢ ∂aˡᵢ/∂zˡⱼ", "Σᵢ ((Wˡ⁺¹)ᵀ δˡ⁺¹)ᵢ ∂aˡᵢ/∂zˡⱼ",
      "aˡᵢ([i = j] − aˡⱼ)",
    ] {
      XCTAssertTrue(
        index.replacingOccurrences(of: "\n", with: " ").contains(needle),
        "no '\(needle)':\n\(index)")
    }
    let plain = run(["--layers", "2,3,2"]).out
    XCTAssertFalse(plain.contains("[i = j]"), "a dense form without a hidden softmax")
    // The printed formula, evaluated by hand on the hidden-softmax network.
    let file = try NetworkFile(json: Self.hiddenSoftmax)
    let net = file.network
    let a1 = net.forward(file.samples[0].input).a[1]
    let d = try derivation(Self.hiddenSoftmax)
    let delta2 = d.data.backward[0].delta[2]
    let db = try ReferenceNetwork(json: Self.hiddenSoftmax).centralDifferences().biases[0]
    for j in 0..<3 {
      var sum = 0.0
      for i in 0..<3 {
        for k in 0..<3 {
          sum += delta2[k] * net.weight(2)[k, i] * a1[i] * ((i == j ? 1 : 0) - a1[j])
        }
      }
      assertClose(sum, db[j], rtol: 1e-6, atol: 1e-10, "δ¹[\(j)] by the dense index form")
    }
    let deep = run([
      "--layers", "2,3,3,2", "--activation", "softmax", "--output-activation", "sigmoid",
      "--ascii",
    ]).out
    XCTAssertTrue(deep.contains("Layers 1 and 2 are softmax here"), deep)
    XCTAssertTrue(deep.contains("Written for element-wise activations. Here layers 1 and 2"), deep)
  }

  func testEveryVectorEquationHasShapes() throws {
    for args in [
      ["--layers", "2,3,2", "--samples", "2"],
      ["--layers", "3,4,3", "--cost", "categorical-cross-entropy"],
      ["--layers", "2,3,3", "--activation", "softmax", "--cost", "mse"],
    ] {
      let text = run(args).out
      for needle in [
        "×1, element-wise", "→ 1×1", "BP1 (n_L×n_L)ᵀ(n_L×1) → n_L×1", "BP2 (n_l×n_(l+1))",
        "BP3 (n_l×1)", "BP4 (n_l×1)(1×n_(l-1))", "∂C/∂bˡ = δˡ           (n_l×1)",
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

  /// Softmax saturated at z = (40, 0, 0): a⁰ rounds to 1, so a₀(1 − a₀) is 0 while the true
  /// ∂a₀/∂z₀ = a₀ (a₁ + a₂) ≈ 8.5e-18.
  ///
  /// The index form and the paths print the library's cancellation-free entries, so their
  /// terms add up to δ.
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
}
