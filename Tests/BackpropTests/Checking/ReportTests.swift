import XCTest

@testable import Backprop

/// The three renderers of one report.
final class ReportTests: XCTestCase {
  /// A report with a failure, kinks, a re-check and a diagnosis, built from a relu network
  /// near its kinks and one deliberately wrong entry.
  private func mixedReport() throws -> CheckReport {
    var file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 4, 2], hiddenActivation: .relu, outputActivation: .identity,
        sampleCount: 2, seed: 21))
    let z = file.network.forward(file.samples[0].input).z[1]
    for j in 0..<4 { file.network.biases[0][j] += 2e-7 - z[j] }
    var g = file.network.gradients(over: file.samples)
    g.weights[1][1, 3] += 0.25
    return try GradientCheck.run(network: file.network, samples: file.samples, analytic: g)
  }

  func testSummariesCountEntries() throws {
    let r = try mixedReport()
    XCTAssertEqual(r.parametersChecked, 26)
    XCTAssertEqual(r.failures, 1)
    XCTAssertGreaterThan(r.kinks, 0)
    let sum = r.layers.reduce(0) { $0 + $1.weights.checked + $1.biases.checked }
    XCTAssertEqual(sum, 26)
    XCTAssertEqual(r.layers[1].weights.failures, 1)
    XCTAssertEqual(r.layers[1].weights.worst?.index.indices, [1, 3])
    XCTAssertEqual(r.layers[1].weights.shape, [2, 4])
    XCTAssertEqual(r.layers[0].biases.shape, [4])
    XCTAssertEqual(r.diagnosis.first?.cause, .isolatedEntries)
  }

  func testTextFits80ColumnsEvenVerbose() throws {
    let r = try mixedReport()
    for verbose in [false, true] {
      let text = r.text(verbose: verbose)
      for line in text.split(separator: "\n") {
        XCTAssertLessThanOrEqual(line.count, 80, "\(line)")
      }
      XCTAssertTrue(text.contains("FAILED: 1 of 26"), text)
      XCTAssertTrue(text.contains("Kinks:"), text)
      XCTAssertTrue(text.contains("Diagnosis: isolated-entries"), text)
      XCTAssertTrue(text.contains("W²[1,3]"), text)
    }
    XCTAssertTrue(r.text(verbose: true).contains("kink, re-check ok"))
  }

  func testColourOnlyThroughTheStyle() throws {
    let r = try mixedReport()
    XCTAssertFalse(r.text().contains("\u{1B}"))
    let style = ReportStyle(
      pass: { "<p>\($0)</p>" }, fail: { "<f>\($0)</f>" }, warn: { "<w>\($0)</w>" },
      bold: { $0 })
    let text = r.text(style: style)
    XCTAssertTrue(text.contains("<f>FAIL</f>"))
    XCTAssertTrue(text.contains("<w>kink</w>") || text.contains("<w>Kinks:</w>"))
  }

  func testJSONRoundTripsWithTheDocumentedKeys() throws {
    let r = try mixedReport()
    let parsed = try JSONValue.parse(r.json(verbose: true).pretty)
    XCTAssertEqual(parsed["failures"], .number(1))
    XCTAssertEqual(parsed["kinks"], .number(Double(r.kinks)))
    XCTAssertEqual(parsed["parametersChecked"], .number(26))
    guard case .array(let entries)? = parsed["entries"] else { return XCTFail("entries") }
    XCTAssertEqual(entries.count, 26)
    let kink = entries.first { $0["status"] == .string("kink") }
    XCTAssertNotNil(kink?["recheck"]?["agrees"])
    guard case .object(let top) = parsed else { return XCTFail("object") }
    XCTAssertEqual(
      top.map(\.0),
      [
        "passed", "method", "epsilon", "rtol", "atol", "precision", "parametersChecked",
        "failures", "kinks", "maxRelativeError", "layers", "cost", "statedCost",
        "costMismatch", "diagnosis", "entries",
      ])
    XCTAssertNil(try JSONValue.parse(r.json().compact)["entries"])
  }

  func testMarkdownTable() throws {
    let md = try mixedReport().markdown(verbose: true)
    XCTAssertTrue(md.hasPrefix("# Gradient check: failed"))
    XCTAssertTrue(md.contains("| W² | 2×4 | 8 | 1 |"), md)
    XCTAssertTrue(md.contains("## Diagnosis"))
    XCTAssertTrue(md.contains("- **isolated-entries**"))
    XCTAssertTrue(md.contains("| `W²[1,3]` |"))
  }

  /// The note starting with `lead` in a text report, its lines joined into one.
  private func note(_ lead: String, in text: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let start = lines.firstIndex(where: { $0.hasPrefix(lead) }) else { return "" }
    var note = [lines[start]]
    for line in lines[(start + 1)...] {
      guard !line.isEmpty, !line.hasPrefix("PASSED"), !line.hasPrefix("FAILED"),
        !line.hasPrefix("Note:")
      else { break }
      note.append(line)
    }
    return note.joined(separator: " ")
  }

  func testMarkdownCarriesTheTextsKinkNote() throws {
    let report = try mixedReport()
    XCTAssertGreaterThan(report.kinks, 1)
    let kinks = note("Kinks:", in: report.text())
    XCTAssertTrue(kinks.hasPrefix("Kinks: \(report.kinks) entries moved a relu"), kinks)
    let md = report.markdown()
    XCTAssertTrue(md.contains("\n**Kinks:**" + kinks.dropFirst("Kinks:".count) + "\n"), md)
    XCTAssertTrue(md.contains("(\(report.kinks) kinks, counted apart)"), md)
  }

  /// A relu whose z is exactly 0 (input 0, bias 0): b¹ is the one entry whose step crosses
  /// the kink; W¹'s steps leave z at 0 (their input is 0), and its gradient is 0 both ways.
  func testOneKinkIsSingularAndAKinkOnlyRowShowsNoErrorInMarkdown() throws {
    let network = try Network(
      sizes: [2, 1, 1], activations: [.relu, .identity], cost: .quadratic,
      weights: [
        Matrix(rows: 1, columns: 2, storage: [1, 1]), Matrix(rows: 1, columns: 1, storage: [0.7]),
      ],
      biases: [[0], [0.1]])
    let samples = [Sample(input: [0, 0], target: [0.5])]
    let report = try GradientCheck.run(
      network: network, samples: samples, analytic: network.gradients(over: samples))
    XCTAssertEqual(report.kinks, 1)
    XCTAssertTrue(report.passed)
    let md = report.markdown()
    XCTAssertTrue(md.contains("(1 kink, counted apart)"), md)
    XCTAssertFalse(md.contains("kinks, counted apart"), md)
    XCTAssertTrue(md.contains("| b¹ | 1 | 1 | 0 | 1 | — | — |  |  |  | kink |"), md)
    XCTAssertTrue(md.contains("\n**Kinks:** 1 entry moved a relu"), md)
    XCTAssertTrue(report.text().contains("(1 kink); max relative error"), report.text())
  }

  func testLongShapesAreAbbreviatedInTheTitle() {
    for (sizes, samples) in [
      ([Int](repeating: 100, count: 11), 1000), ([Int](repeating: 100, count: 13), 3),
      ([1, 2, 3], 1),
    ] {
      let report = CheckReport(
        method: .central, epsilon: 1e-5, tolerance: Tolerance(rtol: 1e-5, atol: 1e-8),
        precision: .double, sizes: sizes, sampleCount: samples, entries: [])
      let text = report.text()
      for line in text.split(separator: "\n") {
        XCTAssertLessThanOrEqual(line.count, 80, "\(line)")
      }
      let title = text.split(separator: "\n")[0]
      if sizes.count > 3 {
        XCTAssertTrue(
          title.contains("a \(sizes.count - 1)-layer \(sizes[0])-…-\(sizes[0]) network"),
          "\(title)")
      } else {
        XCTAssertEqual(title, "Gradient check of a 1-2-3 network, 1 sample, 13 parameters")
      }
    }
  }

  func testTextRowsFit80ColumnsAndShowEveryBlock() throws {
    let file = try reluNetworkNearKink()
    var g = file.network.gradients(over: file.samples)
    let correct = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g)
    if let kinked = correct.entries.first(where: { $0.status == .kink })?.index {
      g[kinked] *= 5
    }
    let report = try GradientCheck.run(
      network: file.network, samples: file.samples, analytic: g)
    for line in report.text(verbose: true).split(separator: "\n") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
    XCTAssertFalse(report.text(verbose: true).contains("recheck off"))
    let wide = try Network(
      sizes: [100_000, 1], activations: [.identity], cost: .quadratic,
      weights: [Matrix(rows: 1, columns: 100_000)], biases: [[0]])
    let sampled = CheckReport(
      method: .central, epsilon: 1e-5, tolerance: Tolerance(rtol: 1e-5, atol: 1e-8),
      precision: .double, sizes: wide.sizes, sampleCount: 1,
      entries: [
        EntryCheck(
          index: ParameterIndex(layer: 1, kind: .weight(row: 0, column: 3), columns: 100_000),
          analytic: 1,
          numeric: 1, status: .passed)
      ])
    let text = sampled.text()
    for line in text.split(separator: "\n") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
    XCTAssertTrue(text.contains("b¹"), "a block with nothing checked still has its row")
    XCTAssertTrue(text.contains("sampled of 100001"), text)
  }

  /// A 1-2-1 report whose directional screen ran 2 directions, with every entry of the
  /// network checked (`every`) or the one entry bisection located, which disagrees.
  private func screenedReport(checkedEveryEntry every: Bool) -> CheckReport {
    let weights1 = (0..<2).map {
      ParameterIndex(layer: 1, kind: .weight(row: $0, column: 0), columns: 1)
    }
    let biases1 = (0..<2).map { ParameterIndex(layer: 1, kind: .bias(row: $0), columns: 1) }
    let weights2 = (0..<2).map {
      ParameterIndex(layer: 2, kind: .weight(row: 0, column: $0), columns: 2)
    }
    let bias2 = ParameterIndex(layer: 2, kind: .bias(row: 0), columns: 2)
    let all = weights1 + biases1 + weights2 + [bias2]
    let entries =
      every
      ? all.map { EntryCheck(index: $0, analytic: 1, numeric: 1, status: .passed) }
      : [EntryCheck(index: bias2, analytic: 1, numeric: 2, status: .failed)]
    var d = DirectionalSummary(
      directions: 2, failedDirections: every ? 0 : 1, maxRelativeError: 0.5,
      bisectionSteps: every ? 0 : 4, kinkedDirections: every ? 2 : 0)
    d.checkedEveryEntry = every
    return CheckReport(
      method: .central, epsilon: 1e-5, tolerance: Tolerance(rtol: 1e-5, atol: 1e-8),
      precision: .double, sizes: [1, 2, 1], sampleCount: 1, entries: entries, directional: d)
  }

  func testTheScreenSaysEveryEntryWasCheckedWhenADirectionCrossedAKink() throws {
    let every = screenedReport(checkedEveryEntry: true)
    let text = every.text().replacingOccurrences(of: "\n", with: " ")
    XCTAssertTrue(
      text.contains(
        "2 crossed a relu kink at this step and were re-checked with smaller or one-sided "
          + "steps or left to the entries; as a direction's step crossed a kink, where it "
          + "mixes two slopes, every entry was checked one by one (7 in all)."), text)
    XCTAssertFalse(text.contains("bisection"), text)
    XCTAssertTrue(text.contains("PASSED: 7 of 7 entries agree;"), text)
    XCTAssertFalse(text.contains("located"), text)
    let md = every.markdown()
    XCTAssertTrue(
      md.contains(
        "Directional screen: 2 directions, 0 failed, 2 crossed a kink; as a direction's "
          + "step crossed a kink, every entry was checked (7 in all).\n"), md)
    XCTAssertTrue(md.contains("**Passed**: 7 of 7 entries agree"), md)
    let json = try JSONValue.parse(every.json().compact)
    XCTAssertEqual(json["directional"]?["checkedEveryEntry"], .bool(true))
  }

  func testTheScreenNamesTheBisectedEntriesWhenNoDirectionCrossedAKink() throws {
    let located = screenedReport(checkedEveryEntry: false)
    let text = located.text().replacingOccurrences(of: "\n", with: " ")
    XCTAssertTrue(
      text.contains(
        "Directional screen: 2 random directions, 1 failed; bisection (4 steps) located 1 "
          + "entry to check one by one."), text)
    XCTAssertFalse(text.contains("every entry"), text)
    XCTAssertTrue(text.contains("FAILED: 1 of 1 entries located by the screen disagree"), text)
    XCTAssertTrue(located.markdown().contains("; bisection located 1 entries.\n"))
    let json = try JSONValue.parse(located.json().compact)
    XCTAssertEqual(json["directional"]?["checkedEveryEntry"], .bool(false))
  }
}
