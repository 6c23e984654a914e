import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// What nn-explain adds for a class: the local derivatives in symbols, the sum swap only
/// where there is one, the factoring of a parameter's paths, the mean cost and ≈ in the
/// check, distinct ASCII spellings, notes on saturated units, dead relus and small inputs.
final class ExplainTeachingTests: ExplainCommandTestCase {
  func testLocalDerivativesAreWrittenBeforeTheNumbers() {
    let cases: [([String], [String])] = [
      (
        ["--layers", "2,2,2"],
        [
          "∂C/∂a²ᵢ = aᵢ − yᵢ", "the ½ cancels the 2 of the square",
          "σ′(z)   = σ(z)(1 − σ(z)) = a(1 − a)",
        ]
      ),
      (
        ["--layers", "2,3,2", "--activation", "tanh", "--cost", "mse"],
        ["2 (aᵢ − yᵢ) / n", "1 − tanh²(z) = 1 − a²"]
      ),
      (["--layers", "2,2", "--cost", "cross-entropy"], ["(aᵢ − yᵢ) / (aᵢ (1 − aᵢ))"]),
      (
        ["--layers", "2,3,2", "--activation", "elu"],
        ["elu′(z) = 1 for z > 0, e^z for z ≤ 0", "elu′    = 1 for a > 0, a + 1 for a ≤ 0"]
      ),
      (
        [
          "--layers", "2,3,2", "--activation", "relu", "--output-activation", "softmax",
          "--cost", "categorical-cross-entropy",
        ],
        ["−yᵢ / aᵢ", "relu′(z) = 1 for z > 0, 0 for z ≤ 0", "∂a/∂z    = diag(a) − a aᵀ"]
      ),
    ]
    for (args, needles) in cases {
      let out = run(args).out
      let local = try? XCTUnwrap(out.range(of: "Local derivatives"))
      let numbers = out.range(of: "Layer 1 (sample 0)")
      XCTAssertLessThan(local?.lowerBound ?? out.endIndex, numbers?.lowerBound ?? out.startIndex)
      for needle in needles {
        XCTAssertTrue(out.contains(needle), "\(args): no '\(needle)'\n\(out)")
      }
    }
  }

  func testTheSumSwapAppearsOnlyWithTwoLayersAbove() {
    let deep = run(["--layers", "2,2,2,2"]).out
    XCTAssertTrue(deep.contains("δᴸ⁻²ⱼ = Σₘ δᴸₘ ∂zᴸₘ/∂zᴸ⁻²ⱼ = Σₘ Σₖ δᴸₘ Wᴸₘₖ"), deep)
    XCTAssertTrue(deep.contains("δᴸ⁻²ⱼ = Σₖ Σₘ δᴸₘ Wᴸₘₖ"), deep)
    XCTAssertTrue(deep.contains("= Σₖ δᴸ⁻¹ₖ Wᴸ⁻¹ₖⱼ f′(zᴸ⁻²ⱼ)"), deep)
    for sizes in ["2,2,2", "3,2"] {
      let out = run(["--layers", sizes, "--view", "index"]).out
      XCTAssertFalse(out.contains("Swapping"), sizes)
      XCTAssertFalse(out.contains("⁺²"), sizes)
    }
    XCTAssertFalse(run(["--layers", "3,2"]).out.contains("Σₖ δˡ⁺¹ₖ"))
  }

  func testTheChainWritesTheRowAsTheTransposedError() {
    let out = run(["--layers", "2,2,2,2", "--view", "jacobian"]).out
    XCTAssertTrue(out.contains("(δ¹)ᵀ  = ∂C/∂z¹ = ∂C/∂a³"), out)
    XCTAssertTrue(out.contains("(δ²)ᵀ = ∂C/∂z² = [ "), out)
    XCTAssertFalse(out.contains("chain product"), out)
    XCTAssertFalse(out.contains("so δ¹ = δ²"), out)
    let softmax = try? networkFile(Self.hiddenSoftmax, "hidden-softmax")
    let hidden = run(["--network", softmax ?? "", "--view", "matrix"]).out
    XCTAssertTrue(hidden.contains("(3×3)ᵀ(3×3)(3×1) → 3×1"), hidden)
  }

