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
