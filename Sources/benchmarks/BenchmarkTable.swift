import Backprop
import Foundation

/// The speed table as text (one column per network) and as JSON.
struct BenchmarkTable {
  let figures: [CheckFigures]
  let processStart: Double?
  let machine: String
  let threads: Int

  /// The table, 80 columns wide.
  var text: String {
    var lines = [
      "Full central check (h = 1e-5), median times; \(machine), \(threads) threads.",
      "Ratios are to the naive check measured in this run.",
      "",
    ]
    func row(_ label: String, _ cells: [String]) {
      lines.append(
        label.padding(toLength: 24, withPad: " ", startingAt: 0)
          + cells.map { String(repeating: " ", count: max(0, 13 - $0.count)) + $0 }.joined())
    }
    func time(_ s: Double?) -> String { s.map(formatSeconds) ?? "-" }
    func ratio(_ x: Double) -> String {
      x >= 100 ? "\(Int(x.rounded()))x" : String(format: "%.1fx", x)
    }
    row("", figures.map(\.name))
    row("parameters", figures.map { "\($0.parameters)" })
    row("samples", figures.map { "\($0.samples)" })
    row("backprop alone", figures.map { time($0.backprop) })
    row("naive check (estimate)", figures.map { time($0.naive) })
    row("  from entries", figures.map { "\($0.naiveEntries)" })
    row("per-entry check", figures.map { time($0.perEntry) })
    row("  vs naive", figures.map { ratio($0.speedUp($0.perEntry)) })
    row("fast full check", figures.map { time($0.fast) })
    row("  vs naive", figures.map { ratio($0.speedUp($0.fast)) })
    row("--directional 8", figures.map { time($0.directional) })
    row("  vs naive", figures.map { ratio($0.speedUp($0.directional)) })
    row("gradcheck process", figures.map { time($0.gradcheckProcess) })
    row("  target", figures.map { time($0.target) })
    row(
      "  verdict",
      figures.map { f in
        guard let t = f.gradcheckProcess else { return "-" }
        return t <= f.target ? "ok" : "OVER"
      })
    row("nn-explain process", figures.map { time($0.explainProcess) })
    row(
      "fast vs per-entry, max",
      figures.map { NumberFormat.significant($0.largestDifference, digits: 2) })
    row("fast check passed", figures.map { $0.fastPassed ? "yes" : "NO" })
    if let processStart {
      lines.append("")
      lines.append("Process start (gradcheck --version): \(formatSeconds(processStart)).")
    }
    return lines.joined(separator: "\n")
  }

  /// The same figures as JSON (seconds).
  var json: JSONValue {
    func number(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
    return .object([
      ("machine", .string(machine)),
      ("threads", .number(Double(threads))),
      ("processStart", number(processStart)),
      (
        "networks",
        .array(
          figures.map { f in
            .object([
              ("name", .string(f.name)),
              ("parameters", .number(Double(f.parameters))),
              ("samples", .number(Double(f.samples))),
              ("backprop", .number(f.backprop)),
              ("naive", .number(f.naive)),
              ("naiveEntries", .number(Double(f.naiveEntries))),
              ("perEntry", .number(f.perEntry)),
              ("fast", .number(f.fast)),
              ("directional", .number(f.directional)),
              ("gradcheckProcess", number(f.gradcheckProcess)),
              ("gradcheckStatus", number(f.gradcheckStatus.map(Double.init))),
              ("explainProcess", number(f.explainProcess)),
              ("explainStatus", number(f.explainStatus.map(Double.init))),
              ("target", .number(f.target)),
              (
                "speedUp",
                .object([
                  ("perEntry", .number(f.speedUp(f.perEntry))),
                  ("fast", .number(f.speedUp(f.fast))),
                  ("directional", .number(f.speedUp(f.directional))),
                ])
              ),
              ("largestDifference", .number(f.largestDifference)),
              ("fastPassed", .bool(f.fastPassed)),
            ])
          })
      ),
    ])
  }

  /// The CPU model (from /proc/cpuinfo on Linux) and the operating system.
  static var machineDescription: String {
    var cpu = "unknown CPU"
    if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
      let colon = line.firstIndex(of: ":")
    {
      cpu = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores"
  }
}
