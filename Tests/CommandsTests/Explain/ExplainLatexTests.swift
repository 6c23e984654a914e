import CommandLineSupport
import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// The LaTeX and Markdown formats: `\\text{}` contents escaped, braces balanced, displays
/// broken or shrunk to fit the page, long tables split.
final class ExplainLatexTests: ExplainCommandTestCase {
  /// The contents of every `\text{…}` in `s`, braces matched.
  func textArguments(_ s: String) -> [String] {
    var out: [String] = []
    let chars = Array(s)
    let key = Array("\\text{")
    var i = 0
    while i + key.count <= chars.count {
      if Array(chars[i..<(i + key.count)]) == key {
        var depth = 1
        var j = i + key.count
        var content = ""
        while j < chars.count && depth > 0 {
          if chars[j] == "\\" && j + 1 < chars.count {
            content.append(chars[j])
            content.append(chars[j + 1])
            j += 2
            continue
          }
          if chars[j] == "{" { depth += 1 }
          if chars[j] == "}" { depth -= 1 }
          if depth > 0 { content.append(chars[j]) }
          j += 1
        }
        out.append(content)
        i = j
      } else {
        i += 1
      }
    }
    return out
  }

  /// Whether `s` has a LaTeX special character outside an escape sequence.
  func hasUnescapedSpecial(_ s: String) -> Bool {
    var rest = s
    for escape in [
      "\\textbackslash{}", "\\textgreater{}", "\\textless{}", "\\^{}", "\\~{}", "\\_", "\\&",
      "\\%", "\\#", "\\$", "\\{", "\\}",
    ] {
      rest = rest.replacingOccurrences(of: escape, with: "")
    }
    return rest.contains { "_^&%#$~\\{}".contains($0) }
  }

  /// Braces balance once escaped braces are removed, and never go negative.
  func bracesBalance(_ s: String) -> Bool {
    let t = s.replacingOccurrences(of: "\\{", with: "").replacingOccurrences(of: "\\}", with: "")
    var depth = 0
    for c in t {
      if c == "{" { depth += 1 }
      if c == "}" { depth -= 1 }
      if depth < 0 { return false }
    }
    return depth == 0
  }

  func testLatexAndMarkdownTextArgumentsAreEscaped() {
    let configs: [[String]] = [
      ["--layers", "2,2,2"],
      ["--layers", "3,4,3", "--cost", "categorical-cross-entropy"],
      ["--layers", "2,3,3", "--activation", "softmax"],
      ["--layers", "2,3,2", "--activation", "relu", "--samples", "2", "--param", "W1[0,1]"],
      ["--layers", "2,2", "--cost", "cross-entropy", "--precision", "2"],
    ]
    for args in configs {
      for format in ["latex", "markdown"] {
        let r = run(args + ["--format", format])
        XCTAssertNotEqual(r.status, 64, "\(args) \(format): \(r.err)")
        let texts = textArguments(r.out)
        XCTAssertFalse(texts.isEmpty, "\(args) \(format) has no \\text{}")
        for t in texts {
          XCTAssertFalse(hasUnescapedSpecial(t), "\(args) \(format): \\text{\(t)}")
        }
        if format == "latex" {
          XCTAssertTrue(bracesBalance(r.out), "\(args): unbalanced braces")
          for env in ["align*", "bmatrix", "tabular", "center"] {
            XCTAssertEqual(
              r.out.components(separatedBy: "\\begin{\(env)}").count,
              r.out.components(separatedBy: "\\end{\(env)}").count, "\(args): \(env)")
          }
        }
      }
    }
  }

  func testEscapeOfWords() {
    XCTAssertEqual(
      MathText.words("a_i & 50% #1 $x {y} ~ ^").latex,
      "\\text{a\\_i \\& 50\\% \\#1 \\$x \\{y\\} \\~{} \\^{}}")
  }

  /// A crude count of the visible characters of one line of LaTeX math, written apart from
  /// the renderer's width estimate: a matrix counts as its widest row, `\left`, `\right`
  /// and sizes count nothing, any other command one character, braces, scripts marks,
  /// alignment marks and spaces nothing.
  static func visibleLength(_ line: String) -> Int {
    var s = line
    while let begin = s.range(of: "\\begin{bmatrix}"),
      let end = s.range(of: "\\end{bmatrix}", range: begin.upperBound..<s.endIndex)
    {
      let body = String(s[begin.upperBound..<end.lowerBound])
      let rows = body.components(separatedBy: "\\\\")
      let widest = rows.max { visibleLength($0) < visibleLength($1) } ?? ""
      s.replaceSubrange(begin.lowerBound..<end.upperBound, with: "[" + widest + "]")
    }
    var count = 0
    var chars = Array(s)[...]
    while let c = chars.first {
      chars = chars.dropFirst()
      if c == "\\" {
        let name = String(chars.prefix { $0.isLetter })
        chars = chars.dropFirst(max(name.count, 1))
        if !["left", "right", "bigl", "bigr", "text", "mathrm", "quad", "qquad", "frac"]
          .contains(name)
        {
          count += 1
        }
        continue
      }
      if "{}^_& ".contains(c) { continue }
      count += 1
    }
    return count
  }

