import Backprop
import TextSupport

/// The reports of `gradcheck --exec CMD --model` (protocol 2) in every format.
struct ModelSummary {
  var request: ExecRequest
  /// The report, or why the program gave none.
  var outcome: Result<ModelReport, ProgramFailure>

  var passed: Bool { (try? outcome.get())?.passed ?? false }

  /// `[2,3]` as `2x3`.
  static func shape(_ s: [Int]) -> String { s.map(String.init).joined(separator: "x") }

  /// `[0,1,2]`.
  static func index(_ i: [Int]) -> String { "[" + i.map(String.init).joined(separator: ",") + "]" }

  /// The diagnosis in words.
  static func diagnosis(_ d: TensorDiagnosis) -> String {
    switch d {
    case .sign: return "sign: the gradient is the negative of the right one"
    case .scale(let c): return "scale: the gradient is \(ExecWords.number(c)) times the right one"
    case .transpose: return "transpose: the gradient has its last two axes swapped"
    case .isolatedEntries(let entries):
      let shown = entries.prefix(5).map(index).joined(separator: ", ")
      return "isolated-entries: only \(shown)" + (entries.count > 5 ? ", ..." : "") + " wrong"
    case .unknown: return "unknown: no simple pattern (sign, scale, transpose, isolated entries)"
    }
  }

  /// One line per tensor for test reports.
  static func tensorLine(_ t: TensorReport) -> String {
    var s = "\(t.failures) of \(t.checked) entries disagree"
    if let w = t.worst, t.failures > 0 {
      s +=
        "; worst \(index(w.index)): analytic \(ExecWords.number(w.analytic)), numeric "
        + ExecWords.number(w.numeric)
    }
    if let d = t.diagnosis { s += "\n" + diagnosis(d) }
    return s
  }

