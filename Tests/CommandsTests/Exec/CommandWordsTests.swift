import ProgramRunner
import XCTest

final class CommandWordsTests: XCTestCase {
  func testSplitsLikeAShell() throws {
    XCTAssertEqual(
      try CommandWords.split("python3  my_backprop.py"), ["python3", "my_backprop.py"])
    XCTAssertEqual(
      try CommandWords.split(#"sh -c 'echo "$HOME" | cat'"#), ["sh", "-c", #"echo "$HOME" | cat"#])
    XCTAssertEqual(
      try CommandWords.split(#"a "b c" d\ e "f\"g" 'h\i'"#), ["a", "b c", "d e", "f\"g", "h\\i"])
    XCTAssertEqual(try CommandWords.split(#"x"y"'z' """#), ["xyz", ""])
  }

  func testRejectsWhatAShellWouldNotRun() {
    XCTAssertThrowsError(try CommandWords.split("a 'b")) {
      XCTAssertEqual($0 as? CommandWords.SplitError, .unterminatedQuote("'"))
    }
    XCTAssertThrowsError(try CommandWords.split("a \"b")) {
      XCTAssertEqual($0 as? CommandWords.SplitError, .unterminatedQuote("\""))
    }
    XCTAssertThrowsError(try CommandWords.split("a \\")) {
      XCTAssertEqual($0 as? CommandWords.SplitError, .trailingBackslash)
    }
    XCTAssertThrowsError(try CommandWords.split("  ")) {
      XCTAssertEqual($0 as? CommandWords.SplitError, .empty)
    }
  }
}
