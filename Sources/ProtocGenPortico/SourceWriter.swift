/// Accumulates generated Swift source with indentation.
struct SourceWriter {
    private(set) var text = ""
    private var indentation = 0

    mutating func line(_ line: String = "") {
        text += line.isEmpty ? "\n" : String(repeating: "    ", count: indentation) + line + "\n"
    }

    /// `header {`, the body indented, `}`.
    mutating func block(_ header: String, _ body: (inout SourceWriter) throws -> Void) rethrows {
        line(header + " {")
        indentation += 1
        try body(&self)
        indentation -= 1
        line("}")
    }

    /// A `///` doc comment: the proto comment when there is one, otherwise `fallback`.
    mutating func docComment(_ comment: String, fallback: String) {
        let text = comment.isEmpty ? fallback : comment
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            self.line(line.isEmpty ? "///" : "/// \(line)")
        }
    }
}

extension String {
    /// The string as a Swift string literal.
    var swiftLiteral: String {
        var result = "\""
        for scalar in unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
