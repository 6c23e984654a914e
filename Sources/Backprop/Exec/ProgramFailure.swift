/// Why a program under test gave no usable answer: each is a failed trial, never a failure of
/// the checker.
public enum ProgramFailure: Error, Equatable, Sendable {
  /// The program could not be started (not found, not executable).
  case cannotStart(program: String, reason: String)
  /// It exited with a non-zero status; with the end of its stderr.
  case exit(code: Int32, stderr: String)
  /// A signal ended it (a crash); with the end of its stderr.
  case signal(Int32, stderr: String)
  /// It did not answer within the time-out and was killed with its children.
  case timeout(seconds: Double)
  /// Its output is not JSON; with the syntax error.
  case notJSON(String)
  /// Its answer has the wrong shape or a missing or unknown field, at a JSON path.
  case wrongShape(path: String, message: String)
  /// Its answer holds NaN or an infinity at a JSON path.
  case nonFinite(path: String)
  /// It closed its stdout before answering; with the end of its stderr.
  case closedEarly(stderr: String)
  /// It answered a request of protocol 2 with an error of its own.
  case reportedError(String)
  /// It wrote more than `limit` bytes to stdout and was cut off there.
  case tooMuchOutput(limit: Int)

  /// A short identifier of the kind of failure, stable for JSON reports.
  public var kind: String {
    switch self {
    case .cannotStart: return "cannot-start"
    case .exit: return "exit"
    case .signal: return "signal"
    case .timeout: return "timeout"
    case .notJSON: return "not-json"
    case .wrongShape: return "wrong-shape"
    case .nonFinite: return "non-finite"
    case .closedEarly: return "closed-early"
    case .reportedError: return "reported-error"
    case .tooMuchOutput: return "too-much-output"
    }
  }
}

/// What a program said when it was run on one network (protocol 1).
public enum ProgramAnswer: Equatable, Sendable {
  /// It exited 0 having written this to stdout.
  case output([UInt8])
  /// It failed before giving an answer.
  case failure(ProgramFailure)
}

/// Reads a program's answer as JSON, accepting the non-standard `NaN` and `Infinity` that
/// many JSON writers (Python's among them) print, so they are reported as non-finite numbers
/// at their path rather than as a syntax error.
public enum ProgramJSON {
  /// Parses `text`.
  /// - Throws: `ProgramFailure.notJSON` or `.closedEarly` for empty output.
  public static func parse(_ text: String) throws(ProgramFailure) -> JSONValue {
    guard text.contains(where: { !$0.isWhitespace }) else { throw .closedEarly(stderr: "") }
    do {
      return try JSONValue.parse(replacingNonFinite(text))
    } catch {
      throw .notJSON(error.description)
    }
  }

  /// `text` with `NaN`, `Infinity` and `-Infinity` outside strings replaced by `1e999`,
  /// which reads as an infinite number.
  static func replacingNonFinite(_ text: String) -> String {
    guard text.contains("NaN") || text.contains("Infinity") else { return text }
    var out = ""
    var inString = false
    var escaped = false
    var rest = Substring(text)
    while let c = rest.first {
      if inString {
        if escaped {
          escaped = false
        } else if c == "\\" {
          escaped = true
        } else if c == "\"" {
          inString = false
        }
      } else if c == "\"" {
        inString = true
      } else if rest.hasPrefix("NaN") {
        out += "1e999"
        rest = rest.dropFirst(3)
        continue
      } else if rest.hasPrefix("Infinity") {
        out += "1e999"
        rest = rest.dropFirst(8)
        continue
      }
      out.append(c)
      rest = rest.dropFirst()
    }
    return out
  }

  /// The JSON path of the first non-finite number in `value` (written as `weights[0][1]`),
  /// or `nil` when every number is finite.
  static func firstNonFinite(in value: JSONValue, at path: String = "") -> String? {
    switch value {
    case .number(let x): return x.isFinite ? nil : (path.isEmpty ? "(root)" : path)
    case .array(let items):
      for (i, item) in items.enumerated() {
        if let p = firstNonFinite(in: item, at: "\(path)[\(i)]") { return p }
      }
      return nil
    case .object(let members):
      for (key, item) in members {
        if let p = firstNonFinite(in: item, at: path.isEmpty ? key : "\(path).\(key)") {
          return p
        }
      }
      return nil
    default: return nil
    }
  }
}
