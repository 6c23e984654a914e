import Backprop
import ProgramRunner

/// Runs the program under test for the library's checks: once per network (protocol 1) or as
/// a session answering requests (protocol 2), turning every way it can fail into a
/// `ProgramFailure`.
enum ExecProgram {
  /// Runs `words` on one network file with `timeout` seconds per run.
  static func answer(words: [String], timeout: Double) -> @Sendable (NetworkFile) -> ProgramAnswer {
    { file in
      let input = Array((file.json.compact + "\n").utf8)
      let run: ProgramRun
      do throws(ProgramStartError) {
        run = try ProgramRun.run(words, input: input, timeout: timeout)
      } catch {
        return .failure(.cannotStart(program: error.program, reason: error.reason))
      }
      switch run.ending {
      case .timedOut: return .failure(.timeout(seconds: timeout))
      case .wroteTooMuch: return .failure(.tooMuchOutput(limit: ProgramRun.maximumOutput))
      case .closedOutputWithoutExiting: return .failure(.closedEarly(stderr: run.errorOutput))
      case .signaled(let s): return .failure(.signal(s, stderr: run.errorOutput))
      case .exited(let code) where code != 0:
        return .failure(.exit(code: code, stderr: run.errorOutput))
      case .exited:
        let blank = run.output.allSatisfy { $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }
        return blank ? .failure(.closedEarly(stderr: run.errorOutput)) : .output(run.output)
      }
    }
  }

  /// Checks the model `words` with `options`, one request at a time.
  static func checkModel(
    words: [String], timeout: Double, options: ModelCheckOptions,
    progress: ((Int, Int) -> Void)? = nil
  ) throws(ProgramFailure) -> ModelReport {
    let session: ProgramSession
    do throws(ProgramStartError) {
      session = try ProgramSession(words, timeout: timeout)
    } catch {
      throw .cannotStart(program: error.program, reason: error.reason)
    }
    defer { session.close() }
    return try ModelCheck.run(
      options: options,
      send: { (request: JSONValue) throws(ProgramFailure) -> JSONValue in
        let line: String
        do throws(ProgramSession.Failure) {
          line = try session.request(request.compact)
        } catch {
          switch error {
          case .timedOut: throw .timeout(seconds: timeout)
          case .closed(.exited(let code), let stderr) where code != 0:
            throw .exit(code: code, stderr: stderr)
          case .closed(.signaled(let s), let stderr): throw .signal(s, stderr: stderr)
          case .closed(_, let stderr): throw .closedEarly(stderr: stderr)
          }
        }
        return try ProgramJSON.parse(line)
      }, progress: progress)
  }
}
