/// A file of samples: `{"samples": [{"input": […], "target": […]}, …]}`.
///
/// A network file is a samples file too: its other members (`layers`, `activations`,
/// `cost`, `weights`, `biases`) are allowed and ignored. Every sample must have as many
/// inputs and targets as the first.
public enum SampleFile {
  /// Reads the samples of a JSON document.
  /// - Throws: `NetworkError` with the JSON path of the first problem.
  public static func read(json text: String) throws(NetworkError) -> [Sample] {
    let root = try FileReader.parse(text)
    let r = FileReader(root, "")
    try r.expectObject(
      keys: ["samples", "layers", "activations", "cost", "weights", "biases"],
      required: ["samples"])
    let items = try r.member("samples").array()
    guard !items.isEmpty else {
      throw NetworkError(field: "samples", message: "expected at least one sample, found none")
    }
    var samples: [Sample] = []
    for item in items {
      try item.expectObject(keys: ["input", "target"], required: ["input", "target"])
      let inputField = try item.member("input")
      let targetField = try item.member("target")
      var inputs = try inputField.array().count
      var targets = try targetField.array().count
      if let first = samples.first { (inputs, targets) = (first.input.count, first.target.count) }
      guard inputs > 0 else {
        throw NetworkError(field: inputField.path, message: "expected at least one number")
      }
      guard targets > 0 else {
        throw NetworkError(field: targetField.path, message: "expected at least one number")
      }
      let input = try inputField.numbers(count: inputs, what: "numbers (as in samples[0])")
      let target = try targetField.numbers(count: targets, what: "numbers (as in samples[0])")
      samples.append(Sample(input: input, target: target))
    }
    return samples
  }

  /// Reads the samples file at `path`.
  /// - Throws: `FileError.unreadable` when it cannot be read, `.invalid` otherwise.
  public static func read(contentsOf path: String) throws(FileError) -> [Sample] {
    let text = try FileError.read(path)
    do {
      return try read(json: text)
    } catch {
      throw .invalid(path: path, error)
    }
  }
}
