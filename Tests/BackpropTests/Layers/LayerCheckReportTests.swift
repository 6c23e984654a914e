import Backprop
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
}
