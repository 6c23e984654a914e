import TextSupport

extension CommandSpec {
  /// The `--help` screen in swift-argument-parser's layout: OVERVIEW, USAGE (wrapped lines
  /// indented 7), OPTIONS with help from column 26, `(default: …)` last.
  ///
  /// Fits `width`.
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
      let helpLines = WordWrap.lines(help, width: width - 26)
      if label.count <= 23 {
        lines.append(label.padded(to: 26) + (helpLines.first ?? ""))
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

  /// The usage lines, the first after `prefix`, wrapped ones indented 9.
  private func wrap(prefix: String, indent: Int, _ items: [String], width: Int) -> [String] {
    items.enumerated().flatMap { n, item in
      let first = n == 0 ? prefix : String(repeating: " ", count: prefix.count)
      return WordWrap.lines(item, width: width, prefix: first, indent: indent + 2)
    }
  }
}
