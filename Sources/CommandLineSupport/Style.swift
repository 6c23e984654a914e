/// ANSI styles for terminal text; every function returns the text unchanged when colour
/// is off.
public struct TextStyle: Sendable {
  /// Whether to emit escape codes.
  public let enabled: Bool

  /// Creates a style that colours only when `enabled`.
  public init(enabled: Bool) { self.enabled = enabled }

  private func wrap(_ text: String, _ code: String) -> String {
    enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// Green, for passes.
  public func pass(_ text: String) -> String { wrap(text, "32") }
  /// Red, for failures.
  public func fail(_ text: String) -> String { wrap(text, "31") }
  /// Yellow, for warnings such as kinks.
  public func warn(_ text: String) -> String { wrap(text, "33") }
  /// Bold, for headings.
  public func bold(_ text: String) -> String { wrap(text, "1") }
  /// Dim, for secondary text.
  public func dim(_ text: String) -> String { wrap(text, "2") }
}

/// A progress bar on standard error, drawn only when stderr is a terminal and the work
/// has lasted longer than `delay` seconds.
public final class ProgressBar: @unchecked Sendable {
  private let console: Console
  private let label: String
  private let total: Int
  private let delay: Double
  private let start: ContinuousClock.Instant
  private var lastDrawn = -1
  private var drawn = false

  /// Creates a bar for `total` steps.
  public init(console: Console, label: String, total: Int, delay: Double = 1.0) {
    self.console = console
    self.label = label
    self.total = max(total, 1)
    self.delay = delay
    self.start = .now
  }

  /// Reports that `done` of `total` steps are finished.
  ///
  /// Cheap to call often.
  public func update(_ done: Int) {
    guard console.errorIsTerminal else { return }
    let percent = min(100, done * 100 / total)
    guard percent != lastDrawn else { return }
    let elapsed = ContinuousClock.now - start
    guard elapsed > .milliseconds(Int(delay * 1000)) else { return }
    lastDrawn = percent
    drawn = true
    let width = 30
    let filled = percent * width / 100
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    console.writeError("\r\(label) [\(bar)] \(percent)%")
  }

  /// Clears the bar, if one was drawn.
  public func finish() {
    if drawn { console.writeError("\r" + String(repeating: " ", count: label.count + 40) + "\r") }
  }
}
