import Commands
import Foundation
import TestSupport
import XCTest

@testable import Backprop

/// `nn-explain --mistake NAME --update η`: the update section shows the step the buggy
/// program takes, θ⁺ = θ − η g with its own gradients g, marked where it differs from the
/// correct step, both checked against the plain mistaken implementation.
final class ExplainMistakenUpdateTests: ExplainCommandTestCase {
  /// The matrices of the update display whose first formula is `label`.
  func updateDisplay(_ d: Derivation, _ label: String) throws -> DerivationMatrices {
    let blocks = try XCTUnwrap(d.sections.first { $0.title == "Update" }).blocks
    for case .matrices(let m) in blocks {
      if case .math(let first) = m.items[0],
        first.unicode.trimmingCharacters(in: .whitespaces) == label
      {
        return m
      }
    }
    throw XCTSkip("no display \(label) in the update")
  }

  /// The matrix at `item` of `m` and its marks (all false when unmarked).
  func matrix(_ m: DerivationMatrices, _ item: Int) throws -> (Matrix, [Bool]) {
    guard case .matrix(let x) = m.items[item] else { throw XCTSkip("item \(item)") }
    return (x, m.marks[item] ?? Array(repeating: false, count: x.storage.count))
  }

  /// θ − η g of the plain implementation, per layer (rows of W, b).
  func plainStep(
    _ plain: PlainMistakenBackprop, _ g: (w: [[[Double]]], b: [[Double]]), _ eta: Double
  )
    -> (w: [[[Double]]], b: [[Double]])
  {
    let w = zip(plain.w, g.w).map { zip($0, $1).map { zip($0, $1).map { $0 - eta * $1 } } }
    let b = zip(plain.b, g.b).map { zip($0, $1).map { $0 - eta * $1 } }
    return (w, b)
  }

  /// The mean quadratic cost over `samples` of `network` with the plain parameters `p`,
  /// by the plain forward pass.
  func plainCost(_ network: Network, _ p: (w: [[[Double]]], b: [[Double]]), _ samples: [Sample])
    -> Double
  {
    var net = network
    for l in 1...net.depth { net.weights[l - 1].storage = p.w[l - 1].flatMap { $0 } }
    net.biases = p.b
    let plain = PlainMistakenBackprop(net)
    let total = samples.reduce(0.0) { sum, s in
      let a = plain.forward(s.input).a.last ?? []
      return sum + 0.5 * zip(a, s.target).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }
    return total / Double(samples.count)
  }

  func close(_ x: Double, _ y: Double) -> Bool { !differ(x, y) }

