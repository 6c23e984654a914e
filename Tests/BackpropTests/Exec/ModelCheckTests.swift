import XCTest

@testable import Backprop

/// A fake protocol-2 model answering in-process: loss = Σ_ij (A_ij − T_ij)² / 2 + Σ c_i³ / 3 over
/// a 3×3 tensor A and a 2-vector c, whose right gradients are A − T and c².
final class ModelCheckTests: XCTestCase {
  private struct Model {
    var a: [Double] = [0.3, -1.2, 0.5, 0.9, 0.1, -0.4, 2.0, 0.7, -0.6]
    let t: [Double] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    var c: [Double] = [0.5, -1.5]
    var gradientOfA: ([Double]) -> [Double] = { $0 }

    func loss() -> Double {
      zip(a, t).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / 2 }
        + c.reduce(0) { $0 + $1 * $1 * $1 / 3 }
    }

    static func nested(_ v: [Double]) -> JSONValue {
      .array((0..<3).map { r in .array((0..<3).map { .number(v[r * 3 + $0]) }) })
    }

    mutating func answer(_ request: JSONValue) -> JSONValue {
      switch request["op"] {
      case .string("parameters"):
        return .object([
          ("parameters", .object([("A", Model.nested(a)), ("c", .array(c.map { .number($0) }))]))
        ])
      case .string("gradient"):
        let right = zip(a, t).map { $0 - $1 }
        return .object([
          ("loss", .number(loss())),
          (
            "gradient",
            .object([
              ("A", Model.nested(gradientOfA(right))), ("c", .array(c.map { .number($0 * $0) })),
            ])
          ),
        ])
      default:
        // One entry, or a list of `changes` (a direction of the screen).
        var changes = [request]
        if case .array(let list) = request["changes"] { changes = list }
        var copy = self
        for change in changes {
          guard case .string(let name) = change["tensor"], case .array(let index) = change["index"],
            case .number(let value) = change["value"]
          else { return .object([("error", .string("bad request"))]) }
          let i = index.compactMap {
            if case .number(let x) = $0 { return Int(x) } else { return nil }
          }
          if name == "A" { copy.a[i[0] * 3 + i[1]] = value } else { copy.c[i[0]] = value }
        }
        return .object([("loss", .number(copy.loss()))])
      }
    }
  }

  private func check(
    _ gradientOfA: @escaping ([Double]) -> [Double], entries: Int? = nil, directions: Int? = nil
  ) throws -> ModelReport {
    var model = Model()
    model.gradientOfA = gradientOfA
    let options = ModelCheckOptions(entriesPerTensor: entries, directions: directions, seed: 3)
    return try ModelCheck.run(options: options) {
      (r: JSONValue) throws(ProgramFailure) -> JSONValue in model.answer(r)
    }
  }

  func testRightGradientsPassWithShapesPerTensor() throws {
    let report = try check { $0 }
    XCTAssertTrue(report.passed)
    XCTAssertEqual(report.tensors.map(\.name), ["A", "c"])
    XCTAssertEqual(report.tensors.map(\.shape), [[3, 3], [2]])
    XCTAssertEqual(report.checked, 11)
    XCTAssertEqual(report.requests, 2 + 2 * 11, "central differences: two losses per entry")
    XCTAssertEqual(report.tensors[1].entries[1].numeric, 2.25, accuracy: 1e-8, "c² at −1.5")
  }

  func testDiagnosesWithoutKnowingTheModel() throws {
    XCTAssertEqual(try check { $0.map { -$0 } }.tensors[0].diagnosis, .sign)
    guard case .scale(let factor) = try check({ $0.map { 0.5 * $0 } }).tensors[0].diagnosis else {
      return XCTFail("expected scale")
    }
    XCTAssertEqual(factor, 0.5, accuracy: 1e-6)
    let transposed = try check { g in (0..<9).map { g[($0 % 3) * 3 + $0 / 3] } }
    XCTAssertEqual(transposed.tensors[0].diagnosis, .transpose)
    XCTAssertNil(transposed.tensors[1].diagnosis, "c is right")
    let oneWrong = try check { g in
      var w = g
      w[5] += 1
      return w
    }
    XCTAssertEqual(oneWrong.tensors[0].diagnosis, .isolatedEntries([[1, 2]]))
    XCTAssertEqual(try check { g in g.map { $0 * $0 + 1 } }.tensors[0].diagnosis, .unknown)
  }

  func testEntriesSampleEachTensor() throws {
    let report = try check({ $0 }, entries: 2)
    XCTAssertEqual(report.tensors.map(\.checked), [2, 2])
    XCTAssertEqual(Set(report.tensors[0].entries.map(\.index)).count, 2)
  }

  func testDirectionsScreenAndLeadToTheWrongEntry() throws {
    let right = try check({ $0 }, directions: 6)
    XCTAssertTrue(right.passed)
    XCTAssertEqual(right.directional?.failedDirections, 0)
    XCTAssertEqual(right.checked, 0, "no failing direction, no entry to check")
    XCTAssertEqual(right.requests, 2 + 2 * 6)
    // 11 entries, 8 per direction: the wrong entry A[1,2] is in most directions.
    let wrong = try check(
      { g in
        var w = g
        w[5] += 1
        return w
      }, directions: 6)
    XCTAssertFalse(wrong.passed)
    XCTAssertGreaterThan(wrong.directional?.failedDirections ?? 0, 0)
    XCTAssertEqual(wrong.tensors[0].entries.filter { !$0.passed }.map(\.index), [[1, 2]])
    XCTAssertEqual(wrong.tensors[1].failures, 0)
  }

  func testProtocolErrorsNameTheirPath() {
    func failure(_ answer: @escaping (JSONValue) -> JSONValue) -> ProgramFailure? {
      do {
        _ = try ModelCheck.run(options: ModelCheckOptions()) {
          (r: JSONValue) throws(ProgramFailure) -> JSONValue in answer(r)
        }
        return nil
      } catch {
        return error
      }
    }
    let parameters = JSONValue.object([
      ("parameters", .object([("w", .array([.number(1), .number(2)]))]))
    ])
    func gradient(_ g: JSONValue, loss: Double = 1) -> (JSONValue) -> JSONValue {
      { r in
        r["op"] == .string("parameters")
          ? parameters : .object([("loss", .number(loss)), ("gradient", g)])
      }
    }
    XCTAssertEqual(
      failure(gradient(.object([("w", .array([.number(1)]))]))),
      .wrongShape(path: "gradient.w", message: "expected shape [2], found [1]"))
    XCTAssertEqual(
      failure(gradient(.object([("w", .array([.number(1), .number(.nan)]))]))),
      .nonFinite(path: "gradient.w[1]"))
    XCTAssertEqual(
      failure(gradient(.object([("w", .array([.number(1), .number(2)]))]), loss: .infinity)),
      .nonFinite(path: "loss"))
    XCTAssertEqual(
      failure { _ in .object([("error", .string("no such op"))]) }, .reportedError("no such op"))
    guard
      case .wrongShape(let path, _) = failure({ _ in
        .object([("parameters", .object([("w", .array([.array([.number(1)]), .number(2)]))]))])
      })
    else {
      return XCTFail("ragged arrays are a wrong shape")
    }
    XCTAssertEqual(path, "parameters.w[1]")
  }
}
