#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The median wall-clock time of `body` over `repeats` runs, after one warm-up run.
func medianSeconds(repeats: Int = 5, _ body: () -> Void) -> Double {
  body()
  var times: [Double] = []
  for _ in 0..<max(repeats, 1) {
    let start = ContinuousClock.now
    body()
    let d = ContinuousClock.now - start
    times.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
  }
  times.sort()
  return times[times.count / 2]
}

/// The median wall-clock and CPU times of `body` over `repeats` runs, after a warm-up run.
///
/// CPU time is this process's, all threads, from `clock_gettime(CLOCK_PROCESS_CPUTIME_ID)`.
/// CPU time does not count the time other programs hold the cores, so a
/// target judged on it holds on a loaded machine.
func medianWallAndCPUSeconds(repeats: Int = 5, _ body: () -> Void) -> (wall: Double, cpu: Double) {
  body()
  var walls: [Double] = []
  var cpus: [Double] = []
  for _ in 0..<max(repeats, 1) {
    let start = ContinuousClock.now
    let cpuStart = processCPUSeconds()
    body()
    cpus.append(processCPUSeconds() - cpuStart)
    let d = ContinuousClock.now - start
    walls.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
  }
  walls.sort()
  cpus.sort()
  return (walls[walls.count / 2], cpus[cpus.count / 2])
}

/// The CPU time this process has used so far, in seconds.
func processCPUSeconds() -> Double {
  var t = timespec()
  guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) == 0 else { return .nan }
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// A duration in readable units: `183 ms`, `2.41 s`, `412 µs`.
func formatSeconds(_ s: Double) -> String {
  if s >= 1 { return String(Int((s * 100).rounded())).insertingDecimal(2) + " s" }
  if s >= 1e-3 { return String(Int((s * 1e3).rounded())) + " ms" }
  return String(Int((s * 1e6).rounded())) + " µs"
}

extension String {
  fileprivate func insertingDecimal(_ places: Int) -> String {
    let padded = count <= places ? String(repeating: "0", count: places - count + 1) + self : self
    let cut = padded.index(padded.endIndex, offsetBy: -places)
    return padded[..<cut] + "." + padded[cut...]
  }
}
