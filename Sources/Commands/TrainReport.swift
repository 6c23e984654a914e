import Backprop
import CommandLineSupport
import Foundation
import TextSupport

/// The words and numbers `nn-train` prints: a header, the cost table and the outcome, as
/// text or JSON, and the plots' labels.
struct TrainReport {
  let request: TrainRequest
  let data: TrainingData
  let run: TrainingRun

  /// A cost as printed: 9 significant digits, as the classic example publishes its errors.
  static func number(_ x: Double) -> String {
    x.isFinite ? String(format: "%.9g", x) : (x.isNaN ? "NaN" : (x > 0 ? "inf" : "-inf"))
  }

  var layersText: String { data.network.sizes.map(String.init).joined(separator: "-") }

  /// Header, table of the recorded epochs, final line.
  var text: String {
    Self.header(request: request, data: data)
      + run.history.map { Self.historyLine($0, data: data) }.joined() + footer
  }

  /// The lines before the history: network, data, optimizer, and the table's heading.
  static func header(request: TrainRequest, data: TrainingData) -> String {
    let net = data.network
    let acts = net.activations.map(\.name)
    let actText = Set(acts).count == 1 ? acts[0] : acts.joined(separator: ", ")
    let layers = net.sizes.map(String.init).joined(separator: "-")
    var header =
      "Network \(layers) (\(actText), \(net.cost.name) cost), "
      + "\(plural(data.training.count, "training sample")) from \(data.name)"
    if !data.validation.isEmpty { header += ", \(data.validation.count) to validate" }
    var setup =
      "\(request.optimizerDescription), \(request.batchingDescription), "
      + "\(request.options.updateOrder.rawValue) order"
    if request.options.freezeBiases { setup += ", biases frozen" }
    setup += ", \(plural(request.options.epochs, "epoch"))."
    var lines = WordWrap.lines(header + ".", width: 80) + WordWrap.lines(setup, width: 80)
    lines.append("")
    lines.append(
      data.validation.isEmpty
        ? "    epoch  cost" : "    epoch  cost            validation cost  wrong")
    return lines.joined(separator: "\n") + "\n"
  }

  /// One row of the history table, with its newline.
  static func historyLine(_ r: TrainingRecord, data: TrainingData) -> String {
    var line = String(r.epoch).columnLeftPadded(9) + "  " + number(r.cost).columnPadded(16)
    if let v = r.validationCost, let w = r.validationWrong {
      line += number(v).columnPadded(17) + "\(w)/\(data.validation.count)"
    }
    return line.trailingSpacesRemoved + "\n"
  }

