/// A small SVG writer: shapes and text in user units, written as valid XML.
///
/// Numbers are written with at most two decimals (`12.5`, `-3`), which is finer than a
/// pixel at any sensible zoom; text is escaped for XML.
public struct SVGDocument: Sendable {
  /// The width in pixels.
  public let width: Double
  /// The height in pixels.
  public let height: Double
  private var elements: [String] = []

  /// Creates an empty drawing of `width` x `height` pixels.
  public init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  /// A straight line.
  public mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#000",
    width: Double = 1, dashed: Bool = false
  ) {
    elements.append(
      "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" "
        + "stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\""
        + (dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>")
  }

  /// A line through `points`, one `x,y` pair per point, with a class name for tests and
  /// style sheets.
  public mutating func polyline(
    _ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5, className: String,
    dashed: Bool = false
  ) {
    let list = points.map { "\(Self.n($0.x)),\(Self.n($0.y))" }.joined(separator: " ")
    elements.append(
      "<polyline class=\"\(Self.escape(className))\" points=\"\(list)\" fill=\"none\" "
        + "stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\""
        + (dashed ? " stroke-dasharray=\"6 3\"" : "") + "/>")
  }

  /// A rectangle.
  public mutating func rect(
    _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil
  ) {
    elements.append(
      "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(w))\" height=\"\(Self.n(h))\" "
        + "fill=\"\(fill)\"" + (stroke.map { " stroke=\"\($0)\"" } ?? "") + "/>")
  }

  /// A circle, with a class name.
  public mutating func circle(
    _ cx: Double, _ cy: Double, r: Double, fill: String, stroke: String = "#000",
    className: String
  ) {
    elements.append(
      "<circle class=\"\(Self.escape(className))\" cx=\"\(Self.n(cx))\" cy=\"\(Self.n(cy))\" "
        + "r=\"\(Self.n(r))\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>")
  }

  /// Where a text's anchor point lies within it.
  public enum Anchor: String, Sendable {
    /// The anchor is the text's start.
    case start
    /// The anchor is the text's middle.
    case middle
    /// The anchor is the text's end.
    case end
  }

  /// A line of text at (x, y), the baseline; `rotated` turns it a quarter to the left.
  public mutating func text(
    _ s: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
    rotated: Bool = false, bold: Bool = false
  ) {
    let turn = rotated ? " transform=\"rotate(-90 \(Self.n(x)) \(Self.n(y)))\"" : ""
    elements.append(
      "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" "
        + "text-anchor=\"\(anchor.rawValue)\"" + (bold ? " font-weight=\"bold\"" : "") + turn
        + ">" + Self.escape(s) + "</text>")
  }

  /// The document: an XML declaration, the `<svg>` element with its size and view box,
  /// a white background, the elements in the order drawn.
  public var xml: String {
    let (w, h) = (Self.n(width), Self.n(height))
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" "
      + "viewBox=\"0 0 \(w) \(h)\" font-family=\"sans-serif\">\n"
    out += "<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#fff\"/>\n"
    for e in elements { out += e + "\n" }
    return out + "</svg>\n"
  }

  /// A coordinate with at most two decimals, without trailing zeros.
  static func n(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let hundredths = (x * 100).rounded()
    if hundredths == 0 { return "0" }
    let whole = Int((abs(hundredths) / 100).rounded(.down))
    let fraction = Int(abs(hundredths)) % 100
    var text = (hundredths < 0 ? "-" : "") + String(whole)
    if fraction != 0 {
      text +=
        fraction % 10 == 0
        ? ".\(fraction / 10)" : (fraction < 10 ? ".0\(fraction)" : ".\(fraction)")
    }
    return text
  }

  /// `s` with `&`, `<`, `>` and `"` escaped.
  static func escape(_ s: String) -> String {
    var out = ""
    for c in s {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    return out
  }
}
