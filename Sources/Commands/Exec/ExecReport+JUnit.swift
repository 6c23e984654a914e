import Backprop

extension ExecSummary {
  /// JUnit XML: one test case per trial; a failing trial carries a `<failure>` whose message
  /// is the one-line outcome, and the suite's `<system-out>` holds the text report.
  func junit(textReport: String) -> String {
    let failures = result.trials.count - result.passedCount
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<testsuites name=\"gradcheck\" tests=\"\(result.trials.count)\" "
      + "failures=\"\(failures)\" errors=\"0\">\n"
    out +=
      "  <testsuite name=\(XML.attribute("gradcheck --exec " + request.commandLine)) "
      + "tests=\"\(result.trials.count)\" failures=\"\(failures)\" errors=\"0\">\n"
    for t in result.trials {
      out +=
        "    <testcase classname=\"gradcheck.exec\" name=\(XML.attribute(ExecSummary.testName(t)))"
      if t.outcome.passed {
        out += "/>\n"
        continue
      }
      let type: String
      switch t.outcome {
      case .programFailed(let f): type = f.kind
      default: type = "gradients"
      }
      out +=
        ">\n      <failure type=\"\(type)\" message=\(XML.attribute(ExecWords.outcome(t.outcome)))>"
      out += XML.text(ExecSummary.detail(t).joined(separator: "\n"))
      out += "</failure>\n    </testcase>\n"
    }
    out += "    <system-out>" + XML.text(textReport) + "</system-out>\n"
    out += "  </testsuite>\n</testsuites>\n"
    return out
  }
}

/// Escaping for XML text and attributes.
enum XML {
  /// `&`, `<` and `>` escaped; control characters XML cannot hold dropped.
  static func text(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
      default:
        if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// A quoted attribute value.
  static func attribute(_ s: String) -> String {
    "\"" + text(s).replacingQuotes + "\""
  }
}

extension String {
  fileprivate var replacingQuotes: String {
    var out = ""
    for c in self {
      switch c {
      case "\"": out += "&quot;"
      case "\n": out += "&#10;"
      default: out.append(c)
      }
    }
    return out
  }
}
