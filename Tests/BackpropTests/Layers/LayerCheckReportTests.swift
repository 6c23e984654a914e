import Backprop
import TestSupport
import XCTest

/// The layered check's text and Markdown, laid out like the dense report's.
final class LayerCheckReportTests: XCTestCase {
  private func reports(_ architecture: String, sizes: [Int], seed: UInt64 = 3) throws
    -> (layered: LayerCheckReport, dense: CheckReport)
  {
    let spec = RandomNetworkSpec(
      sizes: sizes, hiddenActivation: .tanh, outputActivation: .sigmoid, sampleCount: 2,
      seed: seed)
    let dense = try NetworkFile.random(spec)
    let (network, samples) = try LayeredNetwork.random(
      Architecture.parse(architecture), cost: .quadratic, sampleCount: 2, seed: seed)
    return (
      try LayeredGradientCheck.run(
        network: network, samples: samples, analytic: network.gradients(over: samples)),
      try GradientCheck.run(
        network: dense.network, samples: dense.samples,
        analytic: dense.network.gradients(over: dense.samples))
    )
  }

  /// The table lines of a text report: from the header to the first blank line.
  private func table(_ text: String) -> [Substring] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let start = lines.firstIndex(where: { $0.contains("Shape") }) else { return [] }
    return Array(lines[start...].prefix { !$0.isEmpty })
  }

  func testADenseArchitecturePrintsTheDenseTableAndSummary() throws {
    let (layered, dense) = try reports(
      "input 3, dense 4, tanh, dense 2, sigmoid", sizes: [3, 4, 2])
    let (l, d) = (table(layered.text()), table(dense.text()))
    XCTAssertEqual(l.count, 5)
    XCTAssertEqual(l.first, d.first)
    XCTAssertTrue(l.first?.contains("Worst       Analytic   Numeric") == true)
    XCTAssertFalse(layered.text().contains("max|a-n|"))
    // Name, shape and counts (the error columns differ in rounding only).
    XCTAssertEqual(l.map { $0.prefix(27) }, d.map { $0.prefix(27) })
    XCTAssertTrue(l[1].hasPrefix("W¹  4×3"), String(l[1]))
    XCTAssertTrue(layered.text().contains("PASSED: 26 of 26 entries agree; max relative error"))
  }

  func testDenseNamesAreSuperscriptedAndOtherTensorsKeepTheirs() throws {
    let network = try LayeredNetwork(
      architecture: Architecture.parse("input 1x4x4, conv 1 2x2, relu, flatten, dense 2, sigmoid"),
      cost: .quadratic)
    let report = LayerCheckReport(
      method: .central, epsilon: 1e-5, tolerance: Tolerance(rtol: 1e-5, atol: 1e-8),
      precision: .double, architecture: network.architecture.description, sampleCount: 1,
      tensors: network.tensorSlots.map { ($0.name, $0.tensor.shape) }, entries: [])
    XCTAssertEqual(report.tensors.map(\.name), ["K1", "b1", "W3", "b3"])
    XCTAssertEqual(report.tensors.map { report.displayName($0.name) }, ["K1", "b1", "W³", "b³"])
    XCTAssertEqual(report.displayName("W3[1,0]"), "W³[1,0]")
    XCTAssertEqual(report.displayName("b1[0]"), "b1[0]")
    XCTAssertEqual(report.displayName("Wf2[0,1]"), "Wf2[0,1]")
  }

  func testAFailingDenseArchitectureDiagnosesInTheDenseLayout() throws {
    let (network, samples) = try LayeredNetwork.random(
      Architecture.parse("input 2, dense 2, tanh, dense 1, sigmoid"), cost: .quadratic,
      sampleCount: 1, seed: 1)
    var wrong = network.gradients(over: samples)
    let w2 = try XCTUnwrap(network.tensorSlots.first { $0.name == "W2" })
    for i in w2.range { wrong[i] = -wrong[i] }
    let report = try LayeredGradientCheck.run(
      network: network, samples: samples, analytic: wrong)
    let text = report.text()
    XCTAssertTrue(text.contains("FAILED: 2 of 9 entries disagree; max relative error 2."), text)
    XCTAssertTrue(
      text.contains(
        "\nDiagnosis: wrong-sign in W² (reproduces every judged entry)\n  Gradient with"), text)
    XCTAssertFalse(text.contains("Likely mistakes"), text)
    let markdown = report.markdown()
    XCTAssertTrue(markdown.hasPrefix("# Gradient check: failed\n"), markdown)
    XCTAssertTrue(markdown.contains("| W² | 1×2 | 2 | 2 | 0 |"), markdown)
    XCTAssertTrue(markdown.contains("## Diagnosis"), markdown)
  }

  /// A bias list names each bias as the table does: a convolution's `b1` as stored, a dense
  /// layer's `b³` as the dense report writes it, in the heading and the sentence alike.
  func testABiasListIsNamedAsTheTableNamesEachTensor() throws {
    let (network, samples) = try LayeredNetwork.random(
      Architecture.parse("input 1x4x4, conv 2 2x2, tanh, flatten, dense 2, sigmoid"),
      cost: .quadratic, sampleCount: 2, seed: 4)
    var wrong = network.gradients(over: samples)
    for slot in network.tensorSlots where slot.name.hasPrefix("b") {
      for i in slot.range { wrong[i] = 0 }
    }
    let report = try LayeredGradientCheck.run(
      network: network, samples: samples, analytic: wrong)
    XCTAssertEqual(report.displayName("b1, b3"), "b1, b³")
    XCTAssertEqual(report.diagnosis.map(\.mistake), [.bias])
    let text = report.text()
    XCTAssertTrue(text.contains("\nDiagnosis: bias in b1, b³ (reproduces"), text)
    XCTAssertTrue(text.contains("bias gradients are wrong (b1, b³,"), text)
    XCTAssertTrue(table(text).contains { $0.hasPrefix("b1 ") }, text)
    XCTAssertTrue(table(text).contains { $0.hasPrefix("b³ ") }, text)
    XCTAssertFalse(text.contains("b¹"), text)
    let markdown = report.markdown()
    XCTAssertTrue(markdown.contains("- **bias** in `b1, b³`: The bias gradients"), markdown)
    XCTAssertTrue(markdown.contains("wrong (b1, b³,"), markdown)
    var stored = report
    stored.superscriptsDenseLayers = false
    XCTAssertTrue(stored.text().contains("\nDiagnosis: bias in b1, b3 (reproduces"))
    XCTAssertTrue(stored.text().contains("wrong (b1, b3,"))
  }

  /// A max-pool tie with the gradient split between the tied entries (as in
  /// `MaxPoolTieTests`): both K1 entries cross the tie, so the Markdown report carries the
  /// text's two notes, counts 2 kinks and shows no error for K1.
  func testMarkdownCarriesTheKinkNotesOfTheText() throws {
    let tied = try TiedMaxPoolNetwork()
    let (net, sample, split) = (tied.network, tied.sample, tied.splitGradient)
    let report = try LayeredGradientCheck.run(network: net, samples: [sample], analytic: split)
    XCTAssertEqual(report.kinks, 2)
    let text = report.text().split(separator: "\n", omittingEmptySubsequences: false)
    func note(_ lead: String) -> String {
      guard let start = text.firstIndex(where: { $0.hasPrefix(lead) }) else { return "" }
      let rest = text[(start + 1)...].prefix {
        !$0.isEmpty && !$0.hasPrefix("Kinks:") && !$0.hasPrefix("PASSED")
      }
      return ([text[start]] + rest).joined(separator: " ")
    }
    let (tie, kinks) = (note("On a kink:"), note("Kinks:"))
    XCTAssertTrue(tie.hasPrefix("On a kink: 1 unit sits exactly on a kink"), tie)
    XCTAssertTrue(kinks.hasPrefix("Kinks: 2 entries"), kinks)
    let markdown = report.markdown()
    XCTAssertTrue(
      markdown.contains("\n**On a kink:**" + tie.dropFirst("On a kink:".count) + "\n"),
      markdown)
    XCTAssertTrue(markdown.contains("\n**Kinks:**" + kinks.dropFirst("Kinks:".count) + "\n"))
    XCTAssertTrue(markdown.contains("**Passed**: 3 of 5 entries agree (2 kinks, counted apart)."))
    XCTAssertTrue(markdown.contains("| K1 | 1×2×1×1 | 2 | 0 | 2 | — | — |  |  |  | kink |"))
  }

  /// The screen's line ends with "every entry checked" exactly when the summary says every
  /// entry was checked, whether or not a direction failed.
  func testTheScreenSaysEveryEntryWasCheckedExactlyWhenItWas() throws {
    let tensors: [(name: String, shape: [Int])] = [("W1", [1, 1]), ("b1", [1])]
    let entries = [
      TensorEntryCheck(
        index: 0, name: "W1[0,0]", tensor: "W1", analytic: 1, numeric: 1,
        status: .passed),
      TensorEntryCheck(
        index: 1, name: "b1[0]", tensor: "b1", analytic: 2, numeric: 2,
        status: .passed),
    ]
    for (failed, kinked, every) in [(0, 3, true), (1, 0, true), (0, 0, false)] {
      var d = DirectionalSummary(
        directions: 3, failedDirections: failed, maxRelativeError: 1e-9, bisectionSteps: 0,
        kinkedDirections: kinked)
      d.checkedEveryEntry = every
      let report = LayerCheckReport(
        method: .central, epsilon: 1e-5, tolerance: Tolerance(rtol: 1e-5, atol: 1e-8),
        precision: .double, architecture: "input 1, dense 1, relu", sampleCount: 1,
        tensors: tensors, entries: every ? entries : [], directional: d)
      let text = report.text().replacingOccurrences(of: "\n", with: " ")
      let line =
        "Directional screen: 3 random directions, \(failed) failed, \(kinked) across a kink"
      XCTAssertTrue(
        text.contains(line + (every ? "; every entry checked one by one." : ".")), text)
      XCTAssertTrue(
        report.markdown().contains(
          "Directional screen: 3 directions, \(failed) failed"
            + (kinked > 0 ? ", \(kinked) crossed a kink" : "")
            + (every ? "; every entry checked.\n" : ".\n")), report.markdown())
      let json = try JSONValue.parse(report.json().compact)
      XCTAssertEqual(json["directional"]?["checkedEveryEntry"], .bool(every))
    }
    let one = LayerCheckReport(
      method: .central, epsilon: 1e-5, tolerance: Tolerance(rtol: 1e-5, atol: 1e-8),
      precision: .double, architecture: "input 1, dense 1, relu", sampleCount: 1,
      tensors: tensors, entries: [],
      directional: DirectionalSummary(
        directions: 1, failedDirections: 1, maxRelativeError: 0.5, bisectionSteps: 0))
    let markdown = one.markdown()
    XCTAssertTrue(markdown.contains("Directional screen: 1 direction, 1 failed."), markdown)
    XCTAssertTrue(markdown.contains("**Failed**: 1 of 1 direction disagrees."), markdown)
  }
}
