import TestSupport
import XCTest

@testable import Backprop

/// `Derivation.explain`: the sections of the document, its numbers against central
/// differences computed here, and its typed errors.
final class DerivationTests: XCTestCase {
  typealias Nets = ExplainingTestNetworks

  func smallNetwork() throws -> (Network, [Sample]) {
    let net = try Nets.network([2, 3, 2], [.tanh, .sigmoid], .quadratic)
    let samples = [
      Sample(input: [0.4, -0.7], target: [1, 0]), Sample(input: [-0.1, 0.3], target: [0, 1]),
    ]
    return (net, samples)
  }

  // MARK: Sections

  func testTheSectionsInOrder() throws {
    let (net, samples) = try smallNetwork()
    let d = try Derivation.explain(net, samples: samples)
    XCTAssertEqual(
      d.sections.map(\.title),
      ["Network", "Notation", "Forward pass", "Cost", "Backward pass", "Gradients", "Check"])
    XCTAssertEqual(d.sections.map(\.number), Array(1...7))
    XCTAssertEqual(d.title, "Backpropagation through a 2,3,2 network")
  }

  func testAParameterTraceReplacesTheBackwardPassAndGradients() throws {
    let (net, samples) = try smallNetwork()
    let p = try XCTUnwrap(net.parameterIndex(named: "W1[2,0]"))
    let d = try Derivation.explain(net, samples: samples, options: ExplainOptions(parameter: p))
    XCTAssertEqual(
      d.sections.map(\.title),
      ["Network", "Notation", "Forward pass", "Cost", "Paths from the cost to ", "Check"])
    XCTAssertEqual(d.sections[4].titleMath?.ascii, "W^1[2,0]")
    // Two paths (one per output neuron, hand count), and only that parameter is checked.
    XCTAssertTrue(
      d.sections[4].blocks.contains(.paragraph([.text("There are 2 paths (sample 0):")])))
    XCTAssertEqual(d.data.check.entries.map(\.index), [p])
  }

  func testTheViewChoosesTheFormsOfTheBackwardPass() throws {
    let (net, samples) = try smallNetwork()
    func subheadings(_ view: ExplainOptions.View) throws -> [String] {
      let d = try Derivation.explain(net, samples: samples, options: ExplainOptions(view: view))
      return d.sections[4].blocks.compactMap {
        if case .subheading(let s) = $0, !s.hasPrefix("Layer") { return s }
        return nil
      }
    }
    XCTAssertEqual(
      try subheadings(.all),
      [
        "Local derivatives", "Chain rule as a product of Jacobians", "Index form",
        "Matrix form (BP1-BP4)",
      ])
    XCTAssertEqual(try subheadings(.index), ["Local derivatives", "Index form"])
    XCTAssertEqual(try subheadings(.matrix), ["Local derivatives", "Matrix form (BP1-BP4)"])
  }

  func testOneLayerPointsToTheLayerAboveInTheCallersWords() throws {
    let (net, samples) = try smallNetwork()
    var options = ExplainOptions(layer: 1)
    func pointer(_ d: Derivation) -> [DerivationInline]? {
      for block in d.sections[4].blocks {
        if case .paragraph(let items) = block, case .text(let s) = items.first,
          s.hasPrefix("From the layer above")
        {
          return items
        }
      }
      return nil
    }
    let plain = try Derivation.explain(net, samples: samples, options: options)
    XCTAssertEqual(pointer(plain)?.first, .text("From the layer above (see layer 2), "))
    options.layerReference = "option L"
    let worded = try Derivation.explain(net, samples: samples, options: options)
    XCTAssertEqual(pointer(worded)?.first, .text("From the layer above (see option L2), "))
    XCTAssertEqual(worded.title, "Backpropagation through a 2,3,2 network, layer 1")
  }

  // MARK: Numbers

  func testGradientsAndCheckAgreeWithCentralDifferences() throws {
    let (net, samples) = try smallNetwork()
    let d = try Derivation.explain(net, samples: samples, options: ExplainOptions(tracedSample: 1))
    XCTAssertEqual(d.data.tracedSample, 1)
    XCTAssertEqual(d.data.check.entries.count, net.parameterCount)
    XCTAssertTrue(d.data.check.isComplete)
    XCTAssertTrue(d.data.check.passed)
    for p in net.parameterIndices {
      // The mean over the samples of central differences computed here.
      let numeric =
        samples.map { Nets.centralDifference(net, $0, p) }.reduce(0, +) / Double(samples.count)
      assertClose(d.data.gradients[p], numeric, rtol: 1e-6, atol: 1e-9, "\(p)")
    }
    for e in d.data.check.entries {
      assertClose(e.analytic, d.data.gradients[e.index], rtol: 0, atol: 0, "\(e.index)")
      assertClose(e.numeric, e.analytic, rtol: 1e-5, atol: 1e-8, "\(e.index)")
      XCTAssertEqual(e.outcome, .agrees)
    }
    // The traced sample's δ of the output is (a − y) ⊙ σ′(z) for the quadratic cost.
    let trace = d.data.forward[1]
    let a = trace.a[2]
    for j in 0..<2 {
      let expected = (a[j] - samples[1].target[j]) * a[j] * (1 - a[j])
      assertClose(d.data.backward[1].delta[2][j], expected, rtol: 1e-12, atol: 1e-15, "δ²[\(j)]")
    }
  }

