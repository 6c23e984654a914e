import Foundation
import ProgramRunner
import TestSupport
import XCTest

final class ProgramRunTests: XCTestCase {
  private var directory: TemporaryDirectory?

  override func setUpWithError() throws { directory = try TemporaryDirectory("program-run") }

  override func tearDown() { directory?.remove() }

  /// Whether process `pid` is still running (gone, or a zombie of someone else, is not).
  private func isRunning(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
      return kill(pid, 0) == 0
    }
    let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
    return fields.first.map { $0 != "Z" && $0 != "X" } ?? false
  }

  /// No child of ours is left unreaped.
  private func assertNoZombie(file: StaticString = #filePath, line: UInt = #line) {
    var status: Int32 = 0
    XCTAssertLessThanOrEqual(
      waitpid(-1, &status, WNOHANG), 0, "a child was left unreaped", file: file, line: line)
  }

  func testEchoesInputBesideItsErrorOutput() throws {
    let input = [UInt8](repeating: UInt8(ascii: "x"), count: 300_000) + [10]
    let run = try ProgramRun.run(["sh", "-c", "echo oops >&2; cat"], input: input, timeout: 20)
    XCTAssertEqual(run.ending, .exited(0))
    XCTAssertEqual(run.output, input, "a large input is written while the output is read")
    XCTAssertEqual(run.errorOutput, "oops\n")
    assertNoZombie()
  }

  func testReportsExitStatusAndSignal() throws {
    XCTAssertEqual(
      try ProgramRun.run(["sh", "-c", "exit 7"], input: [], timeout: 20).ending, .exited(7))
    XCTAssertEqual(
      try ProgramRun.run(["sh", "-c", "kill -SEGV $$"], input: [], timeout: 20).ending,
      .signaled(11))
    assertNoZombie()
  }

  func testTimeOutKillsTheProgramAndItsChildren() throws {
    let pidFile = try XCTUnwrap(directory).url.appendingPathComponent("child.pid").path
    let run = try ProgramRun.run(
      ["sh", "-c", "sleep 30 & echo $! > '\(pidFile)'; wait"], input: [], timeout: 0.5)
    XCTAssertEqual(run.ending, .timedOut)
    let text = try String(contentsOfFile: pidFile, encoding: .utf8)
    let child = try XCTUnwrap(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    usleep(100_000)
    XCTAssertFalse(isRunning(child), "the program's child outlived the time-out")
    assertNoZombie()
  }

  func testABackgroundChildHoldingTheOutputDoesNotHoldTheRun() throws {
    let pidFile = try XCTUnwrap(directory).url.appendingPathComponent("bg.pid").path
    let run = try ProgramRun.run(
      ["sh", "-c", "sleep 30 & echo $! > '\(pidFile)'; echo done"], input: [], timeout: 25)
    XCTAssertEqual(run.ending, .exited(0), "the run ended with the program, not at the time-out")
    XCTAssertEqual(String(decoding: run.output, as: UTF8.self), "done\n")
    let child = try XCTUnwrap(
      Int32(
        try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(
          in: .whitespacesAndNewlines)))
    usleep(100_000)
    XCTAssertFalse(isRunning(child), "a child left in the program's group was not killed")
  }

  func testAProgramThatClosesItsOutputAndStaysIsKilledAfterTheGrace() throws {
    // The time-out is far longer than the grace: waiting for it would report a time-out.
    let run = try ProgramRun.run(
      ["sh", "-c", "exec >&-; echo closing >&2; sleep 60"], input: [], timeout: 120)
    XCTAssertEqual(run.ending, .closedOutputWithoutExiting)
    XCTAssertEqual(run.errorOutput, "closing\n")
  }

  func testAProgramThatWritesTooMuchIsCutOffAtTheLimit() throws {
    let run = try ProgramRun.run(["yes", "0.5"], input: [], timeout: 120)
    XCTAssertEqual(run.ending, .wroteTooMuch)
    XCTAssertGreaterThan(run.output.count, ProgramRun.maximumOutput)
    XCTAssertLessThanOrEqual(run.output.count, ProgramRun.maximumOutput + 65_536)
  }

  func testAMissingProgramIsAStartError() {
    XCTAssertThrowsError(
      try ProgramRun.run(["no-such-program-for-gradcheck"], input: [], timeout: 5)
    ) {
      XCTAssertEqual(($0 as? ProgramStartError)?.code, ENOENT)
    }
  }

  func testSessionAnswersLineByLineAndReportsAnEarlyClose() throws {
    let session = try ProgramSession(
      ["sh", "-c", "read a; echo \"got $a\"; read b; exit 4"], timeout: 20)
    XCTAssertEqual(try session.request("one"), "got one")
    XCTAssertThrowsError(try session.request("two")) {
      XCTAssertEqual($0 as? ProgramSession.Failure, .closed(.exited(4), errorOutput: ""))
    }
    session.close()
    assertNoZombie()
  }
}
