/// What the two explanations set differently when their derivation blocks become Markdown
/// or LaTeX: the dense derivation (`Derivation`) and the layered explanation
/// (`LayerExplanation`) share one renderer of each format and differ only here.
struct DerivationBlockStyle: Sendable {
  /// Whether an inline formula with no LaTeX is left out, instead of set as an empty `$$`.
  var omitsEmptyMath = false
  /// How prose and subheadings are spelled before LaTeX escapes them.
  var latexProse: @Sendable (String) -> String = { $0 }

  /// The dense derivation's style: formulas kept as they are, prose as it is (ASCII
  /// already).
  static let derivation = DerivationBlockStyle()
}