  func testOnePathHasNothingToAddAndSeveralFactorTheSharedTail() {
    let one = run(["--layers", "2,2", "--param", "W1[1,0]"]).out
    XCTAssertTrue(one.contains("With one path there is nothing to add"), one)
    XCTAssertFalse(one.contains("Σ over paths"), one)
    XCTAssertFalse(one.contains("Swapping"), one)
    let two = run(["--layers", "2,2,2", "--param", "W1[0,0]"]).out
    XCTAssertTrue(two.contains("Every path ends in the same factors σ′(z¹[0]) · a⁰[0]"), two)
    XCTAssertFalse(two.contains("Swapping"), two)
  }

  func testTheFactoredSumIsTheErrorOfTheNeuron() throws {
    // The unshared prefixes add up to ((W²)ᵀ δ²)[0]: check against the library's δ.
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 2, 2], sampleCount: 1))
    let p = ParameterIndex(layer: 1, kind: .weight(row: 0, column: 0), columns: 2)
    let d = try Derivation.explain(
      file.network, samples: file.samples,
      options: ExplainOptions(parameter: p, numberFormat: NumberFormat(digits: 17)))
    let trace = file.network.forward(file.samples[0].input)
    let back = file.network.backward(trace, target: file.samples[0].target)
    let factored = try XCTUnwrap(
      equations(d).flatMap(\.group).first {
        $0.steps.count == 3 && $0.steps[0].unicode.hasPrefix("(")
      })
    let sum = try XCTUnwrap(Double(factored.steps[1].unicode.split(separator: " ")[0]))
    let up = file.network.weight(2).transposeMultiplied(by: back.delta[2])[0]
    assertClose(sum, up, rtol: 1e-12, atol: 1e-15, "sum of the unshared prefixes")
    assertClose(
      sum * Activation.sigmoid.derivative(trace.z[1][0]), back.delta[1][0], rtol: 1e-12,
      atol: 1e-15, "times σ′ it is δ¹[0]")
  }

  func testTheCheckWritesTheMeanCostTheStepAndTheReasonForAtol() {
    let mean = run(["--layers", "2,2,2", "--samples", "3", "--param", "W1[0,0]"]).out
    XCTAssertTrue(mean.contains("∂C̄/∂θ ≈ (C̄(θ + ε) − C̄(θ − ε)) / 2ε   ε = 1e-05"), mean)
    XCTAssertTrue(mean.contains("∂C̄/∂W¹[0,0] = "), mean)
    XCTAssertFalse(mean.contains("|a − n|"), mean)
    let one = run(["--layers", "2,2,2"]).out
    XCTAssertTrue(one.contains("∂C/∂θ ≈ (C(θ + ε) − C(θ − ε)) / 2ε"), one)
    XCTAssertFalse(one.contains("default 1e-08 times"), one)
    let large = run([
      "--layers", "3,4,3", "--output-activation", "softmax", "--cost",
      "categorical-cross-entropy",
    ]).out
    XCTAssertTrue(large.contains("atol =\n1.5e-08 (gradcheck's default 1e-08 times"), large)
    let ascii = run(["--layers", "2,2,2", "--ascii"]).out
    XCTAssertTrue(ascii.contains("dC/dtheta ~ (C(theta + eps) - C(theta - eps)) / 2 eps"), ascii)
  }

  func testAsciiSpellsDeltaApartFromThePartialSign() {
    let ascii = run(["--layers", "2,2,2", "--ascii"]).out
    XCTAssertTrue(ascii.contains("delta^2 = dC/dz^2") || ascii.contains("(delta^2)^T"), ascii)
    XCTAssertFalse(ascii.contains("d^2"), ascii)
    XCTAssertTrue(ascii.contains("n_(l+1)"), ascii)
  }

  /// ASCII shapes with size symbols space their `x`, so that it cannot run into a subscript
  /// (`n_lx1`, `n_lxn_(l-1)`); numeric shapes stay `2x1`, as in Unicode `2×1`.
  func testAsciiShapesAreUnambiguous() throws {
    let ascii = run(["--layers", "2,2,2", "--samples", "2", "--ascii"]).out
    for needle in [
      "n_l x 1", "(n_l x 1)(1 x n_(l-1)) -> n_l x n_(l-1)", "BP1 (n_L x n_L)^T(n_L x 1) -> n_L x 1",
      "(n_l x m)(m x n_(l-1))", "(2x2)(2x1) + (2x1) -> 2x1",
    ] {
      XCTAssertTrue(ascii.contains(needle), "no '\(needle)'")
    }
    let glued = try NSRegularExpression(pattern: "n_[A-Za-z0-9()+-]+x|[0-9m)]xn_|n_[lL]xm")
    let range = NSRange(ascii.startIndex..., in: ascii)
    XCTAssertNil(glued.firstMatch(in: ascii, range: range), "a glued symbolic shape")
    let unicode = run(["--layers", "2,2,2"]).out
    XCTAssertTrue(unicode.contains("(n_l×1)(1×n_(l-1)) → n_l×n_(l-1)"), unicode)
  }

  func testNotesOnSaturatedUnitsDeadRelusAndSmallInputs() throws {
    let saturated = run(["--layers", "2,2,2", "--input", "9,-8", "--target", "1,0"]).out
    XCTAssertTrue(saturated.contains("a¹[0] is saturated"), saturated)
    XCTAssertFalse(run(["--layers", "2,2,2,2"]).out.contains("saturated"))
    // Unit 1 of the relu layer has negative weights and bias and positive inputs: off for
    // both samples; unit 0 is on.
    let dead = try networkFile(
      """
      {"layers":[2,2,1],"activations":["relu","identity"],"cost":"quadratic",
       "weights":[[[0.5,0.5],[-1,-1]],[[1,1]]],"biases":[[0.1,-0.5],[0]],
       "samples":[{"input":[1,2],"target":[0]},{"input":[0.5,0.25],"target":[1]}]}
      """, "dead")
    let out = run(["--network", dead]).out
    XCTAssertTrue(out.contains("Unit z¹[1] is at most 0 for every sample (2 samples)"), out)
    XCTAssertTrue(out.contains("The input a¹[1] is 0 for this sample"), out)
    XCTAssertFalse(out.contains("z¹[0] is at most"), out)
  }

  /// The small gradient reaches "every layer below" only where there is a layer below.
  func testTheSaturationNoteNamesLayersBelowOnlyWhenThereAreSome() throws {
    let first = run(["--layers", "2,3,2", "--input", "8,-9", "--target", "0,1"]).out
      .replacingOccurrences(of: "\n      ", with: " ")
    XCTAssertTrue(first.contains("a¹[0], a¹[2] are saturated"), first)
    XCTAssertTrue(first.contains("gradients of the weights and bias into it"), first)
    XCTAssertFalse(first.contains("every layer below"), first)
    // An output saturated under the quadratic cost (z² ≈ 10) has layer 1 below it.
    let json = """
      {"layers":[1,1,1],"activations":["sigmoid","sigmoid"],"cost":"quadratic",
       "weights":[[[8]],[[12]]],"biases":[[0],[-2]],"samples":[{"input":[1],"target":[0]}]}
      """
    let second = run(["--network", try networkFile(json, "saturated-output")]).out
      .replacingOccurrences(of: "\n      ", with: " ")
    let note = try XCTUnwrap(
      second.components(separatedBy: "Note: a²[0] is saturated").dropFirst().first, second)
    XCTAssertTrue(note.contains("every layer below that reaches the cost through it"), note)
  }

  func testASaturatedSigmoidOutputWithCrossEntropyIsNotSaidToShrinkTheGradient() throws {
    // z² = 12 σ(8) − 2 ≈ 10: σ′(z²) ≈ 4.6e-5, but with cross-entropy δ² = a² − y ≈ 1.
    let json = """
      {"layers":[1,1,1],"activations":["sigmoid","sigmoid"],"cost":"cross-entropy",
       "weights":[[[8]],[[12]]],"biases":[[0],[-2]],"samples":[{"input":[1],"target":[0]}]}
      """
    let out = run(["--network", try networkFile(json, "saturated-ce")]).out
    let a2 = 1 / (1 + exp(-(12 / (1 + exp(-8.0)) - 2)))
    XCTAssertTrue(out.contains("a²[0] is saturated (its weighted input is far from 0"), out)
    XCTAssertTrue(out.contains("the σ′(z) cancels"), out)
    XCTAssertTrue(
      out.replacingOccurrences(of: "\n      ", with: " ").contains(
        "δ²[0] = a²[0] − y[0] = " + NumberFormat(digits: 6).string(a2)), out)
    // The hidden unit (σ′(8) ≈ 3.4e-4) keeps the note that its gradients are small.
    XCTAssertTrue(out.contains("a¹[0] is saturated: its weighted input"), out)
    XCTAssertFalse(out.contains("a²[0] is saturated: its weighted input"), out)
    // With the quadratic cost σ′ stays in δ², and the note says the gradient is small.
    let quadratic = json.replacingOccurrences(of: "cross-entropy", with: "quadratic")
    let q = run(["--network", try networkFile(quadratic, "saturated-quadratic")]).out
    XCTAssertTrue(q.contains("a²[0] is saturated: its weighted input"), q)
    XCTAssertFalse(q.contains("cancels:"), q)
  }

  func testDotStacksFieldsAndLabelsSampleValues() {
    let dot = run(["--layers", "2,3,2", "--samples", "2", "--format", "dot"]).out
    // Top to bottom, each record's fields in braces so that they stack under rankdir=TB.
    XCTAssertTrue(dot.contains("rankdir=TB;"), dot)
    XCTAssertFalse(dot.contains("rankdir=LR"), dot)
    for line in dot.split(separator: "\n") where line.contains("[label=") {
      XCTAssertTrue(line.contains("[label=\"{") && line.contains("}\", fillcolor"), String(line))
    }
    XCTAssertTrue(dot.contains("sample 0 value"), dot)
    XCTAssertTrue(dot.contains("C̄ = mean over 2 samples"), dot)
    XCTAssertTrue(dot.contains("mean ∂C̄/∂W¹"), dot)
    XCTAssertTrue(dot.contains("{ rank=same; a1; W2; b2; }"), dot)
    // A z node's gradient is the row (δˡ)ᵀ = ∂C/∂zˡ, as in the other formats.
    XCTAssertTrue(dot.contains("sample 0 (δ¹)ᵀ = ∂C/∂z¹"), dot)
    XCTAssertTrue(dot.contains("sample 0 (δ²)ᵀ = ∂C/∂z²"), dot)
    XCTAssertFalse(dot.contains("δ¹ = ∂C/∂z¹"), dot)
    let ascii = run(["--layers", "2,3,2", "--format", "dot", "--ascii"]).out
    XCTAssertTrue(ascii.contains("|(delta^1)^T = dC/dz^1\\n"), ascii)
    let single = run(["--layers", "2,3,2", "--format", "dot"]).out
    XCTAssertFalse(single.contains("sample 0 value"), single)
    XCTAssertFalse(single.contains("mean"), single)
  }

  func testDotWeightNodesShowTheMeanGradient() throws {
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 2], sampleCount: 3))
    let d = try Derivation.explain(
      file.network, samples: file.samples,
      options: ExplainOptions(numberFormat: NumberFormat(digits: 17)))
    let dot = d.renderDot()
    // The mean over the samples of central differences, from an independent reference.
    let reference = try ReferenceNetwork(json: file.json.compact)
    let numeric = reference.centralDifferences()
    for l in 1...2 {
      let line = try XCTUnwrap(dot.split(separator: "\n").first { $0.hasPrefix("  W\(l) [label=") })
      let fields = line.split(separator: "|")
      XCTAssertTrue(fields[2].hasPrefix("mean ∂C̄/∂W"), String(line))
      let numbers = fields[2].split(separator: "\\n").dropFirst().flatMap { row in
        row.filter { !"[]}\"".contains($0) }.split(separator: ",").compactMap {
          Double($0.trimmingCharacters(in: .whitespaces).split(separator: " ")[0])
        }
      }
      let rows = file.network.sizes[l]
      let columns = file.network.sizes[l - 1]
      XCTAssertEqual(numbers.count, rows * columns, String(line))
      let start = reference.flatIndex(layer: l, bias: 0) - rows * columns
      for (n, x) in numbers.enumerated() {
        assertClose(x, numeric.all[start + n], rtol: 1e-6, atol: 1e-10, "W\(l) entry \(n)")
      }
    }
  }
}

