import Backprop
import CommandLineSupport

/// The options of `gradcheck --exec`, added to gradcheck's own.
enum ExecOptions {
  /// The default number of trials.
  static let defaultTrials = 20
  /// The default time-out per run of the program, in seconds.
  static let defaultTimeout = 10.0
  /// The caps of the ranges.
  static let maximumLayers = 16
  static let maximumSize = 100
  static let maximumSamples = 100

  /// The usage lines of `--exec`.
  static let usage = [
    "--exec <command> [--trials <n>] [--seed <n>] [--layers-range <a...b>] "
      + "[--sizes-range <a...b>] [--samples-range <a...b>] [options]",
    "--exec <command> --network <file> [options]",
    "--exec <command> --model [--entries <k> | --directional <n>] [options]",
  ]

  /// What the help says about `--exec` after the exit statuses (after a blank line).
  static let discussion =
    "\n" + """
      With --exec, gradcheck runs the program on --trials random networks (each
      reads a network file on stdin and writes a gradient file on stdout), shrinks
      the first failure to the smallest network that still fails and prints the
      nn-explain command for it. Status 1 means some trial failed: wrong gradients,
      or a program that crashed, hung, wrote garbage or the wrong shape; 66 that the
      program cannot be started. Protocols: Docs/FileFormats.md.
      """

  /// The options, in help order.
  static let specs: [OptionSpec] = [
    .value(
      "exec", "command",
      "Check a backprop program: run <command> (split into words like a shell, no shell) on "
        + "random networks (protocol 1) or, with --model, as a model (protocol 2)."),
    .flag(
      "model",
      "With --exec: the program is a model with named tensors that answers requests on "
        + "stdin/stdout (protocol 2, see Docs/FileFormats.md)."),
    .value("trials", "n", "With --exec: how many random networks.", default: "\(defaultTrials)"),
    .value("layers-range", "a...b", "With --exec: weight layers per network.", default: "1...4"),
    .value("sizes-range", "a...b", "With --exec: neurons per layer.", default: "1...6"),
    .value("samples-range", "a...b", "With --exec: samples per network.", default: "1...5"),
    .value(
      "activations", "a,b,...",
      "With --exec: activations to draw from (or one with --activation).", default: "sigmoid"),
    .value(
      "costs", "a,b,...", "With --exec: costs to draw from (or one with --cost).",
      default: "quadratic"),
    .value(
      "timeout", "seconds",
      "With --exec: time allowed per run of the program (protocol 2: per "
        + "request).", default: "\(Int(defaultTimeout))"),
    .value(
      "jobs", "n",
      "With --exec: trials run side by side; results do not depend on it. "
        + "(default: the number of cores)"),
    .value(
      "save-counterexample", "file", "With --exec: write the minimal failing network there."),
    .flag("no-shrink", "With --exec: report the first failure without shrinking it."),
  ]

  /// The options that mean something only with `--exec`.
  static let execOnly = [
    "model", "trials", "layers-range", "sizes-range", "samples-range", "activations", "costs",
    "timeout", "jobs", "save-counterexample", "no-shrink",
  ]
}
