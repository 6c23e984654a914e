/// The derivation of backpropagation for one network, as a document: numbered sections
/// of paragraphs, equations, matrices, tables and notes, plus the numbers behind them.
///
/// `Derivation.explain(_:samples:options:)` builds it from the library's own objects
/// (forward and backward traces, `ChainRule`s of `Jacobian`s, `WeightGradient`s).
/// Renderers (`renderText`, `renderMarkdown`, `renderLatex`, `json`, `renderDot`) only
/// lay it out, so every format shows the same content.
public struct Derivation: Sendable {
  /// The document title.
  public var title: String
  /// A formula ending the title (the parameter of `--param`), or `nil`.
  public var titleMath: MathText? = nil
  /// The sections, in order.
  public var sections: [DerivationSection]
  /// The numbers: network, samples, traces, gradients, check.
  public var data: DerivationData
  /// How numbers print in every format but JSON (which keeps them exact).
  public var numberFormat: NumberFormat
}

/// One numbered section of the derivation.
public struct DerivationSection: Sendable {
  /// 1-based section number.
  public var number: Int
  /// The heading, for example `Forward pass`.
  public var title: String
  /// A formula ending the heading, for example the parameter `W²[1,0]` of a parameter
  /// trace, so that it is spelled as in the body (`W^2[1,0]` with `--ascii`, LaTeX in math
  /// formats).
  public var titleMath: MathText?
  /// The content.
  public var blocks: [DerivationBlock]

  /// Creates a section.
  public init(number: Int, title: String, titleMath: MathText? = nil, blocks: [DerivationBlock]) {
    self.number = number
    self.title = title
    self.titleMath = titleMath
    self.blocks = blocks
  }
}

/// A run of prose and inline math.
public enum DerivationInline: Sendable, Equatable {
  /// Prose (ASCII only, so it reads the same with `--ascii`).
  case text(String)
  /// An inline formula.
  case math(MathText)
}

/// One line of an aligned group of equations: `lhs = rhs₁ = rhs₂ …  (comment)`.
public struct DerivationEquation: Sendable, Equatable {
  /// The left-hand side.
  public var lhs: MathText
  /// Successive right-hand sides, each introduced by `=`.
  public var steps: [MathText]
  /// An optional remark printed after the equation, for example the shapes.
  public var comment: MathText?
  /// Whether the first step is an approximation (`≈`), as a finite difference is.
  public var approximate: Bool

  /// Creates a line.
  public init(
    _ lhs: MathText, _ steps: [MathText], comment: MathText? = nil, approximate: Bool = false
  ) {
    self.lhs = lhs
    self.steps = steps
    self.comment = comment
    self.approximate = approximate
  }

  /// The sign before step `n`: `≈` before the first step of an approximation, else `=`.
  public func relation(before n: Int) -> MathText {
    approximate && n == 0 ? .approx : .equals
  }
}

/// An item of a matrix display: a formula or a matrix of numbers.
public enum DerivationMatrixItem: Sendable, Equatable {
  /// A formula such as `z² =` or `+`.
  case math(MathText)
  /// A matrix of numbers.
  case matrix(Matrix)
}

/// A row of formulas and matrices printed side by side, for example `z¹ = [W¹][a⁰] + [b¹]`.
public struct DerivationMatrices: Sendable, Equatable {
  /// The items, left to right.
  public var items: [DerivationMatrixItem]
  /// Whether the matrices are summarized (corners, ellipses and norm) because they are large.
  public var summarized: Bool
  /// The entries a mistake changes (`--mistake`), row-major, by the index of the matrix in
  /// `items`; renderers mark them (a trailing `*` in text, `\boxed` in LaTeX).
  public var marks: [Int: [Bool]]

  /// Creates a display.
  public init(_ items: [DerivationMatrixItem], summarized: Bool, marks: [Int: [Bool]] = [:]) {
    self.items = items
    self.summarized = summarized
    self.marks = marks
  }
}

