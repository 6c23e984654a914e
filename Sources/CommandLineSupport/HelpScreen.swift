extension CommandSpec {
  /// The `--help` screen in swift-argument-parser's layout: OVERVIEW, USAGE (wrapped lines
  /// indented 7), OPTIONS with help from column 26, `(default: …)` last. Fits `width`.
  public func helpScreen(width: Int = 80) -> String {
    var lines = ["OVERVIEW: " + overview, ""]
    lines += wrap(prefix: "USAGE: ", indent: 7, usage.map { "\(name) \($0)" }, width: width)
    lines += ["", "OPTIONS:"]
    for opt in options {
      var label = "  "
      if let s = opt.short { label += "-\(s), " }
      label += "--\(opt.name)"
      if let v = opt.valueName { label += " <\(v)>" }
      var help = opt.help
      if let d = opt.defaultValue { help += " (default: \(d))" }
      let helpLines = HelpScreen.wrap(help, width: width - 26)
      if label.count <= 23 {
        lines.append(label.padding(to: 26) + (helpLines.first ?? ""))
      } else {
        lines.append(label)
        lines.append(String(repeating: " ", count: 26) + (helpLines.first ?? ""))
      }
      for more in helpLines.dropFirst() { lines.append(String(repeating: " ", count: 26) + more) }
    }
    if !discussion.isEmpty {
      lines +=
        [""] + discussion.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The usage line(s) printed after a usage error.
  public var usageText: String {
    wrap(prefix: "Usage: ", indent: 7, usage.map { "\(name) \($0)" }, width: 80).joined(
      separator: "\n")
  }

  private func wrap(prefix: String, indent: Int, _ items: [String], width: Int) -> [String] {
    var out: [String] = []
    for (n, item) in items.enumerated() {
      let first = n == 0 ? prefix : String(repeating: " ", count: prefix.count)
      let words = item.split(separator: " ").map(String.init)
      var line = first
      var lineHasWord = false
      for w in words {
        if lineHasWord && line.count + 1 + w.count > width {
          out.append(line)
          line = String(repeating: " ", count: indent + 2) + w
        } else {
          line += (lineHasWord ? " " : "") + w
        }
        lineHasWord = true
      }
      out.append(line)
    }
    return out
  }
}

/// Text-wrapping helpers.
public enum HelpScreen {
  /// Splits `text` into lines of at most `width` characters at spaces; the first line
  /// may have its own width. A word longer than the width gets a line of its own.
  public static func wrap(_ text: String, width: Int, firstLineWidth: Int? = nil) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      let limit = lines.isEmpty ? firstLineWidth ?? width : width
      if !line.isEmpty && line.count + 1 + word.count > limit {
        lines.append(line)
        line = String(word)
      } else {
        line += (line.isEmpty ? "" : " ") + word
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}

extension String {
  /// The string padded with spaces to `width` characters (never truncated).
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
