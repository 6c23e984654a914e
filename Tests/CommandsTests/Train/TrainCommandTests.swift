import Backprop
import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

final class TrainCommandTests: XCTestCase {
  private var directory: TemporaryDirectory?

  override func setUpWithError() throws { directory = try TemporaryDirectory("train") }

  override func tearDown() { directory?.remove() }

  private func path(_ name: String) -> String {
    (directory?.url ?? URL(fileURLWithPath: "/nonexistent")).appendingPathComponent(name).path
  }

  private func write(_ text: String, _ name: String) throws -> String {
    try XCTUnwrap(directory).write(text, name)
  }

  /// Runs `nn-train`; the error text comes back unwrapped (one line per message).
  private func run(_ args: [String]) -> (ExitStatus, String, String) {
    let r = runTool(.train, args)
    return (r.status, r.output, r.error.replacingOccurrences(of: "\n  ", with: " "))
  }

  private let classic = """
    {"layers": [2, 2, 2], "activations": ["sigmoid", "sigmoid"], "cost": "quadratic",
     "weights": [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]],
     "biases": [[0.35, 0.35], [0.6, 0.6]],
     "samples": [{"input": [0.05, 0.1], "target": [0.01, 0.99]}]}
    """

  func testHelpAndVersion() {
    let (status, out, _) = run(["--help"])
    XCTAssertEqual(status, .success)
    XCTAssertTrue(out.hasPrefix("OVERVIEW: "))
    XCTAssertTrue(out.contains("--plot-boundary <file>"))
    let usage = out.components(separatedBy: "OPTIONS:")[0]
    XCTAssertFalse(usage.contains(" --data <set>"), "--data is optional with --layers: \(usage)")
    for line in out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "\(line)") }
    XCTAssertEqual(run(["--version"]).1, "nn-train \(toolkitVersion)\n")
  }

  func testOneEpochOfTheClassicExampleInJSON() throws {
    let file = try write(classic, "classic.json")
    let (status, out, err) = run([
      "--network", file, "--epochs", "1", "--freeze-biases", "--learning-rate=0.5",
      "--format", "json",
    ])
    XCTAssertEqual(status, .success, err)
    let json = try JSONValue.parse(out)
    guard case .array(let w) = json["weights"], case .array(let w2) = w[1],
      case .array(let row) = w2[0], case .number(let w5) = row[0]
    else { return XCTFail("no weights in \(out)") }
    XCTAssertEqual(w5, 0.35891648, accuracy: 5e-9)
    guard case .array(let history) = json["history"] else { return XCTFail("no history") }
    XCTAssertEqual(history.count, 2)
    XCTAssertEqual(json["outcome"], .string("finished"))
  }

  func testSavedNetworkIsTheTrainedOneAndGradcheckReadsIt() throws {
    let file = try write(classic, "classic.json")
    let saved = path("trained.json")
    let (status, out, err) = run(["--network", file, "--epochs", "25", "--save", saved])
    XCTAssertEqual(status, .success, err)
    for line in out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "\(line)") }
    let original = try NetworkFile(json: classic)
    let expected = Trainer.train(
      original.network, on: original.samples,
      options: TrainingOptions(epochs: 25, learningRate: 0.5))
    let back = try NetworkFile(contentsOf: saved)
    XCTAssertEqual(back.network, expected.network)
    XCTAssertEqual(back.samples, original.samples)
    XCTAssertEqual(runTool(.gradcheck, ["--network", saved, "--quiet"]).status, .success)
    XCTAssertEqual(runTool(.explain, ["--network", saved, "--format", "json"]).status, .success)
  }

  func testTheSameSeedPrintsTheSameRun() {
    // The blog's full half-adder run from the documented seed 0 (below 0.001 after 20,000
    // epochs) is lab 05's, checked by NotebookTests; here, determinism of a shuffled run.
    let args = [
      "--layers", "2,4,2", "--data", "half-adder", "--batch-size", "3", "--epochs", "50",
      "--format", "json",
    ]
    let first = run(args + ["--seed", "5"])
    XCTAssertEqual(first.0, .success, first.2)
    XCTAssertEqual(run(args + ["--seed", "5"]).1, first.1)
    XCTAssertNotEqual(run(args + ["--seed", "6"]).1, first.1)
  }

  func testDataThatDoesNotFitNamesBoth() throws {
    let (status, _, err) = run(["--layers", "2,2,1", "--data", "half-adder"])
    XCTAssertEqual(status, .usage)
    // The whole sentence, as lab 04 (section 3) quotes it.
    XCTAssertTrue(
      err.hasPrefix(
        "Error: the data half-adder has 2 inputs and 2 targets, but the network (layers "
          + "2,2,1) has 2 inputs and 1 output\nUsage: nn-train"), err)
    let samples = try write(#"{"samples": [{"input": [1, 2, 3], "target": [1]}]}"#, "s.json")
    let (fileStatus, _, fileErr) = run(["--layers", "2,2,1", "--data", samples])
    XCTAssertEqual(fileStatus, .dataError)
    XCTAssertTrue(fileErr.contains("3 inputs"), fileErr)
  }

  func testTargetsOutsideTheCostsRangeAreNamed() throws {
    let samples = try write(#"{"samples": [{"input": [0, 0], "target": [2]}]}"#, "t.json")
    let (status, _, err) = run(["--layers", "2,1", "--cost", "cross-entropy", "--data", samples])
    XCTAssertEqual(status, .dataError)
    XCTAssertTrue(err.contains("samples[0].target[0]: cross-entropy needs targets in [0, 1]"), err)
  }

  func testFileErrorsHaveTheirStatuses() throws {
    XCTAssertEqual(run(["--layers", "2,1", "--data", path("missing.json")]).0, .cannotOpen)
    let (saveStatus, saveOut, saveErr) = run([
      "--layers", "2,1", "--data", "xor", "--save", path("no/such/folder/net.json"),
    ])
    XCTAssertEqual(saveStatus, .cannotOpen)
    XCTAssertEqual(saveOut, "", "nothing is trained when the result cannot be saved")
    XCTAssertTrue(saveErr.contains("no such folder"), saveErr)
    let bad = try write(#"{"samples": [{"input": [1, 2], "target": "x"}]}"#, "bad.json")
    let (status, _, err) = run(["--layers", "2,1", "--data", bad])
    XCTAssertEqual(status, .dataError)
    XCTAssertTrue(err.contains("samples[0].target"), err)
  }

  func testAnUnknownDataSetNameListsTheSetsAndAMissingFileStaysAFile() {
    let (status, _, err) = run(["--layers", "2,1", "--data", "spirals"])
    XCTAssertEqual(status, .usage, err)
    XCTAssertTrue(err.contains("'spirals' is not a known data set"), err)
    XCTAssertTrue(err.contains("half-adder, xor, moons[:N]"), err)
    XCTAssertTrue(err.contains("Usage: nn-train"), err)
    XCTAssertEqual(run(["--layers", "2,1", "--data", "missing.json"]).0, .cannotOpen)
    XCTAssertEqual(run(["--layers", "2,1", "--data", path("spirals")]).0, .cannotOpen)
  }

  func testEveryUsageErrorPrintsTheUsageLine() {
    for args in [
      ["--validate-split", "0.9"], ["--validate-split", "1.5"], ["--data", "moons:0"],
      ["--data", "spirals"], ["--momentum", "0.5"],
    ] {
      var full = ["--layers", "2,1", "--data", "xor", "--epochs", "1"]
      if let i = full.firstIndex(of: args[0]) { full.removeSubrange(i...(i + 1)) }
      let (status, _, err) = run(full + args)
      XCTAssertEqual(status, .usage, "\(args): \(err)")
      XCTAssertTrue(err.hasPrefix("Error: "), "\(args): \(err)")
      XCTAssertTrue(err.contains("Usage: nn-train"), "\(args): \(err)")
      XCTAssertTrue(err.contains("See 'nn-train --help'"), "\(args): \(err)")
    }
  }

  func testUsageErrorsNameTheOption() {
    let cases: [([String], String)] = [
      (["--layers", "2,1", "--data", "xor", "--online", "--batch-size", "2"], "--batch-size"),
      (["--layers", "2,1", "--data", "xor", "--momentum", "0.5"], "--momentum"),
      (
        ["--layers", "2,1", "--data", "xor", "--optimizer", "rprop", "--learning-rate", "1"],
        "--learning-rate"
      ),
      (["--layers", "2,1", "--data", "xor", "--validate-split", "1.5"], "--validate-split"),
      (["--layers", "2,1", "--data", "xor", "--validate-split", "0.1"], "--validate-split"),
      (["--layers", "3,1", "--samples", "3", "--plot-boundary", "b.svg"], "--plot-boundary"),
      (["--layers", "2,1", "--data", "moons:x"], "moons"),
      (["--layers", "2,1", "--data", "xor", "--optimizer", "adam"], "--optimizer"),
      (["--layers", "2,1", "--data", "xor", "--epochs", "-1"], "--epochs"),
    ]
    for (args, name) in cases {
      let (status, _, err) = run(args)
      XCTAssertEqual(status, .usage, "\(args)")
      XCTAssertTrue(err.contains(name), "\(args): \(err)")
    }
  }

  func testBadValuesAreUsageErrorsNotCrashes() {
    let bad: [(String, [String])] = [
      ("--epochs", ["1e9", "-0.5", "", "99999999999"]),
      ("--learning-rate", ["nan", "inf", "-1", "0", "1e400", "x"]),
      ("--every", ["0", "-1", "1.5"]),
      ("--batch-size", ["0", "-2", "nan"]),
      ("--validate-split", ["0", "1", "nan", "-0.2", ""]),
      ("--data", ["moons:1", "moons:-3", "moons:", "moons:1e3", "moons:100001"]),
      ("--update-order", ["", "Parallel"]),
      ("--rprop-variant", ["rprop"]),
    ]
    for (option, values) in bad {
      for value in values {
        var args = ["--layers", "2,1", "--epochs", "2", "--data", "xor"]
        if let i = args.firstIndex(of: option) { args.removeSubrange(i...(i + 1)) }
        args += [option, value]
        if option == "--rprop-variant" { args += ["--optimizer", "rprop"] }
        let (status, _, err) = run(args)
        XCTAssertEqual(status, .usage, "\(option) \(value): \(err)")
        XCTAssertTrue(err.contains(option.dropFirst(2)), "\(option) \(value): \(err)")
      }
    }
    for mu in ["1", "-0.1", "nan"] {
      let (status, _, _) = run(
        ["--layers", "2,1", "--data", "xor", "--optimizer", "momentum", "--momentum", mu])
      XCTAssertEqual(status, .usage, "--momentum \(mu)")
    }
  }

  func testDivergenceStopsWithTheEpochAndExitOne() throws {
    let net = """
      {"layers": [1, 1], "activations": ["identity"], "cost": "quadratic",
       "weights": [[[1]]], "biases": [[0]], "samples": [{"input": [10], "target": [0]}]}
      """
    let file = try write(net, "linear.json")
    let (status, out, err) = run(["--network", file, "--learning-rate", "10", "--epochs", "500"])
    XCTAssertEqual(status, .checkFailed)
    XCTAssertTrue(err.contains("diverged at epoch"), err)
    XCTAssertTrue(err.contains("smaller --learning-rate"), err)
    XCTAssertTrue(out.contains("Diverged at epoch"), out)
  }

  func testPlotsHoldThePrintedHistory() throws {
    let cost = path("cost.svg")
    let boundary = path("boundary.svg")
    let (status, out, err) = run([
      "--layers", "2,6,1", "--data", "moons:60", "--validate-split", "0.25", "--optimizer",
      "rprop", "--epochs", "40", "--every", "8", "--plot", cost, "--plot-boundary", boundary,
      "--format", "json",
    ])
    XCTAssertEqual(status, .success, err)
    let json = try JSONValue.parse(out)
    guard case .array(let history) = json["history"] else { return XCTFail(out) }
    XCTAssertEqual(history.count, 6)
    XCTAssertEqual(json["trainingSamples"], .number(45))
    XCTAssertEqual(json["validationSamples"], .number(15))
    XCTAssertNotNil(history[0]["validationCost"])
    XCTAssertNotNil(history[0]["validationWrong"])
    let curve = SVGInspector(try String(contentsOfFile: cost, encoding: .utf8))
    // Every epoch's training cost (41), the validation cost at the 6 records.
    XCTAssertEqual(curve.all("polyline").map { SVGInspector.points($0).count }, [41, 6])
    let regions = SVGInspector(try String(contentsOfFile: boundary, encoding: .utf8))
    XCTAssertEqual(regions.all("circle", className: "sample").count, 60)
  }

  func testTextStreamsEachHistoryLineAsItIsMade() {
    var chunks: [String] = []
    let console = Console(
      outputIsTerminal: false, errorIsTerminal: false, environment: [:],
      out: { chunks.append($0) }, err: { _ in })
    let status = TrainCommand.main(
      ["--layers", "2,2,1", "--data", "xor", "--epochs", "30", "--every", "10"], console: console)
    XCTAssertEqual(status, .success)
    // The header, one write per record (0, 10, 20, 30), then the outcome.
    XCTAssertEqual(chunks.count, 6, "\(chunks)")
    XCTAssertTrue(chunks[0].hasSuffix("    epoch  cost\n"), chunks[0])
    XCTAssertTrue(chunks[1].hasPrefix("        0  "), chunks[1])
    XCTAssertTrue(chunks[5].contains("after 30 epochs"), chunks[5])
  }

  func testASaturatingStepIsNotedOnStandardErrorWithoutFailing() {
    let (status, out, err) = run(["--layers", "2,4,1", "--data", "xor", "--learning-rate", "1e300"])
    XCTAssertEqual(status, .success, err)
    XCTAssertTrue(err.contains("Note: a weight or bias reached"), err)
    XCTAssertTrue(err.contains("beyond 1000000"), err)
    XCTAssertTrue(err.contains("smaller --learning-rate"), err)
    XCTAssertFalse(out.contains("Note:"), out)
    XCTAssertEqual(run(["--layers", "2,4,1", "--data", "xor"]).2, "")
  }
}
