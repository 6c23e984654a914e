import Foundation
import XCTest

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses an SVG with Foundation's XMLParser and keeps every element's attributes.
public final class SVGInspector: NSObject, XMLParserDelegate {
  /// Every element, in document order, with its attributes.
  public private(set) var elements: [(name: String, attributes: [String: String])] = []
  /// The contents of every `text` element.
  public private(set) var texts: [String] = []
  private var text = ""

  /// Parses `svg`; fails the test when it is not well-formed XML.
  public init(_ svg: String, file: StaticString = #filePath, line: UInt = #line) {
    super.init()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = self
    XCTAssertTrue(
      parser.parse(), "not valid XML: \(String(describing: parser.parserError))", file: file,
      line: line)
  }

  /// Records an element.
  public func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    elements.append((name, attributes))
    text = ""
  }

  /// Records text.
  public func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

  /// Ends an element.
  public func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
    qualifiedName: String?
  ) {
    if name == "text" { texts.append(text) }
  }

  /// The elements called `name` with class `className` (any class when nil).
  public func all(_ name: String, className: String? = nil) -> [[String: String]] {
    elements.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
      .map(\.attributes)
  }

  /// The points of a polyline's `points` attribute.
  public static func points(_ attributes: [String: String]) -> [(Double, Double)] {
    (attributes["points"] ?? "").split(separator: " ").compactMap { pair in
      let xy = pair.split(separator: ",").compactMap { Double($0) }
      return xy.count == 2 ? (xy[0], xy[1]) : nil
    }
  }
}