/// The classic example's weight names w1 … w8 (`ClassicWeightNames`).
final class ClassicWeightNamesTests: ExplainCommandTestCase {
  func testTheClassicNamesMapToTheExamplesWeights() throws {
    // The published example: w5 = .40 joins h1 to o1, w1 = .15 joins i1 to h1, w8 = .55.
    let path = "Notebooks-text/data/classic-2-2-2.json"
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let file = try NetworkFile(contentsOf: root.appendingPathComponent(path).path)
    let published: [(String, Double)] = [
      ("w1", 0.15), ("w2", 0.20), ("w3", 0.25), ("w4", 0.30), ("w5", 0.40), ("w6", 0.45),
      ("w7", 0.50), ("w8", 0.55),
    ]
    for (name, value) in published {
      let p = try XCTUnwrap(ClassicWeightNames.parameter(name, in: file.network), name)
      guard case .weight(let row, let column) = p.kind else { return XCTFail(name) }
      XCTAssertEqual(file.network.weight(p.layer)[row, column], value, name)
    }
    XCTAssertNil(ClassicWeightNames.parameter("w9", in: file.network))
    let other = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 2]))
    XCTAssertNil(ClassicWeightNames.parameter("w5", in: other.network))
    let w5 = run(["--network", root.appendingPathComponent(path).path, "--param", "w5"]).out
    XCTAssertTrue(w5.contains("∂C/∂W²[0,0] = δ²[0] a¹[0] = 0.138499 · 0.59327 = 0.082167"), w5)
    XCTAssertEqual(run(["--layers", "2,3,2", "--param", "w5"]).status, 64)
  }

  func testTheClassicNameIsGivenOnlyForTheExampleOrWhenTyped() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let classic = root.appendingPathComponent("Notebooks-text/data/classic-2-2-2.json").path
    let file = try NetworkFile(contentsOf: classic)
    XCTAssertTrue(ClassicWeightNames.isTheExample(file.network))
    func flat(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: " ") }
    // Typed W2[0,0] on the example: the crosswalk; typed w5: the name repeated.
    let typedMatrix = flat(run(["--network", classic, "--param", "W2[0,0]"]).out)
    XCTAssertTrue(
      typedMatrix.contains("the classic worked example, where W²[0,0] is called w5."),
      typedMatrix)
    let typedName = flat(run(["--network", classic, "--param", "w5"]).out)
    XCTAssertTrue(
      typedName.contains("w5, the classic worked example's name for this weight, is W²[0,0]."),
      typedName)
    // Another 2-2-2 network: no classic name unless typed.
    let random = run(["--layers", "2,2,2", "--param", "W2[0,0]"]).out
    XCTAssertFalse(random.contains("w5"), random)
    XCTAssertFalse(
      ClassicWeightNames.isTheExample(
        try NetworkFile.random(
          RandomNetworkSpec(sizes: [2, 2, 2])
        ).network))
    XCTAssertTrue(flat(run(["--layers", "2,2,2", "--param", "w5"]).out).contains("w5, the"))
  }
}

