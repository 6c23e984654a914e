/// What the two explanations set differently when their derivation blocks become Markdown
/// or LaTeX: the dense derivation (`Derivation`) and the layered explanation
/// (`LayerExplanation`) share one renderer of each format and differ only here.
struct DerivationBlockStyle: Sendable {
  /// Whether an inline formula with no LaTeX is left out, instead of set as an empty `$$`.
  var omitsEmptyMath = false
  /// How prose and subheadings are spelled before LaTeX escapes them.
  var latexProse: @Sendable (String) -> String = { $0 }
  /// Whether a LaTeX table of more than `TexLayout.rowsPerTable` rows is split into several
  /// `tabular`s, so that it can cross pages.
  var splitsLongTables = true

  /// The dense derivation's style: formulas kept as they are, prose as it is (ASCII
  /// already), long tables split.
  static let derivation = DerivationBlockStyle()
}
