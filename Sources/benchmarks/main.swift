// Release-build benchmarks: `swift run -c release benchmarks`.
// Each part prints its figures and their ratio to a baseline measured in the same run.

print("Backprop benchmarks (release build, one core)")
print()
runGradcheckBenchmarks()
runExplainBenchmarks()
