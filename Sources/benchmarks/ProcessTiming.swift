import Foundation

/// Runs a release binary built next to this executable, output discarded.
struct ToolProcess {
  let binary: URL

  /// The tool `name` beside the running benchmarks binary, if it is there.
  init?(named name: String) {
    let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent(name)
    guard FileManager.default.isExecutableFile(atPath: url.path) else { return nil }
    binary = url
  }

  /// Runs the tool with `arguments` to completion.
  /// - Returns: Its exit status, or `nil` when it could not start.
  @discardableResult
  func run(_ arguments: [String]) -> Int32? {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    // `waitUntilExit()` polls its run loop every 50 ms or so, which would swamp the
    // figures; the termination handler fires as soon as the child exits.
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    do {
      try process.run()
    } catch {
      return nil
    }
    done.wait()
    return process.terminationStatus
  }

  /// The median whole-process time of `arguments` over `repeats` runs, and the exit status of
  /// the last run.
  func median(_ arguments: [String], repeats: Int) -> (seconds: Double, status: Int32?) {
    var status: Int32?
    let t = medianSeconds(repeats: repeats) { status = run(arguments) }
    return (t, status)
  }
}
