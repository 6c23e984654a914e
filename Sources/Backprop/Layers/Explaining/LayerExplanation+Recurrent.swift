import TextSupport

extension LayerExplanation {
  private typealias S = LayerSymbols

  /// The most units × steps whose gates and steps through time are printed.
  static let maximumStepsShown = 40

  /// The backward steps of a recurrent layer through time, or a note saying where they are
  /// when there are too many to print.
  func recurrentSteps(_ s: Step, _ w: inout LayerSectionWriter) {
    guard let g = s.outputGradient, let r = RecurrentBackward(s, outputGradient: g) else {
      return
    }
    let units = s.layer.outputShape.count
    let count = s.layer.inputShape.dimensions[0]
    guard units * count <= Self.maximumStepsShown else {
      w.note(
        "The \(count) steps through time of \(units) units are not printed here (at most "
          + "\(Self.maximumStepsShown) units × steps); --format json lists every step "
          + "(the layer's backwardSteps).")
      return
    }
    through(r, lstm: s.layer is LSTMLayer, &w)
  }

  /// h_1 … h_T of an Elman layer, one row per step.
  func states(_ rnn: RNNLayer, _ s: Step, _ w: inout LayerSectionWriter) {
    let h = rnn.states(s.inputValues, s.parameters)
    w.tensor(
      S.math("h_t", "h_{t}"), h.flatMap { $0 }, TensorShape([rnn.steps, rnn.units]),
      sequence: true)
  }

  /// The steps through time, last first.
  private func through(_ r: RecurrentBackward, lstm: Bool, _ w: inout LayerSectionWriter) {
    func v(_ x: [Double]) -> String {
      "[" + x.map { w.format.string($0) }.joined(separator: ",") + "]"
    }
    var text = [
      lstm
        ? "   Through time, last step first (∂C/∂c_t carries ⊙ f_t to step t − 1):"
        : "   Through time, last step first (∂C/∂h_t carries Whᵀ δ_t to step t − 1):"
    ]
    var rows: [[MathText]] = []
    var gateRows: [[MathText]] = []
    for step in r.steps {
      if lstm {
        text += w.wrap(
          "t=\(step.t): ∂C/∂h=\(v(step.hidden)) ∂C/∂c=\(v(step.cell)) f=\(v(step.forget))",
          prefix: "     ", indent: 10)
        text += w.wrap(
          "δi=\(v(step.deltas[0])) δf=\(v(step.deltas[1])) δg=\(v(step.deltas[2])) "
            + "δo=\(v(step.deltas[3])) ∂C/∂x_t=\(v(step.input))", prefix: "          ", indent: 10)
        rows.append([
          .plain("\(step.t)"), w.vector(step.hidden), w.vector(step.cell), w.vector(step.forget),
        ])
        gateRows.append([.plain("\(step.t)")] + step.deltas.map(w.vector) + [w.vector(step.input)])
      } else {
        text += w.wrap(
          "t=\(step.t): ∂C/∂h=\(v(step.hidden)) δ=\(v(step.deltas[0])) ∂C/∂x_t=\(v(step.input))",
          prefix: "     ", indent: 10)
        rows.append([
          .plain("\(step.t)"), w.vector(step.hidden), w.vector(step.deltas[0]),
          w.vector(step.input),
        ])
      }
    }
    let (dh, dc, dx) = (
      S.gradient(S.math("h_t", "h_{t}")), S.gradient(S.math("c_t", "c_{t}")),
      S.gradient(S.math("x_t", "x_{t}"))
    )
    let header: [MathText] =
      lstm
      ? [.plain("t"), dh, dc, S.math("f_t", "f_{t}")]
      : [.plain("t"), dh, S.math("δ_t", "\\delta_{t}"), dx]
    w.table(text: text, header: header.map(DerivationInline.math), rows: rows)
    if lstm {
      let gateHeader: [MathText] =
        [.plain("t")] + ["i", "f", "g", "o"].map { S.math("δ\($0)_t", "\\delta^{\($0)}_{t}") } + [
          dx
        ]
      w.table(text: [], header: gateHeader.map(DerivationInline.math), rows: gateRows)
    }
  }

  /// The LSTM's gates and states step by step (for small layers).
  func gates(_ lstm: LSTMLayer, _ s: Step, _ w: inout LayerSectionWriter) {
    guard lstm.units * lstm.steps <= Self.maximumStepsShown else {
      w.note(
        "The gates and states of the \(lstm.steps) steps of \(lstm.units) units are not "
          + "printed here (at most \(Self.maximumStepsShown) units × steps); --format json lists "
          + "every step (the layer's forwardSteps).")
      return
    }
    let run = lstm.run(s.inputValues, s.parameters)
    var text = ["   Gates and states by step:"]
    var rows: [[MathText]] = []
    for (t, step) in run.enumerated() {
      let parts = zip(["i", "f", "g", "o"], step.gates).map { name, v in
        "\(name)=[" + v.map { w.format.string($0) }.joined(separator: ",") + "]"
      }
      text += w.wrap(
        "t=\(t + 1): " + parts.joined(separator: " ") + " c=["
          + step.c.map { w.format.string($0) }.joined(separator: ",") + "] h=["
          + step.h.map { w.format.string($0) }.joined(separator: ",") + "]", prefix: "     ",
        indent: 10)
      rows.append(
        [.plain("\(t + 1)")] + step.gates.map(w.vector) + [w.vector(step.c), w.vector(step.h)])
    }
    w.table(
      text: text,
      header: ["i", "f", "g", "o", "c", "h"].reduce([.math(.plain("t"))]) {
        $0 + [.math(S.math($1 + "_t", $1 + "_{t}"))]
      },
      rows: rows)
  }
}