/// The mini-batch matrix form (`--samples` above 1): (1/m) Δˡ (Aˡ⁻¹)ᵀ is the mean gradient.
final class ExplainMiniBatchTests: ExplainCommandTestCase {
  func testTheBatchProductIsTheMeanGradient() throws {
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 3, 2], sampleCount: 3))
    let d = try Derivation.explain(
      file.network, samples: file.samples,
      options: ExplainOptions(numberFormat: NumberFormat(digits: 17)))
    // The mean of central differences of the mean cost, from an independent reference.
    let reference = try ReferenceNetwork(json: file.json.compact)
    let numeric = reference.centralDifferences()
    var found = 0
    for section in d.sections {
      for block in section.blocks {
        guard case .matrices(let display) = block, case .math(let label)? = display.items.first,
          label.unicode.hasPrefix("(1/m) Δ"), case .matrix(let product)? = display.items.last
        else { continue }
        let l = found + 1
        found += 1
        for j in 0..<product.rows {
          for k in 0..<product.columns {
            assertClose(
              product[j, k],
              numeric.all[
                reference.flatIndex(layer: l, bias: 0) - product.rows * product.columns
                  + j * product.columns + k], rtol: 1e-6,
              atol: 1e-10, "(1/m) Δ\(l) (A\(l - 1))ᵀ [\(j),\(k)]")
          }
        }
      }
    }
    XCTAssertEqual(found, 2, "one batch product per layer")
    XCTAssertFalse(run(["--layers", "2,3,2"]).out.contains("Mini-batch matrix form"))
    XCTAssertTrue(run(["--layers", "2,3,2", "--samples", "2"]).out.contains("(n_l×m)"))
  }
}