  func checkStep(_ mistake: InjectedMistake, samples sampleCount: Int) throws {
    let eta = 0.5
    let file = try NetworkFile.random(
      RandomNetworkSpec(sizes: [2, 2, 2], sampleCount: sampleCount))
    var options = ExplainOptions(numberFormat: NumberFormat(digits: 17))
    options.mistake = mistake
    options.update = ExplainUpdate(learningRate: eta)
    let d = try Derivation.explain(file.network, samples: file.samples, options: options)
    let plain = PlainMistakenBackprop(file.network)
    let name = mistake.rawValue
    let rightG = plain.gradients(file.samples, nil)
    let wrongG = plain.gradients(file.samples, name)
    let right = plainStep(plain, rightG, eta)
    let wrong = plainStep(plain, wrongG, eta)
    let step = try XCTUnwrap(d.data.update, name)
    var marked = 0
    for l in [1, 2] {
      let sup = ["", "¹", "²"][l]
      let w = try updateDisplay(d, "W\(sup)⁺ =")
      let (gw, gwMarks) = try matrix(w, 3)
      let (after, afterMarks) = try matrix(w, 5)
      let flat = { (m: [[Double]]) in m.flatMap { $0 } }
      XCTAssertTrue(zip(gw.storage, flat(wrongG.w[l - 1])).allSatisfy(close), "\(name) g W\(l)")
      XCTAssertTrue(zip(after.storage, flat(wrong.w[l - 1])).allSatisfy(close), "\(name) W\(l)⁺")
      XCTAssertTrue(
        zip(step.after.weight(l).storage, flat(wrong.w[l - 1])).allSatisfy(close), name)
      XCTAssertEqual(gwMarks, zip(flat(rightG.w[l - 1]), flat(wrongG.w[l - 1])).map(differ), name)
      XCTAssertEqual(afterMarks, zip(flat(right.w[l - 1]), flat(wrong.w[l - 1])).map(differ), name)
      let b = try updateDisplay(d, "b\(sup)⁺ =")
      let (bAfter, bMarks) = try matrix(b, 5)
      XCTAssertTrue(zip(bAfter.storage, wrong.b[l - 1]).allSatisfy(close), "\(name) b\(l)⁺")
      XCTAssertEqual(bMarks, zip(right.b[l - 1], wrong.b[l - 1]).map(differ), name)
      marked += (afterMarks + bMarks).filter { $0 }.count
    }
    XCTAssertGreaterThan(marked, 0, name)
    let wrongCost = plainCost(file.network, wrong, file.samples)
    XCTAssertTrue(close(step.costAfter, wrongCost), name)
    let note = try XCTUnwrap(
      d.sections.first { $0.title == "Update" }?.blocks.compactMap { b -> String? in
        guard case .note(let inlines) = b else { return nil }
        return inlines.map {
          switch $0 {
          case .text(let t): return t
          case .math(let m): return m.unicode
          }
        }.joined()
      }.first { $0.contains("buggy program") }, name)
    let rightCost = plainCost(file.network, right, file.samples)
    // "… would reach C̄⁺ = <right> instead of <wrong>."
    let parts = note.components(separatedBy: " instead of ")
    let printedRight = Double(parts[0].components(separatedBy: "= ").last ?? "")
    let printedWrong = Double(parts.last?.dropLast() ?? "")
    XCTAssertTrue(close(try XCTUnwrap(printedRight, note), rightCost), note)
    XCTAssertTrue(close(try XCTUnwrap(printedWrong, note), wrongCost), note)
  }

  func testTheCommandRefusesTheSequentialOrderAndReportsTheMistakenStepInJSON() throws {
    let refused = run([
      "--layers", "2,2,2", "--mistake", "sign", "--update", "0.5", "--update-order", "sequential",
    ])
    XCTAssertEqual(refused.status, 64)
    XCTAssertTrue(refused.err.contains("--update-order parallel"), refused.err)
    let r = run(["--layers", "2,2,2", "--mistake", "sign", "--update", "0.5", "--format", "json"])
    XCTAssertEqual(r.status, 1, r.err)  // the check fails, as with any mistake
    let json = try JSONValue.parse(r.out)
    let file = try NetworkFile.random(RandomNetworkSpec(sizes: [2, 2, 2], sampleCount: 1))
    let plain = PlainMistakenBackprop(file.network)
    let wrong = plainStep(plain, plain.gradients(file.samples, "sign"), 0.5)
    guard case .array(let layers)? = json["update"]?["weights"] else {
      return XCTFail(r.out)
    }
    for (l, layer) in layers.enumerated() {
      guard case .array(let rows) = layer else { return XCTFail("layer \(l)") }
      for (j, row) in rows.enumerated() {
        guard case .array(let entries) = row else { return XCTFail("row \(j)") }
        for (k, entry) in entries.enumerated() {
          guard case .number(let x) = entry else { return XCTFail("entry \(k)") }
          XCTAssertTrue(close(x, wrong.w[l][j][k]), "W\(l + 1)[\(j),\(k)]")
        }
      }
    }
    let text = run(["--layers", "2,2,2", "--mistake", "sign", "--update", "0.5"]).out
    XCTAssertTrue(text.contains("shows the step the buggy program"), text)
    for line in text.split(separator: "\n") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
  }

  func testTheUpdateIsTheMistakenProgramsStepMarkedWhereItDiffers() throws {
    for mistake in InjectedMistake.allCases {
      if mistake != .sumInsteadOfMean { try checkStep(mistake, samples: 1) }
      try checkStep(mistake, samples: 3)
    }
  }
}
