import Backprop
import Foundation

/// The words for the typed results of `gradcheck --exec`, shared by every format.
enum ExecWords {
  /// One line saying why a program gave no usable answer.
  static func reason(_ f: ProgramFailure) -> String {
    switch f {
    case .cannotStart(let program, let reason): return "cannot start '\(program)': \(reason)"
    case .exit(let code, let stderr):
      return "exited with status \(code)" + lastLine(stderr).map { ": \($0)" }.orEmpty
    case .signal(let s, let stderr):
      return "killed by signal \(s)" + lastLine(stderr).map { ": \($0)" }.orEmpty
    case .timeout(let seconds):
      return "no answer within \(JSONValue.format(seconds)) s; killed with its child processes"
    case .notJSON(let error): return "output is not JSON (\(error))"
    case .wrongShape(let path, let message): return "wrong shape at \(path): \(message)"
    case .nonFinite(let path): return "NaN or infinity at \(path)"
    case .closedEarly(let stderr):
      return "closed its output without an answer" + lastLine(stderr).map { ": \($0)" }.orEmpty
    case .reportedError(let message): return "reported an error: \(shortened(message, 60))"
    case .tooMuchOutput(let limit): return "wrote more than \(limit >> 20) MB; cut off"
    }
  }

  /// The last non-empty line of `stderr`, shortened to 50 characters.
  static func lastLine(_ stderr: String) -> String? {
    stderr.split(whereSeparator: \.isNewline).last.map { shortened(String($0), 50) }
  }

  /// `text` cut to `n` characters with an ellipsis.
  static func shortened(_ text: String, _ n: Int) -> String {
    let t = text.trimmingCharacters(in: .whitespaces)
    return t.count <= n ? t : String(t.prefix(n - 3)) + "..."
  }

  /// The last lines of stderr (at most `count`, each at most 76 characters).
  static func errorTail(_ f: ProgramFailure, count: Int = 5) -> [String] {
    let stderr: String
    switch f {
    case .exit(_, let s), .signal(_, let s), .closedEarly(let s): stderr = s
    default: return []
    }
    return stderr.split(whereSeparator: \.isNewline).suffix(count).map {
      shortened(String($0), 76)
    }
  }

  /// `2,3,1 sigmoid/tanh quadratic, 2 samples`: sizes, hidden/output activation, cost.
  static func network(_ file: NetworkFile) -> String {
    let n = file.network
    let hidden = n.depth > 1 ? n.activations[0].name + "/" : ""
    let count = file.samples.count
    return n.sizes.map(String.init).joined(separator: ",") + " " + hidden
      + n.activations[n.depth - 1].name + " " + n.cost.name + ", \(count) sample"
      + (count == 1 ? "" : "s")
  }

  /// What a trial's outcome was, in one line.
  static func outcome(_ o: TrialOutcome) -> String {
    switch o {
    case .passed(let r): return "passed (\(r.parametersChecked) entries)"
    case .failed(let r):
      return "gradients disagree at \(r.failures) of \(r.parametersChecked) entries"
    case .programFailed(let f): return reason(f)
    }
  }

  /// The worst failing entry of a report.
  static func worst(_ r: CheckReport) -> String? {
    guard
      let w = r.failedEntries.max(by: {
        r.tolerance.excess($0.analytic, $0.numeric) < r.tolerance.excess($1.analytic, $1.numeric)
      })
    else { return nil }
    return "worst \(w.index): analytic \(number(w.analytic)), numeric \(number(w.numeric))"
  }

  /// A number in at most 6 significant digits.
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "inf" : "-inf") }
    var s = String(format: "%.6g", x)
    if s == "-0" { s = "0" }
    return s
  }

  /// One shrink step.
  static func step(_ s: ShrinkStep) -> String {
    switch s {
    case .removedLayer(let l):
      let n = Notation.unicode
      return
        "removed hidden layer \(l) (\(n.superscript("W", l + 1)) \(n.superscript("W", l)) merged)"
    case .removedNeuron(let l, let j):
      return "removed neuron \(j) of " + (l == 0 ? "the input layer" : "layer \(l)")
    case .removedSample(let s): return "removed sample \(s)"
    case .roundedAll(let d): return "rounded every number to \(d) decimal" + (d == 1 ? "" : "s")
    case .simplified(let location, let from, let to):
      return "\(ExecWords.location(location)): \(number(from)) -> \(number(to))"
    }
  }

  /// `W2[0,1]`, `b1[0]`, `input 1 of sample 0`.
  static func location(_ l: NumberLocation) -> String {
    switch l {
    case .weight(let layer, let r, let c):
      return ParameterIndex(layer: layer, kind: .weight(row: r, column: c), columns: c + 1).name()
    case .bias(let layer, let r):
      return ParameterIndex(layer: layer, kind: .bias(row: r), columns: 1).name()
    case .input(let s, let i): return "sample \(s) input[\(i)]"
    case .target(let s, let i): return "sample \(s) target[\(i)]"
    }
  }

  /// The steps for a summary: structural ones one by one, number simplifications counted.
  static func stepSummary(_ steps: [ShrinkStep], verbose: Bool) -> [String] {
    if verbose { return steps.map(step) }
    var lines: [String] = []
    var simplified = 0
    for s in steps {
      if case .simplified = s {
        simplified += 1
      } else {
        lines.append(step(s))
      }
    }
    if simplified > 0 {
      lines.append("replaced \(simplified) number\(simplified == 1 ? "" : "s") by simpler ones")
    }
    return lines
  }

  /// The names of the diagnosis' findings, such as `sign` or `scale (factor 2)`.
  static func causes(_ r: CheckReport) -> [String] {
    r.diagnosis.map { f in
      f.cause.rawValue + (f.factor.map { " (factor \(number($0)))" } ?? "")
    }
  }

  /// A word quoted for a POSIX shell when it needs it.
  static func shellQuoted(_ word: String) -> String {
    let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
    return safe && !word.isEmpty
      ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// The `nn-explain` command that derives the minimal network correctly.
  static func explainCommand(savePath: String?) -> String {
    "nn-explain --network " + shellQuoted(savePath ?? "counterexample.json")
  }
}

extension Optional where Wrapped == String {
  fileprivate var orEmpty: String { self ?? "" }
}
