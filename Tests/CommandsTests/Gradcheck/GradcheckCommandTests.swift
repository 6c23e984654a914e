import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

final class GradcheckCommandTests: XCTestCase {
  private var temporary: TemporaryDirectory?

  override func setUpWithError() throws { temporary = try TemporaryDirectory("gradcheck-tests") }

  override func tearDown() { temporary?.remove() }

  /// The test's temporary directory, made by `setUpWithError`.
  private var directory: TemporaryDirectory {
    get throws { try XCTUnwrap(temporary) }
  }

  private func write(_ text: String, _ name: String) throws -> String {
    try directory.write(text, name)
  }

  private func run(_ args: [String], terminal: Bool = false) -> (ExitStatus, String, String) {
    let r = runTool(.gradcheck, args, terminal: terminal)
    return (r.status, r.output, r.error)
  }

  private func assertFits(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
    for l in text.split(separator: "\n") {
      XCTAssertLessThanOrEqual(l.count, 80, "too wide: \(l)", file: file, line: line)
    }
  }

  private func sample(_ sizes: [Int] = [2, 3, 2], samples: Int = 3) throws -> NetworkFile {
    try NetworkFile.random(RandomNetworkSpec(sizes: sizes, sampleCount: samples, seed: 5))
  }

  // MARK: - Passing and failing checks

  func testHelpAndVersion() {
    let (status, out, err) = run(["--help"])
    XCTAssertEqual(status, .success)
    XCTAssertTrue(out.hasPrefix("OVERVIEW:"))
    for word in [
      "USAGE:", "OPTIONS:", "--network", "--gradients", "--method", "--directional",
      "EXIT STATUS",
    ] {
      XCTAssertTrue(out.contains(word), word)
    }
    assertFits(out)
    XCTAssertEqual(err, "")
    XCTAssertEqual(run(["--version"]).0, .success)
  }

  func testSelfCheckOfRandomNetworkPasses() {
    let (status, out, err) = run(["--layers", "2,2,2,2"])
    XCTAssertEqual(status, .success)
    XCTAssertTrue(out.contains("PASSED: 18 of 18"), out)
    for name in ["W¹", "b¹", "W²", "b²", "W³", "b³"] { XCTAssertTrue(out.contains(name), name) }
    XCTAssertFalse(out.contains("\u{1B}["), "no colour when not a terminal")
    XCTAssertEqual(err, "", "no progress bar off a terminal")
    assertFits(out)
  }

  func testEveryMethodAndActivationFromTheCommandLine() {
    for method in FiniteDifferenceMethod.allCases {
      for activation in ["sigmoid", "relu", "softplus"] {
        let (status, _, err) = run([
          "--layers", "3,4,2", "--method", method.name, "--activation", activation, "--samples",
          "3", "--quiet",
        ])
        XCTAssertEqual(status, .success, "\(method) \(activation): \(err)")
      }
    }
    let costs = ["cross-entropy", "categorical-cross-entropy", "mse"]
    for cost in costs {
      XCTAssertEqual(run(["--layers", "3,4,2", "--cost", cost, "-q"]).0, .success, cost)
    }
    XCTAssertEqual(run(["--layers", "3,4,2", "--precision", "float", "-q"]).0, .success)
  }

  func testWideNetworkReportFits80Columns() {
    let (status, out, _) = run([
      "--layers", "784,30,10", "--samples", "2", "--entries", "3", "--verbose",
    ])
    XCTAssertEqual(status, .success)
    XCTAssertTrue(out.contains("30×784"))
    assertFits(out)
  }

  func testGradientFilePassesAndFailsWithDiagnosis() throws {
    let f = try sample()
    let net = try write(f.json.pretty, "net.json")
    let g = f.network.gradients(over: f.samples)
    let good = try write(GradientFile.json(g).pretty, "good.json")
    XCTAssertEqual(run(["--network", net, "--gradients", good]).0, .success)
    let bad = try write(GradientFile.json(g.scaled(by: -1)).pretty, "bad.json")
    let (status, out, _) = run(["--network", net, "--gradients", bad])
    XCTAssertEqual(status, .checkFailed)
    XCTAssertTrue(out.contains("FAILED"), out)
    XCTAssertTrue(out.contains("Diagnosis: sign"), out)
    assertFits(out)
    // Without --gradients the network file is checked against its own backprop.
    XCTAssertEqual(run(["--network", net]).0, .success)
  }

