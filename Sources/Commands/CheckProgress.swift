import Backprop
import CommandLineSupport

/// Runs a check with a progress bar: the bar is made at the first report of progress (it
/// draws itself only on a terminal, and only after a second of work), never with `quiet`,
/// and is finished whether the check returns or throws.
func withCheckProgress<Result>(
  label: String, console: Console, quiet: Bool,
  _ check: (@escaping (Int, Int) -> Void) throws(GradientCheckError) -> Result
) throws(CommandError) -> Result {
  var bar: ProgressBar?
  let result: Result
  do throws(GradientCheckError) {
    result = try check { done, total in
      guard !quiet else { return }
      if bar == nil { bar = ProgressBar(console: console, label: label, total: total) }
      bar?.update(done)
    }
  } catch {
    bar?.finish()
    throw CommandError(error)
  }
  bar?.finish()
  return result
}
