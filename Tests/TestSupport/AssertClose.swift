import Backprop
import XCTest

/// Fails unless |actual − expected| ≤ atol + rtol · |expected|.
///
/// NaN always fails.
public func assertClose(
  _ actual: Double, _ expected: Double, rtol: Double, atol: Double,
  _ label: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
  let error = abs(actual - expected)
  let tolerance = atol + rtol * abs(expected)
  XCTAssertTrue(
    error <= tolerance,
    "\(label()): actual \(actual), expected \(expected), |diff| \(error) > \(tolerance) "
      + "(rtol \(rtol), atol \(atol))", file: file, line: line)
}

/// `assertClose` entry by entry, after checking the lengths.
public func assertClose(
  _ actual: [Double], _ expected: [Double], rtol: Double, atol: Double,
  _ label: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
  guard actual.count == expected.count else {
    XCTFail(
      "\(label()): \(actual.count) entries, expected \(expected.count)", file: file, line: line)
    return
  }
  for (i, (x, y)) in zip(actual, expected).enumerated() {
    assertClose(x, y, rtol: rtol, atol: atol, "\(label())[\(i)]", file: file, line: line)
  }
}

/// `assertClose` on two matrices of the same shape.
public func assertClose(
  _ actual: Matrix, _ expected: Matrix, rtol: Double, atol: Double,
  _ label: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
  guard actual.rows == expected.rows, actual.columns == expected.columns else {
    XCTFail(
      "\(label()): shape \(actual.rows)x\(actual.columns), "
        + "expected \(expected.rows)x\(expected.columns)", file: file, line: line)
    return
  }
  for i in 0..<actual.rows {
    for j in 0..<actual.columns {
      assertClose(
        actual[i, j], expected[i, j], rtol: rtol, atol: atol, "\(label())[\(i),\(j)]",
        file: file, line: line)
    }
  }
}
