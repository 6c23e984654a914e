/// A lab read the way a student's handout is made: the lab without its folded `<details>`
/// blocks, as `sed '/^<details>/,/^<\/details>/d'` (the recipe of `Docs/Instructors.md`)
/// prints it.
///
/// A lab shows each command on a visible `Run: `…`` line and folds what the command prints
/// (*Output*) and the answer (*Answer*) in `<details>` blocks, so the handout keeps every
/// question and every command and loses the answers.
struct LabHandout {
  /// The lab's lines.
  let lab: [String]
  /// The lines the recipe keeps.
  let lines: [String]

  /// Splits `text` into lines and removes the folded blocks.
  init(_ text: String) {
    lab = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var kept: [String] = []
    var folded = false
    for line in lab {
      if !folded, line.hasPrefix("<details>") {
        folded = true
      } else if folded, line.hasPrefix("</details>") {
        folded = false
        continue
      }
      if !folded { kept.append(line) }
    }
    lines = kept
  }

  /// The prompts (lines starting `**Predict`) in `lines`.
  static func prompts(_ lines: [String]) -> [String] {
    lines.filter { $0.hasPrefix("**Predict") }
  }

  /// Whether the handout still shows `command`, on a `Run:` line (in backquotes) or as a
  /// `$ ` line of a visible block.
  func shows(_ command: String) -> Bool {
    lines.contains { $0.contains("`\(command)`") || $0 == "$ \(command)" }
  }

  /// The 1-based numbers of handout lines that open a block of printed output (a
  /// `console` or `text` fence) after a **Predict** prompt and before the next heading,
  /// prompt or **Question**: output printed under the question it answers.
  var outputUnderPrompts: [Int] {
    var found: [Int] = []
    var afterPrompt = false
    var inFence = false
    for (n, line) in lines.enumerated() {
      if inFence {
        if line.hasPrefix("```") { inFence = false }
        continue
      }
      if line.hasPrefix("```") {
        inFence = true
        if afterPrompt, line == "```console" || line == "```text" { found.append(n + 1) }
      } else if line.hasPrefix("#") || line.hasPrefix("**Question") {
        afterPrompt = false
      } else if line.hasPrefix("**Predict") {
        afterPrompt = true
      }
    }
    return found
  }

  /// The 1-based numbers of lab lines where a folded block is badly formed: `<details>`
  /// inside another (the recipe would stop at the inner end), or an opening or closing
  /// line without a blank line inside it (GitHub then shows the Markdown in the block as
  /// raw text).
  var malformedFolds: [Int] {
    var found: [Int] = []
    var open = false
    for (n, line) in lab.enumerated() {
      if line.hasPrefix("<details>") {
        let next = n + 1 < lab.count ? lab[n + 1] : ""
        if open || !next.isEmpty { found.append(n + 1) }
        open = true
      } else if line.hasPrefix("</details>") {
        if !open || n == 0 || !lab[n - 1].isEmpty { found.append(n + 1) }
        open = false
      }
    }
    if open { found.append(lab.count) }
    return found
  }
}