  /// The text report.
  func text(style: ReportStyle) -> String {
    var lines = ["Checked the model", "  " + ExecWords.shellQuoted(request.commandLine)]
    switch outcome {
    case .failure(let f):
      lines.append(style.fail("FAILED: the program " + ExecWords.reason(f)))
      lines += ExecWords.errorTail(f).map { "  " + $0 }
    case .success(let r):
      lines += [
        "  loss \(ExecWords.number(r.loss)), \(r.requests) requests",
        "  \(r.method.name) differences, ε = \(ExecWords.number(r.epsilon)), rtol "
          + "\(ExecWords.number(r.tolerance.rtol)), atol \(ExecWords.number(r.tolerance.atol))",
      ]
      if let d = r.directional {
        lines.append(
          "  \(d.directions) random directions of up to "
            + "\(ModelCheck.entriesPerDirection) entries: \(d.failedDirections) failed")
      }
      let verdict =
        r.checked == 0
        ? "every direction agrees." : "\(r.checked - r.failures) of \(r.checked) entries agree."
      lines.append(r.passed ? style.pass("PASSED: " + verdict) : style.fail("FAILED: " + verdict))
      lines += [
        "", pad("tensor", 12) + pad("shape", 12) + pad("checked", 9) + pad("failed", 8) + "worst",
      ]
      for t in r.tensors {
        var row =
          pad(t.name, 12) + pad(ModelSummary.shape(t.shape), 12) + pad("\(t.checked)", 9)
          + pad("\(t.failures)", 8)
        if let w = t.worst {
          row +=
            ModelSummary.index(w.index) + " " + ExecWords.number(w.analytic) + " vs "
            + ExecWords.number(w.numeric)
        }
        row = String(row.reversed().drop { $0 == " " }.reversed())
        lines.append(t.failures > 0 ? style.fail(row) : row)
      }
      let diagnosed = r.tensors.compactMap { t in t.diagnosis.map { (t.name, $0) } }
      if !diagnosed.isEmpty {
        lines += ["", "Diagnosis:"]
        for (name, d) in diagnosed {
          lines += WordWrap.lines("\(name): " + ModelSummary.diagnosis(d), prefix: "  ", indent: 4)
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func pad(_ s: String, _ n: Int) -> String {
    s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
  }

  /// The Markdown report.
  func markdown() -> String {
    var out = "# gradcheck --exec --model\n\nChecked `\(request.commandLine)`.\n\n"
    switch outcome {
    case .failure(let f): out += "**FAILED:** the program " + ExecWords.reason(f) + "\n"
    case .success(let r):
      out +=
        "**\(r.passed ? "PASSED" : "FAILED"):** \(r.checked - r.failures) of \(r.checked) "
        + "entries agree (loss \(ExecWords.number(r.loss)), \(r.method.name), ε = "
        + "\(ExecWords.number(r.epsilon))).\n\n"
      out += "| tensor | shape | checked | failed | diagnosis |\n|---|---|---:|---:|---|\n"
      for t in r.tensors {
        out +=
          "| \(t.name) | \(ModelSummary.shape(t.shape)) | \(t.checked) | \(t.failures) | "
          + (t.diagnosis.map(ModelSummary.diagnosis) ?? "") + " |\n"
      }
    }
    return out
  }

  /// The JSON report.
  func json(verbose: Bool) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("command", .string(request.commandLine)), ("protocol", .number(2)),
      ("ok", .bool(passed)),
    ]
    switch outcome {
    case .failure(let f):
      members += [("failure", .string(f.kind)), ("reason", .string(ExecWords.reason(f)))]
    case .success(let r):
      members += [
        ("loss", .number(r.loss)), ("method", .string(r.method.name)),
        ("epsilon", .number(r.epsilon)), ("rtol", .number(r.tolerance.rtol)),
        ("atol", .number(r.tolerance.atol)), ("requests", .number(Double(r.requests))),
        ("checked", .number(Double(r.checked))), ("failures", .number(Double(r.failures))),
        ("directions", r.directional.map { .number(Double($0.directions)) } ?? .null),
        (
          "failedDirections",
          r.directional.map { .number(Double($0.failedDirections)) } ?? .null
        ),
        ("tensors", .array(r.tensors.map { tensorJSON($0, verbose: verbose) })),
      ]
    }
    return .object(members)
  }

  private func tensorJSON(_ t: TensorReport, verbose: Bool) -> JSONValue {
    func entry(_ e: ModelEntryCheck) -> JSONValue {
      .object([
        ("index", .array(e.index.map { .number(Double($0)) })), ("analytic", .number(e.analytic)),
        ("numeric", .number(e.numeric)), ("passed", .bool(e.passed)),
      ])
    }
    var members: [(String, JSONValue)] = [
      ("name", .string(t.name)), ("shape", .array(t.shape.map { .number(Double($0)) })),
      ("checked", .number(Double(t.checked))), ("failures", .number(Double(t.failures))),
    ]
    if let w = t.worst { members.append(("worst", entry(w))) }
    if let d = t.diagnosis {
      var diagnosis: [(String, JSONValue)] = [("cause", .string(d.name))]
      if case .scale(let c) = d { diagnosis.append(("factor", .number(c))) }
      if case .isolatedEntries(let e) = d {
        diagnosis.append(("entries", .array(e.map { .array($0.map { .number(Double($0)) }) })))
      }
      members.append(("diagnosis", .object(diagnosis)))
    }
    if verbose { members.append(("entries", .array(t.entries.map(entry)))) }
    return .object(members)
  }

  /// JUnit XML: one test case per tensor (or one for a program that gave no report).
  func junit(textReport: String) -> String {
    let cases: [(String, String?)]
    switch outcome {
    case .failure(let f): cases = [("model", "the program " + ExecWords.reason(f))]
    case .success(let r):
      cases = r.tensors.map { t in
        (
          "tensor \(t.name) (\(ModelSummary.shape(t.shape)))",
          t.failures > 0 ? ModelSummary.tensorLine(t) : nil
        )
      }
    }
    let failures = cases.filter { $0.1 != nil }.count
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<testsuites name=\"gradcheck\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\">\n"
    out +=
      "  <testsuite name=\(XML.attribute("gradcheck --exec --model " + request.commandLine)) "
      + "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\">\n"
    for (name, failure) in cases {
      out += "    <testcase classname=\"gradcheck.model\" name=\(XML.attribute(name))"
      if let failure {
        let first = failure.split(separator: "\n").first.map(String.init) ?? failure
        out +=
          ">\n      <failure message=\(XML.attribute(first))>\(XML.text(failure))</failure>\n"
          + "    </testcase>\n"
      } else {
        out += "/>\n"
      }
    }
    out +=
      "    <system-out>" + XML.text(textReport) + "</system-out>\n  </testsuite>\n</testsuites>\n"
    return out
  }

  /// Gradescope's `results.json`: one test per tensor, worth one point.
  func gradescope(textReport: String) -> JSONValue {
    var tests: [JSONValue] = []
    switch outcome {
    case .failure(let f):
      tests = [
        .object([
          ("name", .string("model")), ("score", .number(0)), ("max_score", .number(1)),
          ("status", .string("failed")), ("output", .string("the program " + ExecWords.reason(f))),
        ])
      ]
    case .success(let r):
      tests = r.tensors.map { t in
        .object([
          ("name", .string("tensor \(t.name) (\(ModelSummary.shape(t.shape)))")),
          ("score", .number(t.failures == 0 ? 1 : 0)), ("max_score", .number(1)),
          ("status", .string(t.failures == 0 ? "passed" : "failed")),
          ("output", .string(ModelSummary.tensorLine(t))),
        ])
      }
    }
    let score = tests.reduce(0.0) { s, t in
      if case .number(let x) = t["score"] { return s + x }
      return s
    }
    return .object([
      ("score", .number(score)), ("max_score", .number(Double(tests.count))),
      ("output", .string(textReport)), ("tests", .array(tests)),
    ])
  }
}
