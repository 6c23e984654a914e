import BackpropExample
import CommandLineSupport
import Commands
import Foundation

// Release-build benchmarks: `swift run -c release benchmarks`.
// Each part prints its figures and their ratio to a baseline measured in the same run.

let spec = CommandSpec(
  name: "benchmarks", version: toolkitVersion,
  overview: "Time gradcheck, nn-explain and nn-train against baselines from the same run.",
  usage: [""], options: [],
  discussion: """
    Run in a release build: swift run -c release benchmarks. It takes about half a
    minute, most of it the naive baseline (a full forward pass per perturbation).
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
  print("Backprop benchmarks (release build, one core)")
  print()
  runGradcheckBenchmarks()
  runLayersBenchmarks()
  runExplainBenchmarks()
  runTrainingBenchmarks()
  runExecBenchmarks()
  return .success
}
exit(status.rawValue)