  /// The lines inside `align*` displays that are set at normal size, and the number of
  /// displays set smaller.
  static func displayLines(_ latex: String) -> (lines: [String], shrunk: Int) {
    var lines: [String] = []
    var shrunk = 0
    var inside = false
    var previous = ""
    for line in latex.split(separator: "\n").map(String.init) {
      if line == "\\begin{align*}" {
        inside = true
        if previous.hasPrefix("{\\") {
          shrunk += 1
          inside = false
        }
      } else if line == "\\end{align*}" {
        inside = false
      } else if inside {
        lines.append(line)
      }
      previous = line
    }
    return (lines, shrunk)
  }

  func testLatexDisplaysAreBrokenToFitThePage() throws {
    let r = run([
      "--layers", "3,4,3", "--output-activation", "softmax", "--cost",
      "categorical-cross-entropy", "--format", "latex",
    ])
    XCTAssertEqual(r.status, 0, r.err)
    let (lines, shrunk) = Self.displayLines(r.out)
    XCTAssertFalse(lines.isEmpty)
    // 345pt of text width at about 5pt a character: at most ~62 visible characters.
    let widest = lines.max { Self.visibleLength($0) < Self.visibleLength($1) } ?? ""
    XCTAssertLessThanOrEqual(Self.visibleLength(widest), 62, widest)
    XCTAssertEqual(shrunk, 0, "every display of this network fits by line breaks alone")
    // δ¹'s index lines are broken after a + with an indented continuation, and a
    // \left … \right pair never spans two lines.
    XCTAssertTrue(lines.contains { $0.hasPrefix("&\\quad + ") }, r.out)
    for line in lines {
      XCTAssertEqual(
        line.components(separatedBy: "\\left").count, line.components(separatedBy: "\\right").count,
        line)
    }
    // The value of each δ¹ⱼ still ends its equation.
    XCTAssertTrue(lines.contains("&= 0.0558219 \\\\") || lines.contains("&= 0.0558219"), r.out)
    // Prose is set sloppy and long displays may break across pages, inside a group.
    XCTAssertTrue(r.out.contains("\\begingroup\\sloppy\\allowdisplaybreaks\n"), r.out)
    XCTAssertTrue(r.out.hasSuffix("\\par\\endgroup\n"))
  }

  func testLatexMatricesWiderThanThePageAreSmallerOrSummarized() throws {
    let r = run([
      "--layers", "3,8,8,4", "--output-activation", "softmax", "--cost",
      "categorical-cross-entropy", "--format", "latex",
    ])
    XCTAssertEqual(r.status, 0, r.err)
    let (lines, _) = Self.displayLines(r.out)
    // At normal size: nothing wider than the page.
    for line in lines {
      XCTAssertLessThanOrEqual(Self.visibleLength(line), 62, line)
    }
    // An 8×8 matrix (eight columns of ~9 characters) is summarized, as in the text.
    XCTAssertTrue(r.out.contains("_{8\\times 8,\\ \\lVert\\cdot\\rVert = "), r.out)
  }

  func testLongLatexTablesAreSplit() throws {
    let path = try networkFile(Self.zeroRelu, "zero-latex")
    let r = run(["--network", path, "--format", "latex"])
    let tabulars = r.out.components(separatedBy: "\\begin{tabular}").dropFirst()
    let checkTables = tabulars.filter { $0.contains("central diff.") }
    XCTAssertGreaterThan(checkTables.count, 1, r.out)
    var rows = 0
    for t in checkTables {
      let body = t.components(separatedBy: "\\end{tabular}")[0]
      let n = body.components(separatedBy: " \\\\").count - 2  // minus header and tail
      XCTAssertLessThanOrEqual(n, 30, body)
      rows += n
    }
    let file = try NetworkFile(json: Self.zeroRelu)
    XCTAssertEqual(rows, file.network.parameterCount)
  }
}