  func testJSONReportHasTheDocumentedKeys() throws {
    let f = try sample()
    let net = try write(f.json.pretty, "net.json")
    var g = f.network.gradients(over: f.samples)
    g.weights[1][0, 1] += 0.5
    let grads = try write(GradientFile.json(g).pretty, "g.json")
    let (status, out, _) = run(["--network", net, "--gradients", grads, "--format", "json"])
    XCTAssertEqual(status, .checkFailed)
    let json = try JSONValue.parse(out)
    for key in [
      "passed", "method", "epsilon", "rtol", "atol", "parametersChecked", "failures", "kinks",
      "maxRelativeError", "layers", "diagnosis",
    ] {
      XCTAssertNotNil(json[key], key)
    }
    XCTAssertEqual(json["passed"], .bool(false))
    XCTAssertEqual(json["method"], .string("central"))
    XCTAssertEqual(json["epsilon"], .number(1e-5))
    XCTAssertEqual(json["parametersChecked"], .number(17))
    XCTAssertEqual(json["failures"], .number(1))
    guard case .array(let layers)? = json["layers"], layers.count == 2,
      case .array(let diagnosis)? = json["diagnosis"], let first = diagnosis.first
    else { return XCTFail("layers / diagnosis") }
    XCTAssertEqual(layers[0]["layer"], .number(1))
    let w2 = layers[1]["weights"]
    for key in [
      "shape", "checked", "failures", "kinks", "maxAbsoluteError", "maxRelativeError",
      "worst",
    ] {
      XCTAssertNotNil(w2?[key], key)
    }
    XCTAssertEqual(w2?["shape"], .array([.number(2), .number(3)]))
    XCTAssertEqual(w2?["worst"]?["index"], .array([.number(0), .number(1)]))
    XCTAssertNotNil(w2?["worst"]?["analytic"])
    XCTAssertNotNil(w2?["worst"]?["numeric"])
    XCTAssertEqual(
      layers[1]["biases"]?["worst"]?["index"].map {
        if case .array(let a) = $0 { return a.count } else { return 0 }
      }, 1)
    XCTAssertEqual(first["cause"], .string("isolated-entries"))
    XCTAssertNotNil(first["confidence"])
    XCTAssertNotNil(first["message"])
  }

  func testMarkdownAndVerboseAndQuiet() {
    let (s1, md, _) = run(["--layers", "2,2,2", "--format", "markdown", "--verbose"])
    XCTAssertEqual(s1, .success)
    XCTAssertTrue(md.hasPrefix("# Gradient check: passed"))
    XCTAssertTrue(md.contains("| W¹ | 2×2 |"))
    XCTAssertTrue(md.contains("## Entries"))
    let (s2, text, _) = run(["--layers", "2,2,2", "-v"])
    XCTAssertEqual(s2, .success)
    XCTAssertTrue(text.contains("W²[1,1]"))
    XCTAssertTrue(text.contains("Rel. err"))
    let (s3, quiet, err) = run(["--layers", "2,2,2", "--quiet"])
    XCTAssertEqual(s3, .success)
    XCTAssertEqual(quiet, "")
    XCTAssertEqual(err, "")
  }

  func testColourOnlyOnTerminals() {
    XCTAssertTrue(run(["--layers", "2,2"], terminal: true).1.contains("\u{1B}[32m"))
    let c = CapturingConsole(terminal: true, environment: ["NO_COLOR": "1"])
    _ = GradcheckCommand.main(["--layers", "2,2"], console: c.console)
    XCTAssertFalse(c.output.contains("\u{1B}["))
  }

  func testDirectionalAndEntries() throws {
    XCTAssertEqual(run(["--layers", "5,4,3", "--directional", "3", "-q"]).0, .success)
    XCTAssertEqual(run(["--layers", "5,4,3", "--entries", "2", "-q"]).0, .success)
    let f = try sample([5, 4, 3])
    let net = try write(f.json.pretty, "net.json")
    var g = f.network.gradients(over: f.samples)
    g.biases[0][2] = 1
    let grads = try write(GradientFile.json(g).pretty, "g.json")
    let (status, out, _) = run(["--network", net, "--gradients", grads, "--directional", "2"])
    XCTAssertEqual(status, .checkFailed)
    XCTAssertTrue(out.contains("b¹[2]"), out)
    XCTAssertTrue(out.contains("Directional screen"), out)
  }