/// A table with a header row.
public struct DerivationTable: Sendable, Equatable {
  /// The column headings.
  public var header: [[DerivationInline]]
  /// The rows, each with one cell per heading.
  public var rows: [[[DerivationInline]]]
  /// Which columns hold numbers (right-aligned in text).
  public var numeric: [Bool]

  /// Creates a table.
  public init(header: [[DerivationInline]], rows: [[[DerivationInline]]], numeric: [Bool]) {
    self.header = header
    self.rows = rows
    self.numeric = numeric
  }
}

/// A block of a section.
public enum DerivationBlock: Sendable, Equatable {
  /// A heading inside a section.
  case subheading(String)
  /// A paragraph.
  case paragraph([DerivationInline])
  /// An aligned group of equations.
  case equations([DerivationEquation])
  /// Formulas and matrices side by side.
  case matrices(DerivationMatrices)
  /// A table.
  case table(DerivationTable)
  /// A remark set apart from the text (`Note: …`).
  case note([DerivationInline])
  /// A one-line verdict.
  case verdict(passed: Bool, [DerivationInline])
}

/// The numbers of a derivation, for the JSON and DOT renderers and for tests.
public struct DerivationData: Sendable {
  /// The network.
  public var network: Network
  /// All samples.
  public var samples: [Sample]
  /// The index of the sample traced numerically.
  public var tracedSample: Int
  /// The forward trace of every sample.
  public var forward: [ForwardTrace]
  /// The backward trace (δ's) of every sample.
  public var backward: [BackwardTrace]
  /// The gradients of the mean cost over all samples, with the mean cost.
  public var gradients: Gradients
  /// The finite-difference check.
  public var check: DerivationCheck
  /// The gradient-descent step, when one was asked for: with a mistake, the step the
  /// mistaken program takes with its own gradients.
  public var update: UpdateStep?
  /// The mistake built into the backward pass, the gradients it gives and the errors of
  /// every sample with it, when one was.
  public var mistake: (name: InjectedMistake, gradients: Gradients, backward: [BackwardTrace])? =
    nil
}

/// The result of checking gradients against central differences: gradcheck's own
/// `CheckReport` of the checked entries, with how many parameters there are and whether all
/// were checked.
public struct DerivationCheck: Sendable {
  /// The Checking library's report: entries (with their kink re-checks), step, tolerance.
  public var report: CheckReport
  /// How many parameters the network has.
  public var parameterCount: Int
  /// Whether every parameter was checked (otherwise a seeded sample).
  public var isComplete: Bool
  /// gradcheck's default atol before it was multiplied by the cost's size |C̄| > 1, `nil`
  /// when `atol` is not scaled (given explicitly, or |C̄| ≤ 1).
  public var defaultAtol: Double?
  /// How the diagnosis's sentences ask for other settings (another number of samples, say).
  public var spelling: CheckSettingSpelling = .words

  /// Creates a check from a report.
  public init(report: CheckReport, parameterCount: Int, isComplete: Bool) {
    self.report = report
    self.parameterCount = parameterCount
    self.isComplete = isComplete
  }

  /// The checked parameters, in order.
  public var entries: [EntryCheck] { report.entries }
  /// The finite-difference step.
  public var step: Double { report.epsilon }
  /// The relative tolerance.
  public var rtol: Double { report.tolerance.rtol }
  /// The absolute tolerance.
  public var atol: Double { report.tolerance.atol }

  /// Whether every checked entry passed (a kink whose re-check agrees or found no clear
  /// step passes; one whose every re-check disagrees is a failure): the report's verdict.
  public var passed: Bool { report.passed }
  /// The largest relative error over the judged entries, as the report computes it.
  public var maxRelativeError: Double { report.maxRelativeError }
  /// How many entries crossed a kink and passed (re-check ok, or no clear step): counted
  /// apart, the report's kinks.
  public var kinkCount: Int { report.kinks }
  /// How many entries crossed a kink, whatever their re-check said.
  public var crossedKinkCount: Int { entries.filter(\.outcome.crossedKink).count }
  /// How many entries failed, kinks whose re-check disagreed included: the report's
  /// failures.
  public var failureCount: Int { report.failures }
}
