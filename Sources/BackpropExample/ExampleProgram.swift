import Backprop
import Foundation

/// `backprop-example`: a student's backprop program for `gradcheck --exec`.
///
/// It speaks protocol 1 (a network file on stdin, its gradient file on stdout), or, with
/// `--model`, protocol 2 (a convolution layer answering requests line by line).
/// `--bug NAME` makes one classic mistake.
public enum ExampleProgram {
  /// The help screen.
  public static let help = """
    OVERVIEW: An example backprop program for gradcheck --exec.

    USAGE: backprop-example [--bug <name>] < network.json > gradients.json
           backprop-example --model [--channels <n>] [--bug <name>]

    OPTIONS:
      --bug <name>        Make a mistake:
    \(wrapped(ExampleBug.allCases.map(\.rawValue)))
                          With --model:
    \(wrapped(ModelExampleBug.allCases.map(\.rawValue)))
      --model             Speak protocol 2 as a 3x3 convolution layer.
      --channels <n>      Channels in and out of the convolution (default: 1).
      --version           Show the version.
      -h, --help          Show help information.

    """

  /// The version `--version` prints.
  public static let version = "0.1.0"

  /// `names`, comma-separated, in lines of at most 80 columns indented by 22 spaces.
  static func wrapped(_ names: [String]) -> String {
    let indent = String(repeating: " ", count: 22)
    var lines: [String] = []
    var line = indent
    for (i, name) in names.enumerated() {
      let word = name + (i + 1 < names.count ? "," : ".")
      if line.count > indent.count && line.count + 1 + word.count > 80 {
        lines.append(line)
        line = indent
      }
      line += (line.count > indent.count ? " " : "") + word
    }
    lines.append(line)
    return lines.joined(separator: "\n")
  }

  /// Runs the program with `arguments` (without the program name); returns the exit status.
  public static func main(_ arguments: [String]) -> Int32 {
    var bugName: String?
    var model = false
    var channels = 1
    var rest = arguments[...]
    while let a = rest.popFirst() {
      switch a {
      case "--bug":
        guard let name = rest.popFirst(), !name.hasPrefix("-") else {
          FileHandle.standardError.write(Data("backprop-example: --bug needs a name\n".utf8))
          return 64
        }
        bugName = name
      case "--version":
        print(version)
        return 0
      case "--model": model = true
      case "--channels": channels = rest.popFirst().flatMap { Int($0) } ?? 0
      case "-h", "--help":
        print(help, terminator: "")
        return 0
      default:
        FileHandle.standardError.write(Data("backprop-example: unknown argument \(a)\n".utf8))
        return 64
      }
    }
    guard channels >= 1 && channels <= 1000 else {
      FileHandle.standardError.write(Data("backprop-example: --channels must be 1...1000\n".utf8))
      return 64
    }
    if model {
      var modelBug: ModelExampleBug?
      if let name = bugName {
        guard let b = ModelExampleBug(rawValue: name) else { return unknownBug(name) }
        modelBug = b
      }
      ExampleModel(channels: channels, bug: modelBug).serve()
      return 0
    }
    var bug: ExampleBug?
    if let name = bugName {
      guard let b = ExampleBug(rawValue: name) else { return unknownBug(name) }
      bug = b
    }
    let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    switch bug {
    case .crashDeep where layerCount(input) >= 4:
      FileHandle.standardError.write(Data("Fatal error: Index out of range\n".utf8))
      return 3
    case .crash:
      FileHandle.standardError.write(Data("Fatal error: Index out of range\n".utf8))
      return 3
    case .hang:
      while true { sleep(60) }
    case .garbage:
      print("gradients: hello, grader!")
      return 0
    default: break
    }
    guard let output = answer(input, bug: bug) else {
      FileHandle.standardError.write(Data("backprop-example: cannot read the network\n".utf8))
      return 65
    }
    print(output)
    return 0
  }

  /// How many layers (neurons' layers, input included) the network file `text` lists.
  static func layerCount(_ text: String) -> Int {
    guard let root = try? JSONValue.parse(text), case .array(let layers) = root["layers"] else {
      return 0
    }
    return layers.count
  }

  private static func unknownBug(_ name: String) -> Int32 {
    FileHandle.standardError.write(Data("backprop-example: unknown bug \(name)\n".utf8))
    return 64
  }

  /// The gradient file (compact JSON) for the network file `text`, made with `bug`.
  ///
  /// Returns `nil` when `text` is not a network file. Crash, hang and garbage are made by
  /// `main`, not here.
  public static func answer(_ text: String, bug: ExampleBug?) -> String? {
    guard let root = try? JSONValue.parse(text),
      case .array(let layerValues) = root["layers"],
      case .array(let activationValues) = root["activations"],
      case .string(let cost) = root["cost"],
      case .array(let sampleValues) = root["samples"],
      let weights = root["weights"].flatMap(numbers3),
      let biases = root["biases"].flatMap(numbers2)
    else { return nil }
    let sizes = layerValues.compactMap { v -> Int? in
      if case .number(let x) = v { return Int(x) }
      return nil
    }
    let activations = activationValues.compactMap { v -> String? in
      if case .string(let s) = v { return s }
      return nil
    }
    let samples = sampleValues.compactMap { s -> (input: [Double], target: [Double])? in
      guard let i = s["input"].flatMap(numbers1), let t = s["target"].flatMap(numbers1) else {
        return nil
      }
      return (i, t)
    }
    let network = ExampleNetwork(
      sizes: sizes, activations: activations, cost: cost, weights: weights, biases: biases)
    let (gw, gb) = network.gradients(samples: samples, bug: bug)
    let json = JSONValue.object([
      ("weights", .array(gw.map { .array($0.map { .array($0.map { .number($0) }) }) })),
      ("biases", .array(gb.map { .array($0.map { .number($0) }) })),
    ])
    return json.compact
  }

  static func numbers1(_ v: JSONValue) -> [Double]? {
    guard case .array(let items) = v else { return nil }
    let xs = items.compactMap { item -> Double? in
      if case .number(let x) = item { return x }
      return nil
    }
    return xs.count == items.count ? xs : nil
  }

  static func numbers2(_ v: JSONValue) -> [[Double]]? {
    guard case .array(let items) = v else { return nil }
    let xs = items.compactMap(numbers1)
    return xs.count == items.count ? xs : nil
  }

  static func numbers3(_ v: JSONValue) -> [[[Double]]]? {
    guard case .array(let items) = v else { return nil }
    let xs = items.compactMap(numbers2)
    return xs.count == items.count ? xs : nil
  }
}