  // MARK: - Files

  func testUnreadableFilesExit66() throws {
    let missing = try directory.url.appendingPathComponent("missing.json").path
    var (status, _, err) = run(["--network", missing])
    XCTAssertEqual(status, .cannotOpen)
    XCTAssertTrue(err.contains("Error: cannot read"), err)
    (status, _, err) = run(["--network", try directory.url.path])
    XCTAssertEqual(status, .cannotOpen)
    let net = try write(try sample().json.pretty, "net.json")
    (status, _, err) = run(["--network", net, "--gradients", missing])
    XCTAssertEqual(status, .cannotOpen)
  }

  func testInvalidFilesExit65() throws {
    let f = try sample()
    let net = try write(f.json.pretty, "net.json")
    let cases = [
      "{not json", #"{"layers": [2, 0]}"#, #"{"weights": [], "biases": []}"#,
      GradientFile.json(f.network.gradients(over: f.samples)).pretty,
    ]
    for (i, text) in cases.enumerated() {
      let path = try write(text, "bad\(i).json")
      XCTAssertEqual(run(["--network", path]).0, .dataError, text)
    }
    let wrongShape = try write(
      GradientFile.json(try sample([2, 2]).network.gradients(over: f.samples)).pretty, "g.json")
    let (status, _, err) = run(["--network", net, "--gradients", wrongShape])
    XCTAssertEqual(status, .dataError)
    XCTAssertTrue(err.contains("weights"), err)
    let notNumbers = try write(#"{"weights": "x", "biases": []}"#, "g2.json")
    XCTAssertEqual(run(["--network", net, "--gradients", notNumbers]).0, .dataError)
  }

  // MARK: - Bad arguments

  func testEveryBadArgumentIsAUsageError() throws {
    let net = try write(try sample().json.pretty, "net.json")
    let cases: [[String]] = [
      [],
      ["--network", net, "--layers", "2,2"],
      ["--layers", "2,2", "--bogus"],
      ["--layers", "2,2", "extra"],
      ["--layers"],
      ["--layers", "2"],
      ["--layers", "2,0"],
      ["--layers", "2,x"],
      ["--layers", "2,,2"],
      ["--layers", "-2,2"],
      ["--layers", "200000,2"],
      ["--layers", "50000,50000,50000"],
      ["--layers", Array(repeating: "1", count: 70).joined(separator: ",")],
      ["--layers", "2,2", "--samples", "0"],
      ["--layers", "2,2", "--samples", "1000000"],
      ["--layers", "20000,500", "--samples", "10000"],
      ["--layers", "2,2", "--samples", "two"],
      ["--layers", "2,2", "--activation", "nope"],
      ["--layers", "2,2", "--output-activation", "nope"],
      ["--layers", "2,2", "--cost", "nope"],
      ["--layers", "2,2", "--cost", "cross-entropy", "--output-activation", "relu"],
      ["--network", net, "--activation", "relu"],
      ["--network", net, "--cost", "mse"],
      ["--network", net, "--samples", "2"],
      ["--network", net, "--output-activation", "relu"],
      ["--layers", "2,2", "--method", "secant"],
      ["--layers", "2,2", "--epsilon", "-1e-5"],
      ["--layers", "2,2", "--epsilon", "0"],
      ["--layers", "2,2", "--epsilon", "abc"],
      ["--layers", "2,2", "--epsilon", "inf"],
      ["--layers", "2,2", "--rtol", "-1"],
      ["--layers", "2,2", "--atol", "x"],
      ["--layers", "2,2", "--atol", "nan"],
      ["--layers", "2,2", "--entries", "0"],
      ["--layers", "2,2", "--entries", "many"],
      ["--layers", "2,2", "--directional", "0"],
      ["--layers", "2,2", "--directional", "1000000"],
      ["--layers", "2,2", "--entries", "1", "--directional", "1"],
      ["--layers", "2,2", "--format", "xml"],
      ["--layers", "2,2", "--precision", "half"],
      ["--layers", "2,2", "--method", "complex-step", "--precision", "float"],
      ["--layers", "2,2", "--seed", "-1"],
      ["--layers", "2,2", "--seed", "1.5"],
      ["--layers", "2,2", "--quiet", "--verbose"],
      ["--layers", "2,2", "--verbose=yes"],
      ["--layers", "2,2", "--epsilon"],
    ]
    for args in cases {
      let (status, out, err) = run(args)
      XCTAssertEqual(status, .usage, "\(args): \(err)")
      XCTAssertEqual(out, "", "\(args)")
      XCTAssertTrue(err.hasPrefix("Error: "), "\(args): \(err)")
      XCTAssertTrue(err.contains("Usage: gradcheck"), "\(args): \(err)")
      assertFits(err)
    }
  }

  func testUsageErrorsNameTheOption() {
    XCTAssertTrue(run(["--layers", "2,2", "--epsilon", "-1"]).2.contains("--epsilon"))
    XCTAssertTrue(run(["--layers", "2,0"]).2.contains("--layers"))
    XCTAssertTrue(run(["--layers", "50000,50000,50000"]).2.contains("5000000"))
    XCTAssertTrue(run(["--layers", "2,2", "--method", "x"]).2.contains("complex-step"))
  }

  func testTheHeaderSaysWhyAtolIsScaled() throws {
    // Softmax with categorical cross-entropy on 3,4,3 has C ≈ 1.53 (seed 0): in double too,
    // the default atol 1e-8 is multiplied by |C|, and the header says so.
    let args = [
      "--layers", "3,4,3", "--output-activation", "softmax", "--cost", "categorical-cross-entropy",
    ]
    let file = try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [3, 4, 3], outputActivation: .softmax, cost: .categoricalCrossEntropy))
    let c = file.network.cost(over: file.samples)
    XCTAssertGreaterThan(c, 1)
    let (_, text, _) = run(args)
    XCTAssertTrue(text.contains("atol \(NumberFormat.scientific(1e-8 * c, digits: 2))"), text)
    XCTAssertTrue(
      text.contains("(atol is the default 1e-8 times the mean cost's size |C| = 1.5)"), text)
    let (_, given, _) = run(args + ["--atol", "1e-8"])
    XCTAssertFalse(given.contains("atol is the default"), given)
    XCTAssertFalse(run(["--layers", "2,2,2"]).1.contains("atol is the default"))
  }

  func testZeroTolerancesAreAllowed() {
    // rtol = atol = 0 demands exact agreement, which finite differences never give.
    XCTAssertEqual(run(["--layers", "2,2", "--rtol", "0", "--atol", "0", "-q"]).0, .checkFailed)
  }

  func testSampledSummarySaysSo() {
    let (status, text, _) = run(["--layers", "20,12,5", "--entries", "3"])
    XCTAssertEqual(status, .success, text)
    XCTAssertTrue(text.contains("(12 sampled of 317)"), text)
  }

  /// Correct gradients failing an impossible tolerance: the diagnosis blames the finite
  /// differences and suggests the complex step by gradcheck's own option, in every format.
  func testDiagnosisSuggestsTheMethodByItsOption() {
    let args = ["--layers", "2,3,2", "--rtol", "0", "--atol", "1e-300"]
    let (status, text, _) = run(args)
    XCTAssertEqual(status, .checkFailed, text)
    let unwrapped = text.replacingOccurrences(of: "\n  ", with: " ")
    XCTAssertTrue(
      unwrapped.contains("try --method complex-step, which has no cancellation."), text)
    let (_, json, _) = run(args + ["--format", "json"])
    XCTAssertTrue(json.contains("try --method complex-step, which has no cancellation."), json)
    let (_, markdown, _) = run(args + ["--format", "markdown"])
    XCTAssertTrue(markdown.contains("try --method complex-step"), markdown)
    let (_, custom, _) = run(args + ["--epsilon", "1e-4"])
    XCTAssertTrue(
      custom.replacingOccurrences(of: "\n  ", with: " ").contains(
        "Try the default --epsilon in double precision, or --method complex-step."), custom)
  }
}