  func testLargeNetworksCheckASeededSamplePerLayer() throws {
    let net = try Nets.network([3, 4, 2], [.tanh, .sigmoid], .quadratic)
    let samples = [Sample(input: [0.1, 0.2, 0.3], target: [1, 0])]
    let options = ExplainOptions(checkAllUpTo: 5, checkSamplePerLayer: 3, seed: 7)
    let d = try Derivation.explain(net, samples: samples, options: options)
    XCTAssertFalse(d.data.check.isComplete)
    XCTAssertEqual(d.data.check.parameterCount, 26)
    XCTAssertEqual(d.data.check.entries.filter { $0.index.layer == 1 }.count, 3)
    XCTAssertEqual(d.data.check.entries.filter { $0.index.layer == 2 }.count, 3)
    let again = try Derivation.explain(net, samples: samples, options: options)
    XCTAssertEqual(again.data.check.entries.map(\.index), d.data.check.entries.map(\.index))
  }

  // MARK: Typed errors

  func testErrorsAreTyped() throws {
    let (net, samples) = try smallNetwork()
    func error(_ samples: [Sample], _ options: ExplainOptions) -> ExplainError? {
      do {
        _ = try Derivation.explain(net, samples: samples, options: options)
        return nil
      } catch {
        return error
      }
    }
    XCTAssertEqual(error([], ExplainOptions()), .noSamples)
    XCTAssertEqual(
      error(samples, ExplainOptions(tracedSample: 2)), .sampleOutOfRange(index: 2, count: 2))
    XCTAssertEqual(
      error(samples, ExplainOptions(tracedSample: -1)), .sampleOutOfRange(index: -1, count: 2))
    XCTAssertEqual(error(samples, ExplainOptions(layer: 3)), .layerOutOfRange(layer: 3, depth: 2))
    XCTAssertEqual(error(samples, ExplainOptions(layer: 0)), .layerOutOfRange(layer: 0, depth: 2))
    let outside = ParameterIndex(layer: 2, kind: .weight(row: 2, column: 0), columns: 3)
    XCTAssertEqual(
      error(samples, ExplainOptions(parameter: outside)), .parameterOutOfRange(outside))
    let short = [Sample(input: [1], target: [1, 0])]
    guard case .invalidSample(let inner) = error(short, ExplainOptions()) else {
      return XCTFail("expected invalidSample")
    }
    XCTAssertTrue(inner.field.hasPrefix("samples[0]"), inner.field)
    XCTAssertThrowsError(try Derivation.parameter(named: "W3[0,0]", in: net)) {
      XCTAssertEqual($0 as? ExplainError, .unknownParameter(name: "W3[0,0]"))
    }
    XCTAssertEqual(try Derivation.parameter(named: "b2[1]", in: net).layer, 2)
  }
}

/// The check section's words for kinks, from the one `KinkOutcomes` count gradcheck uses.
final class DerivationKinkNoteTests: XCTestCase {
  func entry(_ row: Int, _ status: EntryCheck.Status, recheck agrees: Bool?) -> EntryCheck {
    EntryCheck(
      index: ParameterIndex(layer: 1, kind: .bias(row: row), columns: 2), analytic: 1,
      numeric: 3, status: status,
      recheck: agrees.map { KinkRecheck(method: .forward, epsilon: 1e-8, numeric: 1, agrees: $0) })
  }

  func testEachKinkOutcomeIsCountedOnce() throws {
    let net = try ExplainingTestNetworks.network([2, 4, 1], [.relu, .sigmoid], .quadratic)
    let builder = DerivationBuilder(
      network: net, samples: [Sample(input: [1, 2], target: [1])], options: ExplainOptions())
    let entries = [
      entry(0, .kink, recheck: true), entry(1, .failed, recheck: false),
      entry(2, .kink, recheck: false), entry(3, .kink, recheck: nil),
    ]
    XCTAssertEqual(
      entries.map(\.outcome.label),
      ["kink, re-check ok", "kink, re-check failed", "kink, float unclear", "kink, no clear step"])
    let outcomes = KinkOutcomes(entries)
    XCTAssertEqual(
      [outcomes.agreeing, outcomes.failed, outcomes.floatUnclear, outcomes.noClearStep],
      [1, 1, 1, 1])
    let report = CheckReport(
      method: .central, epsilon: 1e-5, tolerance: Tolerance(rtol: 1e-5, atol: 1e-8),
      precision: .float, sizes: net.sizes, sampleCount: 1, entries: entries)
    let check = DerivationCheck(report: report, parameterCount: 17, isComplete: false)
    XCTAssertEqual(check.crossedKinkCount, 4)
    XCTAssertEqual(check.kinkCount, 3)
    XCTAssertEqual(check.failureCount, 1)
    let note = builder.kinkNote(check)
    XCTAssertTrue(note.hasPrefix("4 parameters crossed a kink"), note)
    XCTAssertTrue(note.contains("1 agree (kink, re-check ok: counted apart)"), note)
    XCTAssertTrue(note.contains("1 disagree (kink, re-check failed: counted as failures)"), note)
    XCTAssertTrue(note.contains("1 disagree in float"), note)
    XCTAssertTrue(note.contains("1 found no clear step (kink, not judged)"), note)
  }
}
