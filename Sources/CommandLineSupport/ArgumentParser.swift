import TextSupport

/// One option of a command: `--name <value>` or a flag `--name`.
public struct OptionSpec: Sendable {
  /// The long name without dashes, for example `epsilon`.
  public let name: String
  /// An optional one-letter short name, for example `v` for `-v`.
  public let short: Character?
  /// The value placeholder, for example `h` for `--epsilon <h>`; `nil` for a flag.
  public let valueName: String?
  /// One or two sentences of help.
  public let help: String
  /// The default, shown as `(default: …)`.
  public let defaultValue: String?

  /// An option that takes a value.
  public static func value(
    _ name: String, _ valueName: String, _ help: String, default defaultValue: String? = nil,
    short: Character? = nil
  ) -> OptionSpec {
    OptionSpec(
      name: name, short: short, valueName: valueName, help: help, defaultValue: defaultValue)
  }

  /// A flag.
  public static func flag(_ name: String, _ help: String, short: Character? = nil) -> OptionSpec {
    OptionSpec(name: name, short: short, valueName: nil, help: help, defaultValue: nil)
  }
}

/// What a command is: its name, overview, usage lines and options.
public struct CommandSpec: Sendable {
  /// The command name, for example `gradcheck`.
  public let name: String
  /// The version printed by `--version`.
  public let version: String
  /// One paragraph: what the command does.
  public let overview: String
  /// Usage lines after the command name, for example `--network <file> [--verbose]`.
  public let usage: [String]
  /// The options, in the order they are listed.
  public let options: [OptionSpec]
  /// Free text printed after the options (examples, exit statuses).
  public let discussion: String

  /// Creates a spec.
  ///
  /// `--help`/`-h` and `--version` are added automatically.
  public init(
    name: String, version: String, overview: String, usage: [String], options: [OptionSpec],
    discussion: String = ""
  ) {
    self.name = name
    self.version = version
    self.overview = overview
    self.usage = usage
    self.options =
      options + [
        .flag("version", "Show the version."), .flag("help", "Show help information.", short: "h"),
      ]
    self.discussion = discussion
  }

  /// The option named `name`, if any.
  func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}

/// The options given on a command line, after validation against a `CommandSpec`.
public struct ParsedArguments: Sendable {
  /// Values of value options, by long name (each may be given once).
  public private(set) var values: [String: String] = [:]
  /// Flags that were given.
  public private(set) var flags: Set<String> = []
  /// Arguments that are not options.
  public private(set) var positionals: [String] = []

  /// Parses `arguments` (without the program name).
  ///
  /// Accepts `--opt value`, `--opt=value`, `-x value`, flags, and `--` to end options.
  /// - Throws: `CommandError.usage` for an unknown option, a missing value, or a value given
  ///   to a flag.
  public init(_ arguments: [String], spec: CommandSpec) throws(CommandError) {
    var i = 0
    var optionsEnded = false
    while i < arguments.count {
      let arg = arguments[i]
      i += 1
      if optionsEnded || !arg.hasPrefix("-") || arg == "-" {
        positionals.append(arg)
        continue
      }
      if arg == "--" {
        optionsEnded = true
        continue
      }
      var name: String
      var inlineValue: String?
      if arg.hasPrefix("--") {
        name = String(arg.dropFirst(2))
        if let eq = name.firstIndex(of: "=") {
          inlineValue = String(name[name.index(after: eq)...])
          name = String(name[..<eq])
        }
      } else {
        // Short option: -v or -v value. A negative number is not an option here.
        let letters = arg.dropFirst()
        guard letters.count == 1, let letter = letters.first,
          let opt = spec.options.first(where: { $0.short == letter })
        else {
          throw .usage("unknown option '\(arg.excerpt())'")
        }
        name = opt.name
      }
      guard let opt = spec.option(named: name) else {
        throw .usage("unknown option '--\(name)'")
      }
      if opt.valueName == nil {
        guard inlineValue == nil else { throw .usage("--\(name) does not take a value") }
        flags.insert(name)
        continue
      }
      guard values[name] == nil else {
        throw .usage("--\(name) is given more than once")
      }
      if let inlineValue {
        values[name] = inlineValue
      } else {
        guard i < arguments.count else {
          throw .usage("missing value for --\(name) <\(opt.valueName ?? "value")>")
        }
        let value = arguments[i]
        // A following option is not a value, but a negative number such as -1 or -0.5,2
        // is.
        if value.hasPrefix("-") && value != "-" && !Self.looksNumeric(value) {
          throw .usage("missing value for --\(name) <\(opt.valueName ?? "value")>")
        }
        values[name] = value
        i += 1
      }
    }
  }

