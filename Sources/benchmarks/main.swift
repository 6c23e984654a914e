import Backprop
import BackpropExample
import CommandLineSupport
import Commands
import Foundation

// Release-build benchmarks: `swift run -c release benchmarks`.
// Every figure is shown beside a baseline measured in the same run.

let spec = CommandSpec(
  name: "benchmarks", version: toolkitVersion,
  overview: "Time gradcheck, nn-explain and nn-train against baselines from the same run.",
  usage: ["[--json]", "--layers", "--write-networks <dir>"],
  options: [
    .flag("json", "Print the gradient-check figures as JSON instead of tables."),
    .flag("layers", "Run only the layered networks' checks (conv and LSTM) and stop."),
    .value(
      "write-networks", "dir",
      "Write the four benchmark networks as network files to <dir> and stop."),
  ],
  discussion: """
    Run in a release build: swift run -c release benchmarks. It takes about a minute:
    four seeded networks (2-2-2-2, 784-30-10 sigmoid, 784-100-10 ReLU + softmax +
    CCE, six tanh layers of 64 then 10 with MSE), each checked naively (estimated
    from a share of its entries), entry by entry, in full as gradcheck does, and
    with --directional 8, plus gradcheck and nn-explain as whole processes; then
    nn-explain's, nn-train's and gradcheck --exec's own figures.
    """)
// `benchmarks example …` runs backprop-example's code: the program under test of the
// gradcheck --exec benchmark, so that no other build product is needed.
if CommandLine.arguments.dropFirst().first == "example" {
  exit(ExampleProgram.main(Array(CommandLine.arguments.dropFirst(2))))
}
let console = Console.standard(environment: ProcessInfo.processInfo.environment)
let status = runCommand(spec, arguments: Array(CommandLine.arguments.dropFirst()), console: console)
{
  parsed, _ in
  guard parsed.positionals.isEmpty else {
    throw CommandError.usage("unexpected argument '\(parsed.positionals[0])'")
  }
  if let directory = parsed.value("write-networks") {
    do {
      for path in try BenchmarkNetwork.write(to: directory) { print(path) }
    } catch {
      throw CommandError(.cannotOpen, "cannot write the networks to \(directory): \(error)")
    }
    return .success
  }
  if parsed.flag("layers") {
    runLayersBenchmarks()
    return .success
  }
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("backprop-benchmarks-\(ProcessInfo.processInfo.processIdentifier)")
  defer { try? FileManager.default.removeItem(at: directory) }
  let paths: [String]
  do {
    paths = try BenchmarkNetwork.write(to: directory.path)
  } catch {
    throw CommandError(.cannotOpen, "cannot write the networks to \(directory.path): \(error)")
  }
  let benchmark = CheckBenchmark()
  let start = benchmark.processStart()
  var figures: [CheckFigures] = []
  for (network, path) in zip(BenchmarkNetwork.all, paths) {
    do {
      figures.append(try benchmark.measure(network, path: path, processStart: start))
    } catch {
      throw CommandError(.dataError, "cannot build \(network.name): \(error)")
    }
  }
  let table = BenchmarkTable(
    figures: figures, processStart: start, machine: BenchmarkTable.machineDescription,
    threads: ProcessInfo.processInfo.activeProcessorCount)
  if parsed.flag("json") {
    print(table.json.pretty)
    return .success
  }
  print(table.text)
  print()
  runLayersBenchmarks()
  runExplainBenchmarks()
  runTrainingBenchmarks()
  runExecBenchmarks()
  return .success
}
exit(status.rawValue)
