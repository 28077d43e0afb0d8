/// Emits the printing of a message that carries secrets. A field whose leading comment in the
/// `.proto` contains the marker `[secret]` (credentials, tokens, sign-in URLs) prints as
/// `<redacted>` in `description`, `debugDescription`, `dump` and mirrors, so a message logged or
/// interpolated by mistake leaks nothing. Messages without such fields keep Swift's printing.
struct RedactionEmitter {
    /// The marker a field's leading comment carries to be redacted.
    static let marker = "[secret]"

    var type: DeclaredType
    var fields: [FieldPlan]

    static func isSecret(_ field: FieldPlan) -> Bool {
        field.descriptor.comment.contains(marker)
    }

    func emit(into writer: inout SourceWriter) {
        guard fields.contains(where: Self.isSecret) else { return }
        let simpleName = String(type.swiftName.split(separator: ".").last ?? "")
        writer.line()
        writer.line("/// Prints `\(simpleName)` with its `\(Self.marker)` fields redacted.")
        writer.block("extension \(type.swiftName): CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable") { body in
            let parts = fields.map { field in
                Self.isSecret(field)
                    ? "\(field.property): <redacted>"
                    : "\(field.property): \\(String(reflecting: \(field.property)))"
            }
            body.line("public var description: String { \"\(simpleName)(\(parts.joined(separator: ", ")))\" }")
            body.line("public var debugDescription: String { description }")
            let children = fields.map { field in
                Self.isSecret(field)
                    ? "\"\(field.property)\": \"<redacted>\" as Any"
                    : "\"\(field.property)\": \(field.property) as Any"
            }
            body.line("public var customMirror: Mirror { Mirror(self, children: [\(children.joined(separator: ", "))]) }")
        }
    }
}