  /// The lines after the history: the outcome.
  var footer: String {
    var lines = [""]
    switch run.outcome {
    case .finished:
      let wrong = run.network.wrongPredictions(on: data.training)
      lines += WordWrap.lines(
        "Cost \(Self.number(run.history.first?.cost ?? .nan)) → \(Self.number(run.finalCost)) "
          + "after \(Self.plural(request.options.epochs, "epoch")); \(wrong) of "
          + "\(Self.plural(data.training.count, "training sample")) answered wrong.", width: 80)
    case .diverged(let epoch, _):
      lines.append("Diverged at epoch \(epoch).")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The notes for stderr about a run that saturated, one `Note: …` paragraph each.
  var concernNotes: String {
    run.concerns.map { concern in
      let text: String
      switch concern {
      case .parametersBeyondBound(let largest, let bound):
        text =
          "a weight or bias reached \(Self.number(largest)), beyond \(Self.number(bound)): "
          + "the units are saturated and their gradients vanish; try a smaller --learning-rate"
      case .stalled(let cost, let gradient, let bound):
        text =
          "the cost stopped changing at \(Self.number(cost)) while every gradient is below "
          + "\(Self.number(bound)) (largest \(Self.number(gradient))): the units are "
          + "saturated; try a smaller --learning-rate or another --seed"
      }
      return WordWrap.lines("Note: " + text, width: 80, prefix: "", indent: 2)
        .joined(separator: "\n") + "\n"
    }.joined()
  }

  /// The whole run as JSON: setup, history, outcome, trained weights and biases.
  var json: JSONValue {
    let o = request.options
    var members: [(String, JSONValue)] = [
      ("layers", .array(data.network.sizes.map { .number(Double($0)) })),
      ("data", .string(data.name)),
      ("trainingSamples", .number(Double(data.training.count))),
      ("validationSamples", .number(Double(data.validation.count))),
      ("optimizer", .string(request.optimizerName.rawValue)),
    ]
    switch o.optimizer {
    case .gradientDescent: members.append(("learningRate", .number(o.learningRate)))
    case .momentum(let mu):
      members += [("learningRate", .number(o.learningRate)), ("momentum", .number(mu))]
    case .rprop(let p): members.append(("rpropVariant", .string(p.variant.rawValue)))
    }
    switch o.batching {
    case .full: members.append(("batching", .string("full")))
    case .online: members.append(("batching", .string("online")))
    case .miniBatch(let n):
      members += [("batching", .string("mini-batch")), ("batchSize", .number(Double(n)))]
    }
    members += [
      ("updateOrder", .string(o.updateOrder.rawValue)), ("freezeBiases", .bool(o.freezeBiases)),
      ("epochs", .number(Double(o.epochs))), ("seed", .number(Double(request.seed))),
      ("history", .array(run.history.map(Self.recordJSON))),
    ]
    switch run.outcome {
    case .finished: members.append(("outcome", .string("finished")))
    case .diverged(let epoch, _):
      members += [("outcome", .string("diverged")), ("divergedAtEpoch", .number(Double(epoch)))]
    }
    members += [
      ("cost", .number(run.finalCost)),
      ("weights", GradientFile.matricesJSON(run.network.weights)),
      ("biases", .array(run.network.biases.map(GradientFile.numbersJSON))),
    ]
    return .object(members)
  }

  static func plural(_ n: Int, _ word: String) -> String {
    "\(n) \(word)" + (n == 1 ? "" : "s")
  }

  static func recordJSON(_ r: TrainingRecord) -> JSONValue {
    var m: [(String, JSONValue)] = [("epoch", .number(Double(r.epoch))), ("cost", .number(r.cost))]
    if let v = r.validationCost { m.append(("validationCost", .number(v))) }
    if let w = r.validationWrong { m.append(("validationWrong", .number(Double(w)))) }
    return .object(m)
  }

  var costCurveLabels: PlotLabels {
    PlotLabels(
      title: "Cost of \(layersText) on \(data.name)", x: "epoch", y: "mean cost (log scale)",
      series: ["training", "validation"])
  }

  /// The boundary plot's words; its series name the classes as `PredictionRule` reads
  /// them for this data: `output k largest` for one-hot targets, otherwise the pattern
  /// of outputs ≥ 0.5 (`outputs 10`), or `output ≥ 0.5` and `output < 0.5` for one.
  var boundaryLabels: PlotLabels {
    let outputs = data.network.sizes[data.network.sizes.count - 1]
    let names: [String]
    switch PredictionRule.reading(for: data.all.map(\.target)) {
    case .largestOutput: names = (1...outputs).map { "output \($0) largest" }
    case .thresholded where outputs == 1: names = ["output < 0.5", "output ≥ 0.5"]
    case .thresholded:
      names = (0..<(1 << min(outputs, 8))).map { k in
        "outputs "
          + (0..<outputs).map { i in (k >> (outputs - 1 - i)) & 1 == 1 ? "1" : "0" }
          .joined()
      }
    }
    return PlotLabels(
      title: "Decision regions of \(layersText) after \(request.options.epochs) epochs",
      x: "input 1", y: "input 2", series: names)
  }
}

extension String {
  fileprivate func columnPadded(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
  fileprivate func columnLeftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
  fileprivate var trailingSpacesRemoved: String {
    var s = self
    while s.hasSuffix(" ") { s.removeLast() }
    return s
  }
}