  private static func looksNumeric(_ text: String) -> Bool {
    let rest = text.dropFirst()
    guard let c = rest.first else { return false }
    return c.isNumber || c == "."
  }

  /// Whether the flag `name` was given.
  public func flag(_ name: String) -> Bool { flags.contains(name) }

  /// The value of `name`, if given.
  public func value(_ name: String) -> String? { values[name] }

  /// Whether `name` was given, as flag or value.
  public func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }

  /// An integer value within `range`, or `nil` when absent.
  /// - Throws: `CommandError.usage` naming the option when it is not such an integer.
  public func integer(_ name: String, in range: ClosedRange<Int>) throws(CommandError) -> Int? {
    guard let text = values[name] else { return nil }
    guard let n = Int(text), range.contains(n) else {
      throw .usage(
        "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text.excerpt())'"
      )
    }
    return n
  }

  /// A finite positive number, or `nil` when absent.
  /// - Throws: `CommandError.usage` naming the option.
  public func positiveNumber(_ name: String) throws(CommandError) -> Double? {
    let x = try number(name)
    if let x, x <= 0 { throw .usage("--\(name) must be positive, got \(values[name] ?? "")") }
    return x
  }

  /// A finite number that is zero or positive, or `nil` when absent.
  /// - Throws: `CommandError.usage` naming the option.
  public func nonNegativeNumber(_ name: String) throws(CommandError) -> Double? {
    let x = try number(name)
    if let x, x < 0 {
      throw .usage("--\(name) must be zero or positive, got \(values[name] ?? "")")
    }
    return x
  }

  private func number(_ name: String) throws(CommandError) -> Double? {
    guard let text = values[name] else { return nil }
    guard let x = Double(text), x.isFinite else {
      throw .usage("--\(name) must be a number, got '\(text.excerpt())'")
    }
    return x
  }

  /// One of `choices`, or `nil` when absent.
  /// - Throws: `CommandError.usage` listing the choices.
  public func choice(_ name: String, _ choices: [String]) throws(CommandError) -> String? {
    guard let text = values[name] else { return nil }
    guard choices.contains(text) else {
      throw .usage(
        "--\(name) must be one of \(choices.joined(separator: ", ")); got '\(text.excerpt())'")
    }
    return text
  }

  /// The case of `E` whose raw value is the value of `name`, or `nil` when absent.
  /// - Throws: `CommandError.usage` listing every case.
  public func choice<E: CaseIterable & RawRepresentable>(_ name: String, of type: E.Type)
    throws(CommandError) -> E? where E.RawValue == String
  {
    guard let text = try choice(name, E.allCases.map(\.rawValue)) else { return nil }
    return E(rawValue: text)
  }

  /// The case of `E` whose raw value is the value of `name`, or `defaultValue` when absent.
  /// - Throws: `CommandError.usage` listing every case.
  public func choice<E: CaseIterable & RawRepresentable>(_ name: String, default defaultValue: E)
    throws(CommandError) -> E where E.RawValue == String
  {
    try choice(name, of: E.self) ?? defaultValue
  }

  /// A comma-separated list of whole numbers in `range`, for example `2,2,2` or `2, 3`;
  /// spaces around a number are allowed, spaces inside one are not.
  /// - Throws: `CommandError.usage` naming the option and the bad entry.
  public func integers(_ name: String, in range: ClosedRange<Int>) throws(CommandError) -> [Int]? {
    guard let text = values[name] else { return nil }
    var out: [Int] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let trimmed = part.trimmingSpaces
      guard let n = Int(trimmed) else {
        throw .usage(
          "--\(name) must be comma-separated whole numbers such as 2,2,2; '\(trimmed.excerpt())' is not one"
        )
      }
      guard range.contains(n) else {
        throw .usage(
          "--\(name): each number must be from \(range.lowerBound) to \(range.upperBound), got \(n)"
        )
      }
      out.append(n)
    }
    return out
  }

  /// A comma-separated list of numbers, for example `0,1` or `0.5, -1`.
  /// - Throws: `CommandError.usage` naming the option and the bad entry.
  public func numbers(_ name: String) throws(CommandError) -> [Double]? {
    guard let text = values[name] else { return nil }
    var out: [Double] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let trimmed = part.trimmingSpaces
      guard let x = Double(trimmed), x.isFinite else {
        throw .usage(
          "--\(name) must be comma-separated numbers such as 0,1; '\(trimmed.excerpt())' is not a number"
        )
      }
      out.append(x)
    }
    return out
  }

  /// Rejects options that cannot be combined.
  /// - Throws: `CommandError.usage` naming both.
  public func forbid(_ a: String, with b: String) throws(CommandError) {
    if has(a) && has(b) { throw .usage("--\(a) cannot be combined with --\(b)") }
  }
}

extension Substring {
  var trimmingSpaces: String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}
